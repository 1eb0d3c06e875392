"""The action owner's panel on "My work": the open actions they own that are overdue or due
within 30 days, overdue first, each with the quick progress form of My actions.

Registered with `workforce.home_panels` in `ActionplansConfig.ready`. One query (the rows come
from `my_actions_queryset`, so they carry the same RAG as every other page); the quick forms
cost none.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from actionplans.rag import AMBER_WINDOW_DAYS
from actionplans.views.actions import my_actions_queryset, quick_form
from workforce.permissions import Role, has_role

HOME_LIMIT = 10


def owned_actions_panel(request, me, today: datetime.date) -> dict | None:
    """Shown to anyone who owns an action that is overdue or due soon, and always to the Action
    owner role (so they see "nothing due"); hidden from everyone else."""
    if me is None:
        return None
    rows = list(
        my_actions_queryset(me)
        .open()
        .filter(due_date__lte=today + datetime.timedelta(days=AMBER_WINDOW_DAYS))[: HOME_LIMIT + 1]
    )
    if not rows and not has_role(request.user, Role.ACTION_OWNER):
        return None
    for row in rows:
        row.quick_form = quick_form(row.pk)
    return {
        "rows": rows[:HOME_LIMIT],
        "more": len(rows) > HOME_LIMIT,
        "overdue_count": sum(1 for row in rows[:HOME_LIMIT] if row.is_overdue),
        "due_soon_days": AMBER_WINDOW_DAYS,
        "next_url": reverse("home"),
    }
