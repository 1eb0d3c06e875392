"""The demo action plans (`actionplans.demo.load`, found by `manage.py load_demo`)."""

import datetime

from actionplans import demo
from actionplans.models import RAG, Action, ActionPlan, ProgressUpdate, Risk
from workforce.demo import DemoCore, app_demo_modules
from workforce.tests.factories import StaffMemberFactory


def small_core(ld_manager) -> DemoCore:
    return DemoCore(
        today=datetime.date.today().replace(day=1),
        people={
            "ld": ld_manager.staff_member,
            "owner": StaffMemberFactory(first_name="Sarah", last_name="Bennett"),
            "gf": StaffMemberFactory(first_name="Graham", last_name="Fletcher"),
        },
    )


def test_load_demo_finds_the_action_plans_demo():
    assert demo in app_demo_modules()


def test_demo_plans_have_a_history_and_a_second_run_writes_nothing(ld_manager):
    core = small_core(ld_manager)

    created = demo.load(core)

    assert {plan.layout for plan in created} == {ActionPlan.Layout.PRIORITIES, ActionPlan.Layout.THEMES}
    assert core.created == {"action plans": 2}
    today = datetime.date.today()
    actions = Action.objects.with_rag(today)
    # Some overdue, some due soon, some complete; all relative to today.
    assert actions.overdue(today).exists()
    assert actions.due_within(today=today).exists()
    assert {RAG.RED, RAG.GREEN} <= set(actions.values_list("rag", flat=True))
    assert ProgressUpdate.objects.filter(rag=RAG.COMPLETE).exists()
    updated = ProgressUpdate.objects.values("action").distinct().count()
    assert ProgressUpdate.objects.count() > updated  # several dated updates per action
    assert Risk.objects.exclude(score=None).count() == Risk.objects.count() > 0
    sarah = core.people["owner"]
    assert Action.objects.owned_by(sarah).exists()  # "SB" mapped to Sarah Bennett
    # The demo owner's journey starts from the home page: at least one overdue action is theirs,
    # one of them not started and not reported on.
    theirs = Action.objects.owned_by(sarah).with_rag(today).overdue(today)
    assert theirs.exists()
    assert ("red", "Overdue, not started") in set(theirs.values_list("rag", "rag_reason"))
    assert Action.dependencies.through.objects.count() >= 2
    # The demo's own updates are by the loading user; the plan files' progress, as imported, by nobody.
    written = ProgressUpdate.objects.filter(imported_from="")
    assert set(written.values_list("author", flat=True)) == {ld_manager.pk}
    assert set(ProgressUpdate.objects.exclude(imported_from="").values_list("author", flat=True)) <= {None}

    counts = (
        ActionPlan.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        Action.history.count(),
    )
    again = small_core(ld_manager)
    assert demo.load(again) == []
    assert again.created == {}
    assert (
        ActionPlan.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        Action.history.count(),
    ) == counts


def test_demo_loads_on_its_own_without_the_core(db):
    created = demo.load()
    assert len(created) == 2
    assert demo.load() == []
