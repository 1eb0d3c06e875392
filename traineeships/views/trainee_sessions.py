"""Training sessions of an intake (induction, training days) and who attended: the L&D manager
lists and adds them, and ticks attendance from the intake's trainees and the staff supporting
them (supervisors, life coaches, team managers), as the session's audience says."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from traineeships import permissions
from traineeships.models import Intake, Placement, Trainee, TrainingSession
from traineeships.placements import record_attendance
from traineeships.trainee_forms import TrainingSessionForm
from workforce.models import StaffMember
from workforce.permissions import requires


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def intake_sessions(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=pk)
    form = TrainingSessionForm(request.POST or None, initial={"held_on": intake.starts_on})
    if form.is_bound and form.is_valid():
        form.instance.intake = intake
        session = form.save()
        messages.success(request, f"{session} added. Tick who attended once it has taken place.")
        return redirect("traineeships:session", session.pk)
    there = Q(attendance__attended=True)
    sessions = intake.sessions.annotate(
        trainees_there=Count("attendance", filter=there & Q(attendance__trainee__isnull=False)),
        staff_there=Count("attendance", filter=there & Q(attendance__staff_member__isnull=False)),
    ).order_by("held_on", "pk")
    context = {"intake": intake, "sessions": sessions, "form": form}
    return render(request, "traineeships/trainees/sessions.html", context)


def audience(session: TrainingSession) -> tuple[list, list]:
    """(trainees, staff) who may be ticked: the intake's trainees, and the people named on their
    placements in the roles the session is for."""
    trainees = (
        list(Trainee.objects.filter(applicant__intake_id=session.intake_id).select_related("applicant"))
        if session.for_trainees
        else []
    )
    roles = [
        field
        for wanted, field in (
            (session.for_supervisors, "supervisor"),
            (session.for_life_coaches, "life_coach"),
            (session.for_team_managers, "team_manager"),
        )
        if wanted
    ]
    placements = Placement.objects.filter(trainee__applicant__intake_id=session.intake_id)
    staff_ids = Q(pk__in=[])
    for field in roles:
        staff_ids |= Q(pk__in=placements.values(f"{field}_id"))
    staff = StaffMember.objects.filter(staff_ids).order_by("last_name", "first_name", "pk")
    return trainees, (list(staff) if roles else [])


def _ids(values, allowed: set[int]) -> set[int]:
    return {int(v) for v in values if v.isdigit() and int(v) in allowed}


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def session(request, pk):
    found = get_object_or_404(TrainingSession.objects.select_related("intake__programme"), pk=pk)
    trainees, staff = audience(found)
    if request.method == "POST":
        record_attendance(
            found,
            _ids(request.POST.getlist("trainee"), {t.pk for t in trainees}),
            _ids(request.POST.getlist("staff"), {s.pk for s in staff}),
        )
        messages.success(request, f"Attendance at {found} saved.")
        return redirect("traineeships:session", found.pk)
    there = set(found.attendance.filter(attended=True).values_list("trainee_id", "staff_member_id"))
    context = {
        "session": found,
        "trainees": [(t, (t.pk, None) in there) for t in trainees],
        "staff": [(s, (None, s.pk) in there) for s in staff],
    }
    return render(request, "traineeships/trainees/session.html", context)
