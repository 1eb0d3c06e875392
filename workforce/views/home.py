"""'My work': the home page, one panel per role the user holds."""

import datetime

from django.shortcuts import render

from workforce import permissions
from workforce.models import StaffMember, TrainingRecord
from workforce.permissions import Role, requires

EXPIRY_WINDOW_DAYS = 60


@requires()
def home(request):
    user = request.user
    today = datetime.date.today()
    me = permissions.own_staff_record(user)
    visible_staff = StaffMember.objects.visible_to(user).active()
    context = {"me": me, "today": today}

    if permissions.has_role(user, Role.LD_MANAGER) or permissions.has_role(user, Role.DIRECTOR):
        context["headline"] = {
            "current_staff": visible_staff.current().count(),
            "leavers_last_12_months": visible_staff.filter(
                leaving_date__gt=today - datetime.timedelta(days=365), leaving_date__lte=today
            ).count(),
            "expired_training": TrainingRecord.objects.of_current_staff(today).expired(today).count(),
        }
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
        context["team"] = visible_staff.current().exclude(pk=me.pk).for_listing()[:15]
        context["team_size"] = visible_staff.current().exclude(pk=me.pk).count()
    if me is not None:
        context["my_training"] = me.training_records.select_related("course")[:10]
    return render(request, "workforce/home.html", context)
