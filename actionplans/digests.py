"""Action plans' sections of the weekly digest (workforce/digests.py), registered from
ActionplansConfig.ready:

- to each action owner: their open actions overdue or due within 14 days, and the milestones
  of their actions not yet done and overdue or due within 14 days;
- to the L&D manager: every plan's overdue actions, and open risks scored 15 or more.

"Owns" is the plans' own rule (`Action.objects.owned_by`: the action or one of its outputs);
"overdue" is `Action.objects.overdue`. Closed plans are left out: what is left open in them is
history, not work. Each section is one query per person.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from actionplans.models import Action, ActionPlan, Milestone, Risk
from workforce.digests import DigestItem, DigestWeek
from workforce.permissions import Role, own_staff_record, roles_of

DUE_WITHIN_DAYS = 14
# As the Trust Board progress report's "top risks" (reports/board_progress.py HIGH_RISK_SCORE).
HIGH_RISK_SCORE = 15
CLOSED_PLAN = Q(plan__status=ActionPlan.Status.CLOSED)


def _when(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return ""
    if due < today:
        return f"Overdue since {due:%-d %b %Y}"
    if due == today:
        return "Due today"
    return f"Due {due:%-d %b %Y}"


def _action_text(action: Action) -> str:
    words = action.description if len(action.description) <= 90 else action.description[:87].rstrip() + "..."
    return f"{action.short_name}: {words}" if action.number else words


def my_actions(user, week: DigestWeek) -> list[DigestItem]:
    me = own_staff_record(user)
    if me is None:
        return []
    until = week.day + datetime.timedelta(days=DUE_WITHIN_DAYS)
    actions = (
        Action.objects.owned_by(me)
        .open()
        .exclude(CLOSED_PLAN)
        .filter(due_date__lte=until)
        .select_related("plan")
        .order_by("due_date", "pk")
    )
    return [
        DigestItem(
            _action_text(action),
            f"{_when(action.due_date, week.day)} ({action.plan.title})",
            action.get_absolute_url(),
        )
        for action in actions
    ]


def my_milestones(user, week: DigestWeek) -> list[DigestItem]:
    me = own_staff_record(user)
    if me is None:
        return []
    until = week.day + datetime.timedelta(days=DUE_WITHIN_DAYS)
    owned = Q(action__owners=me) | Q(action__outputs__owners=me)
    milestones = (
        Milestone.objects.filter(owned, completed_on__isnull=True, due_date__lte=until)
        .exclude(action__status__in=[Action.Status.COMPLETED, Action.Status.CANCELLED])
        .exclude(action__plan__status=ActionPlan.Status.CLOSED)
        .select_related("action")
        .distinct()
        .order_by("due_date", "pk")
    )
    return [
        DigestItem(
            milestone.description,
            f"{_when(milestone.due_date, week.day)} ({milestone.action.short_name})",
            milestone.action.get_absolute_url(),
        )
        for milestone in milestones
    ]


def plans_overdue_actions(user, week: DigestWeek) -> list[DigestItem]:
    if Role.LD_MANAGER not in roles_of(user):
        return []
    actions = (
        Action.objects.overdue(week.day)
        .exclude(CLOSED_PLAN)
        .select_related("plan")
        .prefetch_related("owners")
        .order_by("due_date", "plan__title", "pk")
    )
    items = []
    for action in actions:
        owners = ", ".join(person.full_name for person in action.owners.all()) or "no owner named"
        detail = f"{_when(action.due_date, week.day)}; {owners} ({action.plan.title})"
        items.append(DigestItem(_action_text(action), detail, action.get_absolute_url()))
    return items


def plans_high_risks(user, week: DigestWeek) -> list[DigestItem]:
    if Role.LD_MANAGER not in roles_of(user):
        return []
    risks = (
        Risk.objects.filter(status=Risk.Status.OPEN, score__gte=HIGH_RISK_SCORE)
        .exclude(action__plan__status=ActionPlan.Status.CLOSED)
        .select_related("action", "action__plan", "owner")
        .order_by("-score", "action__plan__title", "pk")
    )
    return [
        DigestItem(
            risk.description,
            f"Scored {risk.score} ({risk.likelihood} likelihood x {risk.impact} impact); "
            f"{risk.action.short_name}, {risk.action.plan.title}; "
            f"{'owner ' + risk.owner.full_name if risk.owner else 'no owner named'}",
            risk.action.get_absolute_url(),
        )
        for risk in risks
    ]


def register() -> None:
    from workforce.digests import register_digest_section

    register_digest_section(
        "actionplans.actions",
        my_actions,
        title="Your actions due",
        order=10,
        url_name="actionplans:my_actions",
        about=f"Actions you own that are overdue or due within {DUE_WITHIN_DAYS} days.",
    )
    register_digest_section(
        "actionplans.milestones",
        my_milestones,
        title="Milestones due",
        order=11,
        about=f"Milestones of your actions not yet done, overdue or due within {DUE_WITHIN_DAYS} days.",
    )
    register_digest_section(
        "actionplans.overdue",
        plans_overdue_actions,
        title="Overdue actions in the plans",
        order=30,
        about="For the L&D manager: every plan's overdue actions.",
    )
    register_digest_section(
        "actionplans.risks",
        plans_high_risks,
        title=f"Risks scored {HIGH_RISK_SCORE} or more",
        order=31,
        about=f"For the L&D manager: open risks in the plans scored {HIGH_RISK_SCORE} or more.",
    )
