"""Staff profile pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from workforce import permissions
from workforce.history import history_entries
from workforce.models import StaffMember


def get_staff_or_404(user, pk) -> StaffMember:
    """The staff member if this user may see them; 404 otherwise (so scope is not revealed)."""
    return get_object_or_404(
        StaffMember.objects.visible_to(user).select_related("job_role", "org_unit", "line_manager", "user"),
        pk=pk,
    )


@login_required
def staff_detail(request, pk):
    person = get_staff_or_404(request.user, pk)
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "person": person,
            "training_records": person.training_records.select_related("course"),
            "can_change_training": permissions.can_change_training_for(request.user, person),
            "history": history_entries(person),
        },
    )
