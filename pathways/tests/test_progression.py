"""Progression (pathways/progression.py): one transaction that changes the staff member's role
(kept in the staff record's history, with a reason), keeps the role before, closes the enrolment;
then it counts in `workforce.promotions` where the band rises and in `pathways.progressions`."""

import datetime

import pytest
from django.utils import timezone

from pathways import transitions
from pathways.models import Enrolment
from pathways.progression import progress
from pathways.tests.factories import EnrolmentFactory, MentorAssignmentFactory, PathwayStageFactory
from pathways.transitions import TransitionRefused
from workforce import indicators
from workforce.indicators_people import promoted_between
from workforce.models import StaffMember
from workforce.tests.factories import JobRoleFactory, StaffMemberFactory
from workforce.versioning import StaleEdit, claim_version

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR_START = TODAY.replace(month=1, day=1)


@pytest.fixture
def ready(enrolment, ld_manager):
    return transitions.mark_ready(enrolment, ld_manager)


def test_progression_changes_the_role_keeps_history_and_closes(ready, ld_manager, ladder, candidate):
    done = progress(ready, ld_manager, read_version=ready.version)

    candidate.refresh_from_db()
    assert candidate.job_role == ladder["roles"]["link_trainer"]
    assert done.status == Enrolment.Status.PROGRESSED and done.progressed_on == TODAY
    assert done.role_before == ladder["roles"]["home_trainer"]
    assert done.current_mentor is None
    record = candidate.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == ld_manager
    assert record.history_change_reason == "Progressed to Link Trainer (Trainer pathway)"
    assert record.prev_record.job_role == ladder["roles"]["home_trainer"]
    with pytest.raises(TransitionRefused, match="progressed: that is final"):
        progress(done, ld_manager)


def test_a_staff_form_opened_before_the_progression_cannot_write_the_old_role_back(
    ready, ld_manager, candidate
):
    seen = candidate.version
    progress(ready, ld_manager)
    with pytest.raises(StaleEdit):
        claim_version(StaffMember.objects.get(pk=candidate.pk), seen)


def test_a_stale_page_progresses_nothing(ready, ld_manager, candidate, ladder):
    with pytest.raises(StaleEdit):
        progress(ready, ld_manager, read_version=ready.version - 1)
    candidate.refresh_from_db()
    assert candidate.job_role == ladder["roles"]["home_trainer"]
    assert Enrolment.objects.get(pk=ready.pk).status == Enrolment.Status.READY


def test_it_counts_as_a_promotion_where_the_band_rises(ready, ld_manager, candidate):
    before = indicators.value("workforce.promotions", YEAR_START, TODAY).numerator
    progress(ready, ld_manager)
    after = indicators.value("workforce.promotions", YEAR_START, TODAY)
    assert after.numerator == before + 1
    assert candidate in promoted_between(YEAR_START, TODAY)


def test_a_move_to_a_role_of_the_same_band_is_a_progression_but_no_promotion(ladder, ld_manager, mentor, org):
    same_band = JobRoleFactory(title="Senior Home Trainer", pay_band="3")
    stage = PathwayStageFactory(pathway=ladder["pathway"], position=4, job_role=same_band)
    person = StaffMemberFactory(org_unit=org["oak"], job_role=ladder["roles"]["home_trainer"])
    e = EnrolmentFactory(staff_member=person, target_stage=stage, status=Enrolment.Status.READY)
    MentorAssignmentFactory(enrolment=e, mentor=mentor.staff_member)
    progress(e, ld_manager)
    assert indicators.value("workforce.promotions", YEAR_START, TODAY).numerator == 0
    assert indicators.value("pathways.progressions", YEAR_START, TODAY).numerator == 1


def test_the_progressions_indicator_counts_progressions_over_people_in_development(
    ready, ld_manager, ladder, mentor, org
):
    # Two more in development on the pathway (one since withdrawn in the period), one only nominated.
    others = []
    for unit in ("oak", "elm"):
        person = StaffMemberFactory(org_unit=org[unit], job_role=ladder["roles"]["home_trainer"])
        e = EnrolmentFactory(staff_member=person, target_stage=ladder["stages"][1], status="in_development")
        MentorAssignmentFactory(enrolment=e, mentor=mentor.staff_member, started_on=YEAR_START)
        others.append(e)
    transitions.withdraw(others[1], "Moved away.", ld_manager)
    EnrolmentFactory(staff_member=StaffMemberFactory(org_unit=org["oak"]), target_stage=ladder["stages"][1])
    progress(ready, ld_manager)

    measure = indicators.value("pathways.progressions", YEAR_START, TODAY)
    assert (measure.numerator, measure.denominator) == (1, 3)
    # A period that ended before any mentoring started has nobody in development.
    long_ago = datetime.date(2020, 1, 1)
    assert indicators.value("pathways.progressions", long_ago, long_ago).denominator == 0

    by_unit = {
        row.label: row.measure for row in indicators.breakdown("pathways.progressions", YEAR_START, TODAY)
    }
    assert (by_unit["North Region"].numerator, by_unit["North Region"].denominator) == (1, 2)
    assert (by_unit["South Region"].numerator, by_unit["South Region"].denominator) == (0, 1)
    by_group = indicators.breakdown("pathways.progressions", YEAR_START, TODAY, by="staff_group")
    assert sum(row.measure.numerator for row in by_group) == 1
    by_pathway = indicators.breakdown("pathways.progressions", YEAR_START, TODAY, by="pathway")
    assert [(row.label, row.measure.numerator, row.measure.denominator) for row in by_pathway] == [
        ("Trainer pathway", 1, 3)
    ]
    assert indicators.get("pathways.progressions").breakdown_choices()[-1] == ("pathway", "Pathway")
