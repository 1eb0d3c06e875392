"""The enrolment's life (pathways/transitions.py): which steps are allowed from where, each one
in history with who and why, version-checked; accepting assigns a mentor and starts the plan from
the stage's template; changing mentor keeps the old assignment."""

import datetime

import pytest
from django.utils import timezone

from pathways import transitions
from pathways.models import Enrolment, MentorAssignment, Readiness, TemplateActivity, TemplateObjective
from pathways.progression import progress
from pathways.tests.factories import EnrolmentFactory, MentorAssignmentFactory
from pathways.transitions import TransitionRefused
from workforce.models import add_months
from workforce.tests.factories import StaffMemberFactory
from workforce.versioning import StaleEdit

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
TODAY = timezone.localdate()


@pytest.fixture
def nomination(ladder, candidate, manager):
    return transitions.nominate(candidate, ladder["stages"][1], "Runs induction brilliantly.", manager)


def latest(enrolment):
    return enrolment.history.order_by("-history_date", "-history_id").first()


def test_a_nomination_is_recorded_with_who_and_why(nomination, manager, candidate):
    assert nomination.status == Status.NOMINATED
    assert nomination.nominated_by == manager.staff_member
    assert nomination.nominated_on == TODAY
    record = latest(nomination)
    assert record.history_user == manager
    assert record.history_change_reason == "Nominated for Link Trainer"


def test_a_second_open_nomination_on_the_pathway_is_refused(nomination, ladder, candidate, ld_manager):
    with pytest.raises(TransitionRefused, match="already has an open nomination"):
        transitions.nominate(candidate, ladder["stages"][2], "Ambitious.", ld_manager)
    assert Enrolment.objects.filter(staff_member=candidate).count() == 1


def test_nobody_is_nominated_for_the_role_they_hold_or_without_a_reason(ladder, candidate, manager):
    with pytest.raises(TransitionRefused, match="already a Home Trainer"):
        transitions.nominate(candidate, ladder["stages"][0], "Yes.", manager)
    with pytest.raises(TransitionRefused, match="Say why"):
        transitions.nominate(candidate, ladder["stages"][1], "  ", manager)
    assert not Enrolment.objects.exists()


def test_an_inactive_pathway_takes_no_nominations(ladder, candidate, manager):
    type(ladder["pathway"]).objects.filter(pk=ladder["pathway"].pk).update(is_active=False)
    stage = type(ladder["stages"][1]).objects.get(pk=ladder["stages"][1].pk)
    with pytest.raises(TransitionRefused, match="takes no new nominations"):
        transitions.nominate(candidate, stage, "Keen.", manager)


def test_accepting_assigns_the_mentor_and_starts_the_plan_from_the_template(
    nomination, ladder, ld_manager, mentor
):
    stage = ladder["stages"][1]
    coaching = TemplateObjective.objects.create(
        stage=stage,
        title="Coach a new Home Trainer",
        competency=ladder["competencies"]["coaching"],
        months_to_complete=6,
        position=1,
    )
    TemplateActivity.objects.create(objective=coaching, kind="shadowing", title="Shadow an RTO's coaching")
    TemplateActivity.objects.create(objective=coaching, kind="coaching", title="Coach under observation")
    TemplateObjective.objects.create(stage=stage, title="Deliver a course alone", position=2)

    accepted = transitions.accept(
        nomination, mentor.staff_member, ld_manager, read_version=nomination.version
    )

    assert accepted.status == Status.ACCEPTED
    assert accepted.current_mentor == mentor.staff_member
    plan = accepted.plan
    assert plan.started_on == TODAY
    objectives = list(plan.objectives.order_by("position"))
    assert [o.title for o in objectives] == ["Coach a new Home Trainer", "Deliver a course alone"]
    assert objectives[0].competency == ladder["competencies"]["coaching"]
    assert objectives[0].target_date == add_months(TODAY, 6) and objectives[1].target_date is None
    assert sorted(a.title for a in objectives[0].activities.all()) == [
        "Coach under observation",
        "Shadow an RTO's coaching",
    ]
    assert all(a.awaiting_sign_off for a in objectives[0].activities.all())
    assert latest(accepted).history_change_reason == "Accepted with Nia Evans as mentor"
    assert latest(accepted).history_user == ld_manager
    assert MentorAssignment.history.get().history_user == ld_manager


def test_a_mentor_needs_a_login(nomination, ld_manager):
    no_login = StaffMemberFactory(user=None)
    with pytest.raises(TransitionRefused, match="has no login"):
        transitions.accept(nomination, no_login, ld_manager)
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED and not nomination.mentor_assignments.exists()


def test_declining_needs_a_reason_and_is_final(nomination, ld_manager, mentor):
    with pytest.raises(TransitionRefused, match="Say why"):
        transitions.decline(nomination, "", ld_manager)
    declined = transitions.decline(nomination, "Not enough time in post yet.", ld_manager)
    assert declined.status == Status.DECLINED and declined.closing_reason == "Not enough time in post yet."
    assert latest(declined).history_change_reason == "Declined: Not enough time in post yet."
    for step in (
        lambda e: transitions.accept(e, mentor.staff_member, ld_manager),
        lambda e: transitions.mark_ready(e, ld_manager),
        lambda e: progress(e, ld_manager),
    ):
        with pytest.raises(TransitionRefused, match="declined: that is final"):
            step(declined)


def test_no_jump_from_nominated_to_progressed(nomination, ld_manager, candidate, ladder):
    with pytest.raises(TransitionRefused, match="nominated cannot be made progressed"):
        progress(nomination, ld_manager)
    with pytest.raises(TransitionRefused, match="nominated cannot be made ready"):
        transitions.mark_ready(nomination, ld_manager)
    candidate.refresh_from_db()
    assert candidate.job_role == ladder["roles"]["home_trainer"]


def test_the_whole_way_to_ready(nomination, ld_manager, mentor):
    e = transitions.accept(nomination, mentor.staff_member, ld_manager)
    with pytest.raises(TransitionRefused):
        transitions.mark_ready(e, ld_manager)  # accepted: development has not started
    e = transitions.start_development(e, ld_manager)
    e = transitions.judge_readiness(e, Readiness.WITHIN_1_YEAR, mentor)
    assert (e.readiness, e.readiness_judged_by, e.readiness_judged_on) == (
        Readiness.WITHIN_1_YEAR,
        mentor.staff_member,
        TODAY,
    )
    e = transitions.mark_ready(e, ld_manager)
    assert e.status == Status.READY and e.readiness == Readiness.READY_NOW
    assert e.readiness_judged_by == ld_manager.staff_member
    reasons = [r.history_change_reason for r in e.history.order_by("history_date", "history_id")]
    assert reasons == [
        "Nominated for Link Trainer",
        "Accepted with Nia Evans as mentor",
        "Development started",
        "Readiness judged: Ready within 1 year",
        "Marked ready to progress",
    ]


def test_readiness_is_not_judged_on_a_bare_nomination(nomination, ld_manager):
    with pytest.raises(TransitionRefused, match="once a nomination is accepted"):
        transitions.judge_readiness(nomination, Readiness.READY_NOW, ld_manager)


def test_withdrawn_is_final_and_ends_the_mentoring(enrolment, ld_manager, mentor):
    e = transitions.withdraw(enrolment, "Moved to another region.", ld_manager)
    assert e.status == Status.WITHDRAWN and e.current_mentor is None
    assert e.mentor_assignments.get().ended_on == TODAY
    with pytest.raises(TransitionRefused, match="withdrawn: that is final"):
        transitions.withdraw(e, "Again.", ld_manager)
    # The former mentor still reads the enrolment.
    assert Enrolment.objects.visible_to(mentor).filter(pk=e.pk).exists()


def test_changing_mentor_keeps_the_old_assignment(enrolment, ld_manager, mentor, other_mentor):
    transitions.change_mentor(
        enrolment, other_mentor.staff_member, ld_manager, reason="Nia's caseload is full."
    )
    assignments = list(enrolment.mentor_assignments.order_by("started_on", "pk"))
    assert [a.mentor for a in assignments] == [mentor.staff_member, other_mentor.staff_member]
    assert assignments[0].ended_on == TODAY and assignments[1].ended_on is None
    assert Enrolment.objects.get(pk=enrolment.pk).current_mentor == other_mentor.staff_member
    assert latest(enrolment).history_change_reason == "Mentor changed to Uma Lowe: Nia's caseload is full."
    with pytest.raises(TransitionRefused, match="already the mentor"):
        transitions.change_mentor(enrolment, other_mentor.staff_member, ld_manager)


def test_a_stale_page_is_refused_and_nothing_is_written(enrolment, ld_manager):
    read = enrolment.version
    transitions.judge_readiness(enrolment, Readiness.NOT_YET, ld_manager, read_version=read)
    with pytest.raises(StaleEdit):
        transitions.withdraw(enrolment, "Changed their mind.", ld_manager, read_version=read)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.IN_DEVELOPMENT and enrolment.current_mentor is not None


def test_ready_can_go_back_into_development_with_a_reason(enrolment, ld_manager):
    e = transitions.mark_ready(enrolment, ld_manager)
    e = transitions.back_to_development(e, "Needs more assessing practice.", ld_manager)
    assert e.status == Status.IN_DEVELOPMENT


def test_the_permitted_moves_table_has_every_status():
    assert set(transitions.ALLOWED) == set(Status.values)
    for final in (Status.DECLINED, Status.WITHDRAWN, Status.PROGRESSED):
        assert transitions.ALLOWED[final] == set()
    assert Status.PROGRESSED not in transitions.ALLOWED[Status.NOMINATED]


def test_a_closed_enrolment_frees_the_pathway_for_a_new_nomination(enrolment, ld_manager, ladder, manager):
    transitions.withdraw(enrolment, "Not now.", ld_manager)
    again = transitions.nominate(enrolment.staff_member, ladder["stages"][1], "Ready to try again.", manager)
    assert again.status == Status.NOMINATED


def test_an_old_assignment_started_later_than_today_still_ends_validly(ld_manager, ladder, candidate, mentor):
    e = EnrolmentFactory(
        staff_member=candidate, target_stage=ladder["stages"][1], status=Status.IN_DEVELOPMENT
    )
    MentorAssignmentFactory(
        enrolment=e, mentor=mentor.staff_member, started_on=TODAY + datetime.timedelta(days=3)
    )
    transitions.withdraw(e, "Left the pathway.", ld_manager)
    assert e.mentor_assignments.get().ended_on >= e.mentor_assignments.get().started_on
