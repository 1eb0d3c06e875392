"""Exporting a plan to XLSX and CSV: the layout, Excel safety, query counts and the round trip."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionplans.models import Action, ActionPlan, Contributor, ExpectedAchievement, Output, Priority
from actionplans.spreadsheets import export
from actionplans.spreadsheets.owners import every_proposal
from actionplans.spreadsheets.save import StaffLookup, import_plan, read_plan
from actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FocusAreaFactory,
    MilestoneFactory,
    OutputFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    RiskFactory,
)
from workforce.tests.factories import StaffMemberFactory

FIXTURES = Path(__file__).parent / "fixtures"
NO_STAFF = StaffLookup([])


def commitment(obj) -> tuple:
    return (
        obj.responsibility,
        obj.timeframe,
        obj.due_date,
        obj.is_recurring,
        obj.resources,
        obj.cost_amount,
        tuple(sorted(owner.pk for owner in obj.owners.all())),
    )


def lists(queryset) -> tuple:
    return tuple(queryset.order_by("position", "pk").values_list("description", flat=True))


def progress(queryset) -> tuple:
    return tuple(queryset.order_by("-date", "-pk").values_list("note", "rag"))


def snapshot(plan: ActionPlan) -> dict:
    """Everything a plan says, without ids or dates of writing: two imports of one plan compare equal."""
    tree = []
    for priority in plan.priorities.all():
        actions = []
        for action in Action.objects.filter(priority=priority).order_by("position"):
            outputs = [
                (
                    output.letter,
                    output.description,
                    commitment(output),
                    lists(output.milestones),
                    lists(output.risks),
                    progress(output.progress_updates),
                    tuple(output.targets.values_list("value", "unit", "by_date")),
                    output.target_unit,
                )
                for output in action.outputs.order_by("position")
            ]
            actions.append(
                (
                    action.focus_area and (action.focus_area.number, action.focus_area.title),
                    action.number,
                    action.description,
                    action.status,
                    commitment(action),
                    lists(action.milestones.filter(output=None)),
                    lists(action.risks.filter(output=None)),
                    progress(action.progress_updates.filter(output=None)),
                    tuple(action.contributors.values_list("name", flat=True)),
                    tuple(action.achievements.values_list("description", flat=True)),
                    tuple(action.dependencies.values_list("number", flat=True)),
                    outputs,
                )
            )
        areas = tuple(priority.focus_areas.values_list("number", "title"))
        tree.append((priority.number, priority.title, areas, actions))
    return {
        "title": plan.title,
        "layout": plan.layout,
        "period": (plan.period_start, plan.period_end),
        "tree": tree,
    }


def reimport(content: bytes, filename: str, today) -> ActionPlan:
    parsed = read_plan(content, filename)
    assert parsed.errors == []
    assert parsed.warnings == []
    return import_plan(parsed, owners=every_proposal(parsed), today=today)


@pytest.fixture
def sample_staff(db):
    """Staff whose initials match the sample plan's owners (PK, RT, JM; SB twice, so unmatched)."""
    return [
        StaffMemberFactory(first_name="Priya", last_name="Kaur"),
        StaffMemberFactory(first_name="Rachel", last_name="Turner"),
        StaffMemberFactory(first_name="James", last_name="Moss"),
        StaffMemberFactory(first_name="Sarah", last_name="Bennett"),
        StaffMemberFactory(first_name="Sam", last_name="Brown"),
    ]


@pytest.mark.parametrize(
    ("sample", "export_as"),
    [
        ("action_plan_layout_a.xlsx", "xlsx"),
        ("action_plan_layout_a.csv", "csv"),
        ("action_plan_layout_b.xlsx", "xlsx"),
        ("action_plan_layout_b.xlsx", "csv"),
    ],
)
def test_exporting_then_importing_gives_the_same_plan(sample_staff, sample, export_as):
    today = datetime.date(2026, 2, 1)
    parsed = read_plan(FIXTURES / sample, sample)
    original = import_plan(parsed, owners=every_proposal(parsed), today=today)
    writer = export.plan_xlsx if export_as == "xlsx" else export.plan_csv

    again = reimport(writer(original), f"export.{export_as}", today)

    assert snapshot(again) == snapshot(original)
    # The snapshot is not empty: owners, targets, milestones and risks came through.
    outputs = Output.objects.filter(action__plan=again)
    if original.layout == ActionPlan.Layout.PRIORITIES:
        # All but "SB" alone (ambiguous: two staff have those initials).
        assert outputs.filter(owners__isnull=False).distinct().count() == 8
        assert outputs.filter(targets__isnull=False).count() == 3
    else:
        assert Contributor.objects.filter(action__plan=again).count() == 9
        assert ExpectedAchievement.objects.filter(action__plan=again).count() == 7


def test_a_plan_built_in_the_app_survives_the_round_trip(db):
    """Owners set without Responsibility text, a due date without a timeframe, a cost without a
    £ in the text, action-level milestones and risks, an empty priority: all come back."""
    owner = StaffMemberFactory(first_name="Graham", last_name="Fletcher")
    plan = ActionPlanFactory(title="Built by hand 2025-28")
    first = PriorityFactory(plan=plan, number="1", title="Leaders", position=0)
    PriorityFactory(plan=plan, number="2", title="Nothing here yet", position=1)
    area = FocusAreaFactory(priority=first, number="1.1", title="Managers", position=0)
    direct = ActionFactory(
        plan=plan, priority=first, focus_area=None, number="1.0.1", description="Set up", position=0
    )
    direct.owners.add(owner)
    MilestoneFactory(action=direct, description="Terms of reference")
    action = ActionFactory(
        plan=plan,
        priority=first,
        focus_area=area,
        number="1.1.1",
        description="Train managers (dependent on 1.0.1)",
        position=1,
        resources="Venue",
        cost_amount=Decimal("1200"),
        due_date=datetime.date(2026, 5, 31),
    )
    RiskFactory(action=action, description="Rota gaps")
    output = OutputFactory(action=action, letter="a", description="40 managers trained by March 2027")
    output.owners.add(owner)
    MilestoneFactory(action=action, output=output, description="Book trainer")
    ProgressUpdateFactory(action=action, output=output, note="Started", rag="")

    parsed = read_plan(export.plan_xlsx(plan), "export.xlsx")
    assert parsed.errors == []
    again = import_plan(parsed, owners=every_proposal(parsed))

    tree = snapshot(again)["tree"]
    assert [(p[0], p[1]) for p in tree] == [("1", "Leaders"), ("2", "Nothing here yet")]
    set_up, train = tree[0][3]
    assert set_up[0] is None and set_up[4][0] == "GF" and set_up[4][6] == (owner.pk,)
    assert set_up[5] == ("Terms of reference",)
    assert train[0] == ("1.1", "Managers")
    assert train[4][1:6] == (
        "31 May 2026",
        datetime.date(2026, 5, 31),
        False,
        "Venue £1,200",
        Decimal("1200"),
    )
    assert train[6] == ("Rota gaps",)
    assert train[10] == ("1.0.1",)
    (letter, description, carried, milestones, _, updates, targets, _unit) = train[11][0]
    assert (letter, description, carried[0], carried[6]) == (
        "a",
        "40 managers trained by March 2027",
        "GF",
        (owner.pk,),
    )
    assert milestones == ("Book trainer",) and updates == (("Started", ""),)
    assert targets == ((Decimal("40.00"), "managers trained", datetime.date(2027, 3, 31)),)


def test_layout_a_export_looks_like_the_sample(db):
    plan = import_plan(read_plan(FIXTURES / "action_plan_layout_a.xlsx", "a.xlsx", staff_lookup=NO_STAFF))
    sheet = load_workbook(io.BytesIO(export.plan_xlsx(plan))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    values = [[v for v in row if v is not None] for row in rows]

    assert values[0] == [plan.title]
    assert values[2] == ["Priority 1. Grow our own trainers"]
    assert values[3] == export.LAYOUT_A_COLUMNS
    first, second = rows[4], rows[5]
    assert first[:3] == [
        "1.1 Trainer capacity",
        "1.1.1 Map every home's trainer cover and agree a minimum standard",
        "a. Cover map shared with all Home Managers",
    ]
    assert first[5] == "Survey sent to homes\nReturns collated\nMap published"  # a list as lines
    assert (
        second[0] is None and second[1] is None and second[2].startswith("b. No home")
    )  # as merged cells read
    assert sum(1 for row in values if row == export.LAYOUT_A_COLUMNS) == 3  # a header row per priority


def test_layout_b_export_has_its_own_columns(db):
    plan = import_plan(read_plan(FIXTURES / "action_plan_layout_b.xlsx", "b.xlsx", staff_lookup=NO_STAFF))
    rows = list(csv.reader(io.StringIO(export.plan_csv(plan).decode("utf-8-sig"))))
    assert ["The Trust will...", "Essential input required from", "Achievements by 2028 will include"] in rows
    assert ["Start here...opening routes into care work for local people"] in rows
    assert [
        "support care assistants to take apprenticeships",
        "Home Managers\nApprenticeship provider",
        "30 apprentices at any time",
    ] in rows


HOSTILE_TEXT = ['=HYPERLINK("http://evil.example","x")', "+44 7700 900123", "-1+2", "@SUM(A1)"]


def hostile_plan():
    plan = ActionPlanFactory(title="=cmd|' /C calc'!A0")
    priority = PriorityFactory(plan=plan, number="1", title="@risky heading", position=0)
    area = FocusAreaFactory(priority=priority, number="1.1", title="Area", position=0)
    action = ActionFactory(
        plan=plan, priority=priority, focus_area=area, number="", description=HOSTILE_TEXT[0]
    )
    OutputFactory(action=action, letter="", description=HOSTILE_TEXT[1], responsibility=HOSTILE_TEXT[2])
    RiskFactory(action=action, description=HOSTILE_TEXT[3])
    return plan


def test_xlsx_cells_that_excel_would_run_are_text(db):
    plan = hostile_plan()
    sheet = load_workbook(io.BytesIO(export.plan_xlsx(plan))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells
    for cell in cells:
        assert cell.data_type == "s", cell.coordinate
        # Shown as written (no apostrophe), marked as text so Excel never evaluates it.
        assert cell.quotePrefix == str(cell.value).startswith(("=", "+", "-", "@")), cell.coordinate
    assert "=HYPERLINK" in {str(c.value)[:10] for c in cells}
    assert not any(str(c.value).startswith("'") for c in cells)


def test_csv_cells_that_excel_would_run_are_neutralised(db):
    plan = hostile_plan()
    rows = list(csv.reader(io.StringIO(export.plan_csv(plan).decode("utf-8-sig"))))
    cells = [value for row in rows for value in row if value]
    for value in cells:
        assert not value.startswith(("=", "+", "-", "@")), value
    assert "'=cmd|' /C calc'!A0" in cells


@pytest.mark.parametrize("writer", [export.plan_xlsx, export.plan_csv])
def test_neutralised_text_comes_back_as_the_same_text(db, writer):
    plan = hostile_plan()
    parsed = read_plan(writer(plan), "export." + ("xlsx" if writer is export.plan_xlsx else "csv"))
    assert parsed.errors == []
    again = import_plan(parsed, owners=every_proposal(parsed))
    assert again.title == plan.title
    action = again.actions.get()
    assert action.description == HOSTILE_TEXT[0]
    assert action.priority.title == "@risky heading"
    output = action.outputs.get()
    assert (output.description, output.responsibility) == (HOSTILE_TEXT[1], HOSTILE_TEXT[2])
    assert list(action.risks.values_list("description", flat=True)) == [HOSTILE_TEXT[3]]


def big_plan(actions: int) -> ActionPlan:
    plan = ActionPlanFactory()
    owner = StaffMemberFactory()
    for p in range(2):
        priority = PriorityFactory(plan=plan, number=str(p + 1), position=p)
        area = FocusAreaFactory(priority=priority, position=0)
        for _ in range(actions):
            action = ActionFactory(plan=plan, priority=priority, focus_area=area)
            action.owners.add(owner)
            Contributor.objects.create(action=action, name="HR")
            for letter in "ab":
                output = OutputFactory(action=action, letter=letter)
                output.owners.add(owner)
                MilestoneFactory(action=action, output=output)
                RiskFactory(action=action, output=output)
                ProgressUpdateFactory(action=action, output=output)
            MilestoneFactory(action=action)
    return plan


@pytest.mark.parametrize("writer", [export.plan_xlsx, export.plan_csv])
def test_export_query_count_does_not_grow_with_the_plan(db, django_assert_num_queries, writer):
    small, big = big_plan(1), big_plan(6)
    # plan's priorities; actions; owners, contributors, achievements; outputs and their owners,
    # milestones, risks and progress; the actions' own milestones, risks and progress.
    with django_assert_num_queries(13):
        writer(small)
    with django_assert_num_queries(13):
        writer(big)


def test_a_filtered_export_holds_only_the_given_actions_and_their_priorities(db):
    plan = big_plan(2)
    chosen = Action.objects.filter(plan=plan, priority__number="2").order_by("pk")[:1]
    rows = export.plan_rows(plan, Action.objects.filter(pk__in=chosen.values("pk")))
    headings = [row.cells for row in rows if row.kind == "heading"]
    assert headings == [[f"Priority 2. {Priority.objects.get(plan=plan, number='2').title}"]]
    data = [row for row in rows if row.kind == "data"]
    assert len(data) == 3  # the action's own row (a milestone of its own), then its two outputs
    assert data[0].cells[1].endswith(chosen[0].description)
    # A plain list of actions works as well as a queryset.
    assert export.plan_rows(plan, list(chosen)) == rows


def test_download_response_names_the_file_after_the_plan(db):
    plan = ActionPlanFactory(title="Northshire Plan 2025-28")
    response = export.plan_download(plan, "csv")
    assert response["Content-Disposition"] == 'attachment; filename="northshire-plan-2025-28.csv"'
    with pytest.raises(ValueError):
        export.plan_download(plan, "pdf")
