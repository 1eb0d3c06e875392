"""RAG derivation: one queryset method, used by pages and reports alike."""

import datetime

from actionplans.models import RAG, Action, RAGState
from actionplans.rag import Reason
from actionplans.tests.factories import ActionFactory, MilestoneFactory, ProgressUpdateFactory, RiskFactory

TODAY = datetime.date(2026, 6, 15)


def rag_of(action):
    return Action.objects.with_rag(today=TODAY).get(pk=action.pk).rag


def rag_and_reason(action):
    annotated = Action.objects.with_rag(today=TODAY).get(pk=action.pk)
    return annotated.rag, annotated.rag_reason


def test_overdue_and_not_complete_is_red(db):
    started = ActionFactory(due_date=TODAY - datetime.timedelta(days=1), status=Action.Status.IN_PROGRESS)
    assert rag_and_reason(started) == (RAG.RED, Reason.OVERDUE)


def test_overdue_and_not_started_is_red_and_says_so(db):
    action = ActionFactory(due_date=TODAY - datetime.timedelta(days=1))
    assert action.status == Action.Status.NOT_STARTED
    assert rag_and_reason(action) == (RAG.RED, "Overdue, not started")


def test_nobody_reported_and_nothing_to_show_is_no_update_not_green(db):
    later = ActionFactory(due_date=TODAY + datetime.timedelta(days=90))
    undated = ActionFactory(due_date=None)
    assert rag_and_reason(later) == (RAGState.NO_UPDATE, "Nobody has reported on it yet")
    assert rag_and_reason(undated) == (RAGState.NO_UPDATE, "Nobody has reported on it yet")
    # Open milestones, none late and the due date far off: still nothing to say it is on track.
    MilestoneFactory(action=later, due_date=TODAY + datetime.timedelta(days=60))
    assert rag_of(later) == RAGState.NO_UPDATE


def test_due_soon_with_open_milestones_is_amber(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=20))
    assert rag_of(action) == RAGState.NO_UPDATE  # no milestones, no update: nothing to go on
    MilestoneFactory(action=action)
    assert rag_and_reason(action) == (RAG.AMBER, "Due within 30 days, milestones open")


def test_due_soon_with_every_milestone_done_is_green_from_the_milestones(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=20))
    MilestoneFactory(action=action, completed_on=TODAY)
    assert rag_and_reason(action) == (RAG.GREEN, "Milestones on time")


def test_due_later_with_a_milestone_done_and_the_rest_on_time_is_green(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=90))
    MilestoneFactory(action=action, completed_on=TODAY - datetime.timedelta(days=3))
    MilestoneFactory(action=action, due_date=TODAY + datetime.timedelta(days=30))
    assert rag_and_reason(action) == (RAG.GREEN, Reason.MILESTONES_ON_TIME)


def test_a_late_milestone_is_amber_even_with_others_done(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=90))
    MilestoneFactory(action=action, completed_on=TODAY - datetime.timedelta(days=3))
    MilestoneFactory(action=action, due_date=TODAY - datetime.timedelta(days=1))
    assert rag_and_reason(action) == (RAG.AMBER, "A milestone is overdue")


def test_an_owners_green_is_green(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=90))
    ProgressUpdateFactory(action=action, rag=RAG.GREEN)
    assert rag_and_reason(action) == (RAG.GREEN, "As last reported")


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


def test_an_update_without_rag_and_nothing_to_show_is_no_update_with_its_reason(db):
    action = ActionFactory(due_date=TODAY + datetime.timedelta(days=90))
    ProgressUpdateFactory(action=action, rag="", note="Survey sent")
    assert rag_and_reason(action) == (RAGState.NO_UPDATE, "The latest update gave no RAG")


def test_cancelled_has_no_rag_and_is_not_overdue(db):
    action = ActionFactory(due_date=TODAY - datetime.timedelta(days=5), status=Action.Status.CANCELLED)
    assert rag_and_reason(action) == (None, None)
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


def test_a_themes_action_is_named_by_its_description():
    numbered = Action(number="1.2.1", description="Benchmark trainer capacity")
    theme = Action(number="", description="Run taster days with two local colleges each year")
    assert numbered.short_name == "Action 1.2.1"
    assert theme.short_name == "Run taster days with two local colleg..."


def test_target_value_reads_with_a_space_before_its_unit():
    from decimal import Decimal

    from actionplans.rag import with_unit

    assert with_unit(Decimal("250.00"), "people trained per annum") == "250 people trained per annum"
    assert with_unit(Decimal("75.50"), "%") == "75.5%"
    assert with_unit(Decimal("12"), "") == "12"
    assert with_unit(None, "%") == ""
