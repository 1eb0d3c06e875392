"""Search behind the staff picker widget (workforce/widgets.py)."""

import re

from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workforce.models import StaffMember
from workforce.permissions import requires

MAX_RESULTS = 15
SAFE_ID = re.compile(r"^[\w-]{1,100}$")


@require_GET
@requires("staff.pick")
def picker(request):
    """People in post matching a name or assignment number: the name, number, role and unit only."""
    query = request.GET.get("picker_q", "").strip()
    target = request.GET.get("target", "")
    people = []
    if len(query) >= 2 and SAFE_ID.match(target):
        people = (
            StaffMember.objects.in_post()
            .annotate(picker_name=Concat("first_name", Value(" "), "last_name"))
            .filter(
                Q(picker_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(assignment_number__startswith=query)
            )
            .select_related("job_role", "org_unit")
            .order_by("last_name", "first_name", "pk")[:MAX_RESULTS]
        )
    return render(
        request,
        "workforce/partials/_staff_picker_results.html",
        {"people": people, "query": query, "target": target},
    )
