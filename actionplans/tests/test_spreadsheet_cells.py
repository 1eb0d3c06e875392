"""Cells are kept as written: only the Action and Output columns carry numbering.

Text that starts like a number ("1.9.1 Develop ...", "b. ...", "2) ...") in any other column is a
cross-reference or the writer's own wording, so it is kept exactly, on import and on re-import
of an export. Also the sample files still read to the counts their README promises.
"""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from actionplans.models import Action, ActionPlan, Contributor, ExpectedAchievement, Output
from actionplans.spreadsheets import export
from actionplans.spreadsheets.save import StaffLookup, import_plan, read_plan
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    PriorityFactory,
    RiskFactory,
)

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
NO_STAFF = StaffLookup([])
TODAY = datetime.date(2026, 2, 1)

HEADER = [
    "Area of Focus",
    "Action",
    "Output",
    "Responsibility",
    "Timeframe",
    "Milestones",
    "Resources / Cost",
    "Risk",
    "Progress to date",
    "Essential input required from",
    "Achievements",
]
# One row whose every column (but Area of Focus, Action and Output) starts like a number.
NUMBERED = {
    "Responsibility": "b. Home Managers",
    "Timeframe": "1.9.1 first, then ongoing",
    "Milestones": "1.9.1 Develop the framework\nb. Agree it with homes\n2) Publish",
    "Resources / Cost": "1.2 FTE trainer time",
    "Risk": "1.9.1 Develop the framework is late\na) Rota gaps",
    "Progress to date": "1.1.2 finished first; 3. survey sent",
    "Essential input required from": "1. HR team\nb. Careers lead",
    "Achievements": "1.9.1 Develop the framework\n12 Link Trainers in post",
}


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def numbered_plan() -> bytes:
    first = ["1.1 Capacity", "1.1.1 Map cover", "a. Cover map shared"] + [NUMBERED[c] for c in HEADER[3:]]
    # An action row without outputs carries the same cells itself.
    second = ["", "1.1.2 Recruit trainers", ""] + [NUMBERED[c] for c in HEADER[3:]]
    return xlsx([["Cells plan 2025-28"], ["Priority 1. Grow"], HEADER, first, second])


def assert_kept_as_written(plan: ActionPlan) -> None:
    actions = {action.number: action for action in plan.actions.all()}
    assert set(actions) == {"1.1.1", "1.1.2"}  # the Action column's numbering is read
    output = Output.objects.get(action__plan=plan)
    assert (output.letter, output.description) == ("a", "Cover map shared")  # and the Output's
    for carrier, action in [(output, actions["1.1.1"]), (actions["1.1.2"], actions["1.1.2"])]:
        own = {"output": carrier} if isinstance(carrier, Output) else {"output": None}
        assert carrier.responsibility == "b. Home Managers"
        assert carrier.timeframe == "1.9.1 first, then ongoing"
        assert carrier.resources == "1.2 FTE trainer time"
        assert list(action.milestones.filter(**own).values_list("description", flat=True)) == [
            "1.9.1 Develop the framework",
            "b. Agree it with homes",
            "2) Publish",
        ]
        assert list(action.risks.filter(**own).values_list("description", flat=True)) == [
            "1.9.1 Develop the framework is late",
            "a) Rota gaps",
        ]
        progress = action.progress_updates.filter(**own).get()
        assert progress.note == "1.1.2 finished first; 3. survey sent"
    for action in actions.values():
        assert list(action.contributors.values_list("name", flat=True)) == ["1. HR team", "b. Careers lead"]
        assert list(action.achievements.values_list("description", flat=True)) == [
            "1.9.1 Develop the framework",
            "12 Link Trainers in post",
        ]
    # A "1.9.1" in another column is not a dependency either: only the action's text says that.
    assert not Action.dependencies.through.objects.exists()


def test_every_column_but_action_and_output_keeps_its_text_as_written(db):
    parsed = read_plan(numbered_plan(), "cells.xlsx", staff_lookup=NO_STAFF)

    assert parsed.errors == []
    assert_kept_as_written(import_plan(parsed, today=TODAY))


@pytest.mark.parametrize("writer", [export.plan_xlsx, export.plan_csv])
def test_reimporting_an_export_keeps_every_column_as_written(db, writer):
    original = import_plan(read_plan(numbered_plan(), "cells.xlsx", staff_lookup=NO_STAFF), today=TODAY)
    name = "export.xlsx" if writer is export.plan_xlsx else "export.csv"

    parsed = read_plan(writer(original), name, staff_lookup=NO_STAFF)

    assert parsed.errors == []
    assert_kept_as_written(import_plan(parsed, today=TODAY))


def test_a_themes_plan_keeps_numbered_contributors_and_achievements(db):
    rows = [
        ["Support Workforce Plan 2025-2028"],
        ["Start here"],
        ["The Group will...", "Essential input required from", "Achievements by 2028 will include"],
        ["1.2 run taster days", "1.9.1 Careers lead\n2) Home Managers", "b. Five students in paid roles"],
    ]
    plan = import_plan(read_plan(xlsx(rows), "b.xlsx", staff_lookup=NO_STAFF))
    action = plan.actions.get()
    assert (action.number, action.description) == ("1.2", "run taster days")
    assert list(action.contributors.values_list("name", flat=True)) == [
        "1.9.1 Careers lead",
        "2) Home Managers",
    ]
    assert list(action.achievements.values_list("description", flat=True)) == [
        "b. Five students in paid roles"
    ]


@pytest.mark.parametrize("writer", [export.plan_xlsx, export.plan_csv])
def test_items_that_look_like_bullets_or_span_lines_come_back_whole(db, writer):
    """Written in the app, not typed in a sheet: the export bullets such a list so that reading
    it back neither drops the item's leading dash nor splits it."""
    plan = ActionPlanFactory(title="Built in the app 2025-28")
    priority = PriorityFactory(plan=plan, number="1", title="Grow", position=0)
    action = ActionFactory(plan=plan, priority=priority, focus_area=None, number="1.1.1", description="Map")
    for position, text in enumerate(["- to confirm with HR", "1.9.1 Develop the framework", "Rota gaps"]):
        RiskFactory(action=action, description=text, position=position)
    MilestoneFactory(action=action, description="* Bank staff only")
    name = "export.xlsx" if writer is export.plan_xlsx else "export.csv"

    again = import_plan(read_plan(writer(plan), name, staff_lookup=NO_STAFF))

    action = again.actions.get()
    assert list(action.risks.values_list("description", flat=True)) == [
        "- to confirm with HR",
        "1.9.1 Develop the framework",
        "Rota gaps",
    ]
    assert list(action.milestones.values_list("description", flat=True)) == ["* Bank staff only"]


# --- The samples still read as their README says -------------------------------------------------------


def sample(name: str) -> Path:
    return FIXTURES / name


@pytest.mark.skipif(not SHARED_SAMPLES.is_dir(), reason="the shared samples are not on this machine")
@pytest.mark.parametrize(
    "name", ["action_plan_layout_a.xlsx", "action_plan_layout_a.csv", "action_plan_layout_b.xlsx"]
)
def test_the_fixtures_are_the_shared_samples(name):
    assert (FIXTURES / name).read_bytes() == (SHARED_SAMPLES / name).read_bytes()


@pytest.mark.parametrize("name", ["action_plan_layout_a.xlsx", "action_plan_layout_a.csv"])
def test_layout_a_sample_holds_the_readme_counts(db, name):
    parsed = read_plan(sample(name), name, staff_lookup=NO_STAFF)
    counts = parsed.counts()

    # 3 priorities, 5 areas of focus, 6 actions, 9 outputs.
    assert (counts["priorities"], counts["focus areas"], counts["actions"], counts["outputs"]) == (3, 5, 6, 9)
    # Milestones and risks split per line (the "As above" output gets the two above it).
    assert counts["milestones"] == 16 and counts["risks"] == 8
    assert [o.milestones for o in parsed.outputs if o.letter == "b" and "95%" in o.description] == [
        ["Monthly compliance report to homes", "Targeted sessions in low-compliance homes"]
    ]
    cover = next(o for o in parsed.outputs if o.description.startswith("No home without trainer cover"))
    assert [owner.written for owner in cover.owners] == ["PK", "RT"]  # "PK/RT" is two owners
    timeframes = {o.timeframe: o.due_date for o in parsed.outputs}
    assert timeframes["ongoing"] is None and timeframes["Quarterly"] is None
    assert timeframes["Within 6 weeks of appointment"] is None
    assert [o.cost_amount for o in parsed.outputs if o.resources == "£4,800 backfill"] == [4800]
    # Every item is kept as written: nothing in these cells was taken for numbering.
    assert "Survey sent to homes" in parsed.outputs[0].milestones


def test_layout_b_sample_holds_the_readme_counts(db):
    parsed = read_plan(sample("action_plan_layout_b.xlsx"), "b.xlsx", staff_lookup=NO_STAFF)
    counts = parsed.counts()

    assert parsed.layout == ActionPlan.Layout.THEMES
    assert (counts["priorities"], counts["actions"], counts["outputs"]) == (3, 4, 0)
    # Contributors and achievements split per line.
    assert (counts["contributors"], counts["achievements"]) == (9, 7)
    plan = import_plan(parsed)
    assert Contributor.objects.filter(action__plan=plan).count() == 9
    assert ExpectedAchievement.objects.filter(action__plan=plan).count() == 7
