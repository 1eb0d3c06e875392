"""RAG derivation: one queryset method, used by pages and reports alike."""

import datetime

from actionplans.models import RAG, Action
from actionplans.tests.factories import ActionFactory, MilestoneFactory, ProgressUpdateFactory, RiskFactory

TODAY = datetime.date(2026, 6, 15)


def rag_of(action):
    return Action.objects.with_rag(today=TODAY).get(pk=action.pk).rag


def test_overdue_and_not_complete_is_red(db):
    assert rag_of(ActionFactory(due_date=TODAY - datetime.timedelta(days=1))) == RAG.RED


def test_due_soon_with_open_milestones_is_amber(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=20))
    assert rag_of(action) == RAG.GREEN  # no milestones left open
    MilestoneFactory(action=action)
    assert rag_of(action) == RAG.AMBER


def test_due_soon_with_every_milestone_done_is_green(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=20))
    MilestoneFactory(action=action, completed_on=TODAY)
    assert rag_of(action) == RAG.GREEN


def test_due_later_is_green(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=90))
    MilestoneFactory(action=action)
    assert rag_of(action) == RAG.GREEN


def test_completed_is_complete_even_when_past_due(db):
    action = ActionFactory(due_date=TODAY - datetime.timedelta(days=100), status=Action.Status.COMPLETED)
    assert rag_of(action) == RAG.COMPLETE


def test_rag_set_by_hand_in_the_latest_update_wins(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=200))
    ProgressUpdateFactory(action=action, date=TODAY - datetime.timedelta(days=10), rag=RAG.GREEN)
    ProgressUpdateFactory(action=action, date=TODAY - datetime.timedelta(days=1), rag=RAG.RED)
    assert rag_of(action) == RAG.RED
    annotated = Action.objects.with_rag(today=TODAY).get(pk=action.pk)
    assert annotated.latest_progress_date == TODAY - datetime.timedelta(days=1)


def test_update_without_rag_leaves_it_derived(db):
    action = ActionFactory(due_date=TODAY - datetime.timedelta(days=5))
    ProgressUpdateFactory(action=action, rag="", note="Survey sent")
    assert rag_of(action) == RAG.RED


def test_cancelled_has_no_rag_and_is_not_overdue(db):
    action = ActionFactory(due_date=TODAY - datetime.timedelta(days=5), status=Action.Status.CANCELLED)
    assert rag_of(action) is None
    assert not Action.objects.overdue(today=TODAY).exists()


def test_overdue_and_due_within(db):
    late = ActionFactory(due_date=TODAY - datetime.timedelta(days=1))
    soon = ActionFactory(due_date=TODAY + datetime.timedelta(days=10))
    ActionFactory(due_date=TODAY + datetime.timedelta(days=100))
    ActionFactory(due_date=None)
    assert list(Action.objects.overdue(today=TODAY)) == [late]
    assert list(Action.objects.due_within(30, today=TODAY)) == [soon]


def test_risk_score_is_likelihood_times_impact(db):
    assert RiskFactory(likelihood=4, impact=5).score == 20
    assert RiskFactory(likelihood=None, impact=5).score is None


def test_dependencies_are_one_way(db):
    first, second = ActionFactory(), ActionFactory()
    second.dependencies.add(first)
    assert list(first.dependents.all()) == [second]
    assert not first.dependencies.exists()


def test_all_owners_include_output_owners_once(db):
    from actionplans.tests.factories import OutputFactory
    from workforce.tests.factories import StaffMemberFactory

    ana, tom = StaffMemberFactory(), StaffMemberFactory()
    action = ActionFactory()
    action.owners.add(ana)
    OutputFactory(action=action, responsibility="PK").owners.add(ana, tom)
    OutputFactory(action=action, responsibility="PK/RT", letter="b")
    assert {p.pk for p in action.all_owners()} == {ana.pk, tom.pk}
    assert len(action.all_owners()) == 2
    assert action.responsibility_as_written() == "PK; PK/RT"


def test_target_reads_with_its_unit(db):
    from decimal import Decimal

    from actionplans.models import OutputTarget
    from actionplans.tests.factories import OutputFactory

    output = OutputFactory()
    assert str(OutputTarget(output=output, value=Decimal("12"), unit="Link Trainers in post")) == (
        "12 Link Trainers in post"
    )
    assert str(
        OutputTarget(output=output, value=Decimal("75"), unit="%", by_date=datetime.date(2016, 4, 30))
    ) == ("75% by April 2016")
