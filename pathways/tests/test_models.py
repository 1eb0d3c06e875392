"""The pathways model's own rules: one open enrolment per pathway, one current mentor, and the
scope rule that lets a mentor see their mentees' staff records (and nobody else's)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from pathways.models import Enrolment
from pathways.tests.factories import EnrolmentFactory, MentorAssignmentFactory
from workforce.models import StaffMember

pytestmark = pytest.mark.django_db


def test_a_person_has_one_open_enrolment_per_pathway(enrolment, ladder):
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(staff_member=enrolment.staff_member, target_stage=ladder["stages"][2])
    # Once that one is closed, a new nomination on the same pathway is allowed.
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    assert EnrolmentFactory(staff_member=enrolment.staff_member, target_stage=ladder["stages"][2]).is_open


def test_one_current_mentor_and_the_old_one_kept(enrolment, other_mentor):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorAssignmentFactory(enrolment=enrolment, mentor=other_mentor.staff_member)
    enrolment.mentor_assignments.update(ended_on=datetime.date(2026, 6, 1))
    MentorAssignmentFactory(
        enrolment=enrolment, mentor=other_mentor.staff_member, started_on=datetime.date(2026, 6, 1)
    )
    assert enrolment.mentor_assignments.count() == 2
    fetched = Enrolment.objects.with_current_mentor().get(pk=enrolment.pk)
    assert fetched.current_mentor == other_mentor.staff_member


def test_a_mentor_sees_their_current_mentees_only(enrolment, mentor, other_mentor, candidate, manager):
    assert candidate in StaffMember.objects.visible_to(mentor)
    assert candidate not in StaffMember.objects.visible_to(other_mentor)
    # A mentee on two pathways appears once in the mentor's lists.
    assert StaffMember.objects.visible_to(mentor).filter(pk=candidate.pk).count() == 1
    enrolment.mentor_assignments.update(ended_on=datetime.date(2026, 6, 1))
    assert candidate not in StaffMember.objects.visible_to(mentor)


def test_mentored_by_lists_current_mentees(enrolment, mentor, other_mentor):
    assert list(Enrolment.objects.mentored_by(mentor.staff_member)) == [enrolment]
    assert not Enrolment.objects.mentored_by(other_mentor.staff_member).exists()


def test_who_reads_an_enrolment(enrolment, actors, candidate, mentor, other_mentor, other_manager):
    visible = lambda user: Enrolment.objects.visible_to(user).filter(pk=enrolment.pk).exists()  # noqa: E731
    assert visible(actors["ld_manager"]) and visible(actors["director"]) and visible(actors["manager"])
    assert visible(mentor) and visible(candidate.user)
    assert not visible(other_mentor) and not visible(other_manager) and not visible(actors["action_owner"])
    # A former mentor still reads the enrolment; they no longer see the staff record.
    enrolment.mentor_assignments.update(ended_on=datetime.date(2026, 6, 1))
    assert visible(mentor)
