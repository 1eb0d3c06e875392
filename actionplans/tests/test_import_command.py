"""`manage.py import_actionplan PATH [--dry-run]`."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actionplans.models import Action, ActionPlan, Milestone, ProgressUpdate

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_actionplan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_prints_the_counts_and_saves_nothing(db):
    output = run(str(FIXTURES / "action_plan_layout_a.xlsx"), "--dry-run")

    for line in ["priorities: 3", "focus areas: 5", "actions: 6", "outputs: 9", "milestones: 16", "risks: 8"]:
        assert f"  {line}\n" in output
    assert "No --initials file: 4 responsibility name(s) left as written text" in output
    assert "  PK (no member of staff in post has these initials; Row 5, Row 6, Row 13, Row 14)" in output
    assert "Dry run: nothing was saved." in output
    assert ActionPlan.objects.count() == 0


def test_without_dry_run_the_plan_is_saved_by_the_user_named(ld_manager):
    output = run(str(FIXTURES / "action_plan_layout_a.csv"), "--user", ld_manager.username)

    plan = ActionPlan.objects.get()
    assert f"Saved action plan {plan.pk}" in output
    assert plan.actions.count() == 6
    assert Milestone.objects.filter(action__plan=plan).count() == 16
    # The file's progress is the plan's, as imported: not an update written by the importer.
    assert set(ProgressUpdate.objects.values_list("author", "imported_from")) == {
        (None, "action_plan_layout_a.csv")
    }
    assert ProgressUpdate.history.filter(history_user=ld_manager).count() == 5
    assert Action.history.filter(history_user=ld_manager).count() == 6


def test_themes_are_counted_as_themes(db):
    output = run(str(FIXTURES / "action_plan_layout_b.xlsx"))
    assert "  themes: 3\n" in output and "  actions: 4\n" in output
    assert ActionPlan.objects.get().layout == ActionPlan.Layout.THEMES


def test_a_file_with_errors_exits_non_zero_and_saves_nothing(db, tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"%PDF-1.7 renamed")
    with pytest.raises(CommandError, match="nothing was saved"):
        run(str(bad))
    assert ActionPlan.objects.count() == 0


def test_a_missing_file_or_user_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nowhere.xlsx"))
    with pytest.raises(CommandError, match="No user called"):
        run(str(FIXTURES / "action_plan_layout_a.xlsx"), "--user", "nobody")
    assert ActionPlan.objects.count() == 0
