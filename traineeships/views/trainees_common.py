"""Reads the trainees pages share: a trainee for this user or 404, the next quarterly meeting, the
outcome follow-ups, and "my trainees" (the page and the home panel read the same rows)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from traineeships.models import Outcome, Trainee, next_quarterly_due
from traineeships.models.trainee import FOLLOW_UP_MONTHS, latest_due_by
from workforce.models import add_months

# "Vacancies to discuss" shows in a trainee's last two months (and after the end, until employed).
VACANCIES_MONTHS = 2


def trainees_for(user):
    return Trainee.objects.visible_to(user).select_related("applicant__intake__programme", "staff_member")


def trainee_for(user, pk) -> Trainee:
    """The trainee if this user may see them (Trainee.objects.visible_to), else 404."""
    return get_object_or_404(trainees_for(user), pk=pk)


# One form page for everything recorded about a trainee (placements, meetings, feedback, outcomes).
FORM = "traineeships/trainees/form.html"


def trainee_form_page(request, trainee, form, title, status=200, **extra):
    context = {"trainee": trainee, "form": form, "title": title, **extra}
    return render(request, FORM, context, status=status)


@dataclass
class SupportDue:
    """When the next quarterly support meeting is due (three months after the last quarterly one,
    or after the start), and whether that has passed: the rule of Trainee.objects.support_overdue."""

    due_on: datetime.date
    today: datetime.date
    active: bool = True

    @property
    def overdue(self) -> bool:
        return self.active and self.due_on < self.today

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due_on).days


def support_due(trainee: Trainee, today: datetime.date) -> SupportDue:
    """`trainee` must carry `last_quarterly_on` (Trainee.objects.with_support())."""
    return SupportDue(
        next_quarterly_due(trainee.started_on, trainee.last_quarterly_on),
        today,
        active=trainee.status == Trainee.Status.ACTIVE,
    )


@dataclass
class FollowUp:
    when: int
    label: str
    due_on: datetime.date
    outcome: Outcome | None
    missing: bool


def follow_ups(end_on: datetime.date, outcomes: list[Outcome], today: datetime.date) -> list[FollowUp]:
    """The outcome at the end and at 6 and 12 months: recorded, due and missing, or not due yet.
    "Missing" is Trainee.objects.follow_ups_missing's rule, per follow-up."""
    by_when = {o.when: o for o in outcomes}
    labels = dict(Outcome.When.choices)
    found = []
    for when in (0, *FOLLOW_UP_MONTHS):
        outcome = by_when.get(when)
        missing = outcome is None and end_on <= latest_due_by(today, when)
        found.append(FollowUp(when, labels[when], add_months(end_on, when), outcome, missing))
    return found


def shows_vacancies(end_on: datetime.date, today: datetime.date) -> bool:
    return today >= add_months(end_on, -VACANCIES_MONTHS)


def my_trainees(user):
    """The active trainees this user supports or oversees (Trainee.objects.visible_to: all for the L&D
    manager), with `last_quarterly_on`; overdue first. Ordering by the last quarterly meeting (or the
    start) is ordering by the next one due, so overdue trainees come first without a second sort."""
    return (
        Trainee.objects.visible_to(user)
        .active()
        .with_support()
        .select_related("applicant__intake")
        .order_by(
            Coalesce("last_quarterly_on", "started_on").asc(),
            F("applicant__last_name").asc(),
            "pk",
        )
    )


def with_due(trainees, today: datetime.date) -> list[Trainee]:
    rows = list(trainees)
    for trainee in rows:
        trainee.support = support_due(trainee, today)
    return rows
