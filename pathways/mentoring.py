"""What mentors have on their plate, read in a fixed number of queries: for each open enrolment,
its current mentor, next review (from the latest review), objectives due or overdue, and
activities awaiting sign-off. "My mentees", the mentor's home panel and the L&D manager's view
of each mentor's load read the same figures, so they agree.

"Objectives due": open (not achieved or dropped) objectives whose target date falls within
DUE_SOON_DAYS or has passed. A mentee is overdue when their next review date has passed or an
objective is past its target date; overdue mentees come first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from pathways.models import Activity, Enrolment, MentorAssignment, Objective, Review
from workforce.models import StaffMember

DUE_SOON_DAYS = 30
OPEN_OBJECTIVE = ~Q(status__in=[Objective.Status.ACHIEVED, Objective.Status.DROPPED])


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values(
        "plan__enrolment" if queryset.model is Objective else "objective__plan__enrolment"
    )
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)
    )


def with_mentee_figures(enrolments, today: datetime.date):
    """Annotate mentor_id, next_review_on, objectives_due, objectives_overdue, awaiting_sign_off."""
    due_by = today + datetime.timedelta(days=DUE_SOON_DAYS)
    objectives = Objective.objects.filter(OPEN_OBJECTIVE, plan__enrolment=OuterRef("pk"))
    latest_review = Review.objects.filter(enrolment=OuterRef("pk")).order_by("-held_on", "-pk")
    current = MentorAssignment.objects.current().filter(enrolment=OuterRef("pk"))
    return enrolments.annotate(
        mentor_id=Subquery(current.values("mentor_id")[:1]),
        next_review_on=Subquery(latest_review.values("next_review_on")[:1]),
        objectives_due=_count(objectives.filter(target_date__lte=due_by)),
        objectives_overdue=_count(objectives.filter(target_date__lt=today)),
        awaiting_sign_off=_count(
            Activity.objects.filter(objective__plan__enrolment=OuterRef("pk"), signed_off_on__isnull=True)
        ),
    )


@dataclass
class MenteeRow:
    enrolment: Enrolment
    today: datetime.date
    objectives: list = field(default_factory=list)  # open objectives due or overdue
    activities: list = field(default_factory=list)  # activities awaiting sign-off

    @property
    def review_overdue(self) -> bool:
        return self.enrolment.next_review_on is not None and self.enrolment.next_review_on < self.today

    @property
    def is_overdue(self) -> bool:
        return self.review_overdue or self.enrolment.objectives_overdue > 0


def mentee_rows(mentor: StaffMember, today: datetime.date, limit: int | None = None) -> list[MenteeRow]:
    """The mentor's current mentees on open enrolments, overdue first, then by next review date.
    Three queries, whatever the numbers."""
    enrolments = with_mentee_figures(
        Enrolment.objects.open()
        .filter(pk__in=MentorAssignment.objects.current().filter(mentor=mentor).values("enrolment_id"))
        .select_related("staff_member__org_unit", "target_stage__job_role", "pathway"),
        today,
    )
    rows = [MenteeRow(e, today) for e in enrolments]
    rows.sort(
        key=lambda r: (
            not r.is_overdue,
            r.enrolment.next_review_on or datetime.date.max,
            r.enrolment.staff_member.last_name,
            r.enrolment.pk,
        )
    )
    if limit is not None:
        rows = rows[:limit]
    by_enrolment = {row.enrolment.pk: row for row in rows}
    due = Objective.objects.filter(
        OPEN_OBJECTIVE,
        plan__enrolment__in=list(by_enrolment),
        target_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    ).select_related("plan")
    for objective in due.order_by("target_date", "pk"):
        by_enrolment[objective.plan.enrolment_id].objectives.append(objective)
    awaiting = Activity.objects.filter(
        objective__plan__enrolment__in=list(by_enrolment), signed_off_on__isnull=True
    ).select_related("objective__plan")
    for activity in awaiting.order_by("happened_on", "pk"):
        by_enrolment[activity.objective.plan.enrolment_id].activities.append(activity)
    return rows


@dataclass
class MentorLoad:
    mentor: StaffMember
    mentees: int = 0
    reviews_overdue: int = 0
    no_review_booked: int = 0
    objectives_overdue: int = 0
    awaiting_sign_off: int = 0


def mentor_loads(today: datetime.date) -> list[MentorLoad]:
    """Each mentor with a current mentee on an open enrolment: how many, and what is waiting on them.
    Heaviest first (by mentees, then by what awaits). Two queries."""
    figures = with_mentee_figures(Enrolment.objects.open(), today).exclude(mentor_id=None)
    loads: dict[int, MentorLoad] = {}
    rows = figures.values_list("mentor_id", "next_review_on", "objectives_overdue", "awaiting_sign_off")
    totals = defaultdict(lambda: [0, 0, 0, 0, 0])
    for mentor_id, next_review, overdue, awaiting in rows:
        t = totals[mentor_id]
        t[0] += 1
        t[1] += next_review is not None and next_review < today
        t[2] += next_review is None
        t[3] += overdue
        t[4] += awaiting
    mentors = StaffMember.objects.filter(pk__in=list(totals)).select_related("org_unit", "job_role")
    for mentor in mentors:
        loads[mentor.pk] = MentorLoad(mentor, *totals[mentor.pk])
    return sorted(
        loads.values(),
        key=lambda m: (-m.mentees, -(m.awaiting_sign_off + m.reviews_overdue), m.mentor.last_name),
    )
