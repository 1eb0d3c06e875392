"""'My work': the home page, one panel per role the user holds, and the panels apps add
through `workforce.home_panels` (an action owner's actions, from actionplans).

The headlines count people (never records) among the staff the viewer may see, and each
links to the directory filtered to the same people, so a figure and its list always agree.
"""

import datetime
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from workforce import home_panels, permissions
from workforce.models import StaffMember, TrainingRecord, add_months
from workforce.permissions import Role, requires

EXPIRY_WINDOW_DAYS = 60


def last_12_months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The day after the same date a year ago, to today: both ends inclusive."""
    return add_months(today, -12) + datetime.timedelta(days=1), today


def directory_url(**params) -> str:
    return f"{reverse('staff:list')}?{urlencode(params)}"


def headlines(visible_staff, today: datetime.date) -> list[dict]:
    """Each headline: its number, what it counts in words, and the list behind it."""
    left_from, left_to = last_12_months(today)
    in_post = visible_staff.in_post(today)
    return [
        {
            "key": "in_post",
            "count": in_post.count(),
            "label": "People in post",
            "url": directory_url(status="current", on=today.isoformat()),
        },
        {
            "key": "leavers",
            "count": visible_staff.left_between(left_from, left_to).count(),
            "label": "People who left in the last 12 months",
            "url": directory_url(
                status="leavers", left_from=left_from.isoformat(), left_to=left_to.isoformat()
            ),
        },
        {
            "key": "expired_training",
            "count": in_post.with_expired_training(today).count(),
            "label": "People in post with expired training not yet renewed",
            "url": directory_url(status="current", on=today.isoformat(), training="expired"),
        },
    ]


@require_safe
@requires()
def home(request):
    user = request.user
    today = datetime.date.today()
    me = permissions.own_staff_record(user)
    visible_staff = StaffMember.objects.visible_to(user).active()
    context = {"me": me, "today": today}

    if permissions.has_role(user, Role.LD_MANAGER) or permissions.has_role(user, Role.DIRECTOR):
        context["headlines"] = headlines(visible_staff, today)
    if permissions.has_role(user, Role.LD_MANAGER) or permissions.has_role(user, Role.MANAGER):
        context["expiring_soon"] = (
            TrainingRecord.objects.visible_to(user)
            .of_current_staff(today)
            .latest_completions()
            .filter(expires_on__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS))
            .select_related("staff_member", "course")
            .order_by("expires_on")[:10]
        )
    if permissions.has_role(user, Role.MANAGER) and me is not None:
        context["team"] = visible_staff.in_post(today).exclude(pk=me.pk).for_listing()[:15]
        context["team_size"] = visible_staff.in_post(today).exclude(pk=me.pk).count()
    if me is not None:
        context["my_training"] = me.training_records.select_related("course")[:10]
    context["app_panels"] = home_panels.panels_for(request, me, today)
    return render(request, "workforce/home.html", context)
