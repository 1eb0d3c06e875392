"""Record a session: a course completed on one date by many people, saved all at once.

L&D managers record for anyone, managers for the staff in their own unit and below (the
`training.change` ability, then `visible_to` scoping in the form). The page works without
JavaScript: "Show the list" is a GET that comes back with the unit's staff to tick and everything
typed so far. With htmx, choosing a unit swaps in only the list (`UNIT_STAFF_TARGET`), and the search
box asks `session_people`, which searches the same people the form accepts.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from workforce import completions
from workforce.compliance_summary import matrix_url
from workforce.forms.training_session import SessionForm
from workforce.models import StaffMember
from workforce.permissions import requires
from workforce.views.staff_picker import MAX_RESULTS, SAFE_ID, with_details

UNIT_STAFF_TARGET = "unit-staff"


@require_http_methods(["GET", "POST"])
@requires("training.change")
def record_session(request):
    if request.method == "POST":
        form = SessionForm(request.user, request.POST)
        if form.is_valid():
            done = _save(request, form)
            if done is not None:
                return done
    else:
        form = SessionForm(request.user, query=request.GET)
        if request.htmx and request.htmx.target == UNIT_STAFF_TARGET:
            return render(request, "workforce/training/_unit_staff.html", {"form": form})
    return render(
        request, "workforce/training/session_form.html", {"form": form, "target": UNIT_STAFF_TARGET}
    )


def _save(request, form: SessionForm):
    """Save the session and redirect; None (with the refusal on the form) if any were recorded already."""
    entries = form.completions()
    course, day = form.cleaned_data["course"], form.cleaned_data["completed_on"]
    try:
        completions.record_completions(
            entries, user=request.user, reason=f"Recorded with the {course.title} session"
        )
    except completions.AlreadyRecorded as refused:
        # Sorted out before any add_error, which takes the field out of cleaned_data.
        by_field = {}
        for completion in refused.completions:
            by_field.setdefault(form.field_of(completion.person), []).append(completion)
        for field, theirs in by_field.items():
            form.add_error(field, completions.already_recorded_message(theirs))
        return None
    messages.success(request, completions.session_message(course, day, len(entries)))
    # The matrix for that course: the people just recorded show there as valid.
    return redirect(matrix_url(course=course.pk))


@require_GET
@requires("training.change")
def session_people(request):
    """The search behind the session form's picker: staff in post the user may record training for."""
    query = request.GET.get("picker_q", "").strip()
    target = request.GET.get("target", "")
    people = []
    if len(query) >= 2 and SAFE_ID.match(target):
        found = (
            StaffMember.objects.visible_to(request.user)
            .in_post()
            .annotate(picker_name=Concat("first_name", Value(" "), "last_name"))
            .filter(
                Q(assignment_number__startswith=query)
                | Q(picker_name__icontains=query)
                | Q(last_name__icontains=query)
            )
            .select_related("job_role", "org_unit")
            .order_by("last_name", "first_name", "pk")[:MAX_RESULTS]
        )
        people = with_details(found)
    return render(
        request,
        "workforce/partials/_staff_picker_results.html",
        {"people": people, "query": query, "target": target},
    )
