""" "My mentees" (any signed-in user: their current mentees, or none) and each mentor's load (the
L&D manager and directors). Both read pathways/mentoring.py; their query counts are fixed."""

from __future__ import annotations

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from pathways.mentoring import DUE_SOON_DAYS, mentee_rows, mentor_loads
from pathways.permissions import can_see_mentor_load
from workforce.permissions import Role, has_role, own_staff_record, requires

HOME_LIMIT = 8


@requires()
@require_safe
def my_mentees(request):
    me = own_staff_record(request.user)
    today = timezone.localdate()
    rows = mentee_rows(me, today) if me is not None else []
    context = {
        "rows": rows,
        "overdue_count": sum(1 for r in rows if r.is_overdue),
        "due_soon_days": DUE_SOON_DAYS,
        "today": today,
    }
    return render(request, "pathways/my_mentees.html", context)


@requires(can_see_mentor_load)
@require_safe
def mentor_load(request):
    today = timezone.localdate()
    return render(request, "pathways/mentor_load.html", {"loads": mentor_loads(today), "today": today})


def mentees_panel(request, me, today: datetime.date) -> dict | None:
    """The mentor's home panel, first on "My work": shown to a Mentor with a current mentee. Asked
    only of the Mentor role (read with the user, no query), so nobody else's home page pays for it;
    anyone else who mentors finds their mentees under My mentees."""
    if me is None or not has_role(request.user, Role.MENTOR):
        return None
    rows = mentee_rows(me, today, limit=HOME_LIMIT + 1)
    if not rows:
        return None
    return {
        "rows": rows[:HOME_LIMIT],
        "more": len(rows) > HOME_LIMIT,
        "overdue_count": sum(1 for r in rows[:HOME_LIMIT] if r.is_overdue),
        "today": today,
    }
