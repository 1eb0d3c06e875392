"""Pathways' sections of the weekly digest (workforce/digests.py), registered from
PathwaysConfig.ready. To each mentor, about their CURRENT mentees on open enrolments:

- reviews due: the next review agreed at the latest review, overdue or due within 14 days;
- activities awaiting their sign-off: activities that have happened (dated today or earlier)
  and are not yet signed off.

Each section is one query per person; someone who mentors nobody gets nothing from it.
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery

from pathways.models import Activity, Enrolment, Review
from pathways.succession import candidate_url
from workforce.digests import DigestItem, DigestWeek
from workforce.permissions import own_staff_record

DUE_WITHIN_DAYS = 14


def _mentees(user):
    me = own_staff_record(user)
    if me is None:
        return None
    return Enrolment.objects.open().mentored_by(me)


def reviews_due(user, week: DigestWeek) -> list[DigestItem]:
    mentees = _mentees(user)
    if mentees is None:
        return []
    until = week.day + datetime.timedelta(days=DUE_WITHIN_DAYS)
    latest = Review.objects.filter(enrolment=OuterRef("pk")).order_by("-held_on", "-pk")
    due = (
        mentees.annotate(next_review=Subquery(latest.values("next_review_on")[:1]))
        .filter(next_review__lte=until)
        .select_related("staff_member", "target_stage__job_role")
        .order_by("next_review", "pk")
    )
    items = []
    for enrolment in due:
        when = enrolment.next_review
        words = f"Overdue since {when:%-d %b %Y}" if when < week.day else f"Due {when:%-d %b %Y}"
        items.append(
            DigestItem(
                f"Review with {enrolment.staff_member.full_name}",
                f"{words} (for {enrolment.target_stage.job_role.title})",
                candidate_url(enrolment) or "",
            )
        )
    return items


def activities_to_sign_off(user, week: DigestWeek) -> list[DigestItem]:
    mentees = _mentees(user)
    if mentees is None:
        return []
    activities = (
        Activity.objects.filter(
            objective__plan__enrolment__in=mentees.values("pk"),
            signed_off_on__isnull=True,
            happened_on__lte=week.day,
        )
        .select_related(
            "objective__plan__enrolment__staff_member", "objective__plan__enrolment__target_stage"
        )
        .order_by("happened_on", "pk")
    )
    items = []
    for activity in activities:
        enrolment = activity.objective.plan.enrolment
        items.append(
            DigestItem(
                f"{enrolment.staff_member.full_name}: {activity.title}",
                f"{activity.get_kind_display()} on {activity.happened_on:%-d %b %Y}, awaiting your sign-off",
                candidate_url(enrolment) or "",
            )
        )
    return items


def register() -> None:
    from workforce.digests import register_digest_section

    register_digest_section(
        "pathways.reviews",
        reviews_due,
        title="Your mentees' reviews due",
        order=20,
        about=f"For mentors: reviews with your mentees overdue or due within {DUE_WITHIN_DAYS} days.",
    )
    register_digest_section(
        "pathways.sign_off",
        activities_to_sign_off,
        title="Activities awaiting your sign-off",
        order=21,
        about="For mentors: your mentees' activities that have happened and are not yet signed off.",
    )
