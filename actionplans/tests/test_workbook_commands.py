"""`export_actionplan` and the duplicate-title choices of `import_actionplan`."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from actionplans.models import ActionPlan, Milestone
from actionplans.tests.factories import ActionPlanFactory, MilestoneFactory
from actionplans.tests.plan_data import layout_a_plan
from actionplans.tests.plan_tree import plan_tree

SAMPLE = Path(__file__).parent / "fixtures" / "action_plan_layout_a.xlsx"


def run(command, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def plan(db):
    return layout_a_plan().plan


def test_export_writes_the_spreadsheet_or_the_workbook(plan, tmp_path):
    people, workbook, csv = tmp_path / "p.xlsx", tmp_path / "w.xlsx", tmp_path / "p.csv"

    assert "Wrote the spreadsheet (Excel)" in run("export_actionplan", str(plan.pk), "--out", str(people))
    assert "Wrote the plan workbook" in run(
        "export_actionplan", str(plan.pk), "--out", str(workbook), "--workbook"
    )
    run("export_actionplan", str(plan.pk), "--out", str(csv))

    assert load_workbook(people).sheetnames == ["Action plan"]
    assert load_workbook(workbook).sheetnames[:3] == ["Action plan", "About", "Signatories"]
    assert csv.read_bytes().startswith("\ufeff".encode() + plan.title.encode())


def test_export_refuses_an_unknown_plan_or_a_workbook_not_named_xlsx(plan, tmp_path):
    with pytest.raises(CommandError, match="There is no action plan"):
        run("export_actionplan", str(plan.pk + 99), "--out", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="ending in .xlsx"):
        run("export_actionplan", str(plan.pk), "--out", str(tmp_path / "x.csv"), "--workbook")


def test_a_duplicate_title_is_refused_without_a_choice(db):
    run("import_actionplan", str(SAMPLE))

    with pytest.raises(CommandError, match="already exists .* Use --as-new to import it as"):
        run("import_actionplan", str(SAMPLE))
    assert ActionPlan.objects.count() == 1


def test_as_new_names_the_second_plan_so_it_can_be_told_apart(db):
    run("import_actionplan", str(SAMPLE))
    first = ActionPlan.objects.get()

    run("import_actionplan", str(SAMPLE), "--as-new")
    run("import_actionplan", str(SAMPLE), "--as-new")

    today = datetime.date.today()
    titles = set(ActionPlan.objects.exclude(pk=first.pk).values_list("title", flat=True))
    stamp = f"{first.title} (imported {today.day} {today:%b %Y}"
    assert titles == {f"{stamp})", f"{stamp}, 2)"}


def test_a_workbook_of_an_existing_plan_needs_a_choice_and_updates_only_that_plan(plan, tmp_path):
    path = tmp_path / "w.xlsx"
    run("export_actionplan", str(plan.pk), "--out", str(path), "--workbook")
    before = plan_tree(plan)
    MilestoneFactory(action=plan.actions.first())
    MilestoneFactory(action=plan.actions.first())

    with pytest.raises(CommandError, match=f"--update {plan.pk} to update it"):
        run("import_actionplan", str(path))
    other = ActionPlanFactory(title="Another plan")
    with pytest.raises(CommandError, match=f"exported from plan {plan.pk}, not plan {other.pk}"):
        run("import_actionplan", str(path), "--update", str(other.pk))
    with pytest.raises(CommandError, match="Only a plan workbook"):
        run("import_actionplan", str(SAMPLE), "--update", str(plan.pk))
    assert Milestone.objects.filter(action__plan=plan).count() == len(before["milestones"]) + 2

    output = run("import_actionplan", str(path), "--update", str(plan.pk))

    assert "2 milestones will be removed." in output
    assert f"Updated action plan {plan.pk}" in output
    assert plan_tree(plan) == before
    assert ActionPlan.objects.count() == 2
