"""Placements (the L&D manager places a trainee, edits, ends a placement or records its breakdown)
and support meetings (recorded by the L&D manager or the trainee's supervisor or life coach, edited
by the L&D manager). Writes go through traineeships/placements.py; placement edits are
version-checked."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from traineeships import permissions
from traineeships.models import Placement, SupportMeeting
from traineeships.placements import PlacementRefusal, edit_placement, end_placement, place, record_breakdown
from traineeships.trainee_forms import BreakdownForm, EndPlacementForm, PlacementForm, SupportMeetingForm
from traineeships.views.trainees import placements_of
from traineeships.views.trainees_common import trainee_for, trainee_form_page
from workforce.permissions import requires
from workforce.versioning import save_or_conflict


def _placement(user, pk) -> Placement:
    placement = get_object_or_404(Placement.objects.select_related("host_unit"), pk=pk)
    placement.trainee = trainee_for(user, placement.trainee_id)
    return placement


def _save(request, form, page, use_case):
    """Run the use case; a refusal goes next to its field, a stale edit gives the conflict page."""
    try:
        return save_or_conflict(form, page=page, save=lambda: use_case(form))
    except PlacementRefusal as refusal:
        form.add_error(refusal.field, str(refusal))
        return None, page(status=200)


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def placement_add(request, pk):
    trainee = trainee_for(request.user, pk)
    initial = {"starts_on": timezone.localdate(), "status": Placement.Status.ACTIVE}
    form = PlacementForm(request.POST or None, initial=initial, user=request.user)

    def page(status=200, **extra):
        return trainee_form_page(
            request, trainee, form, f"Place {trainee}", status, submit_label="Place", **extra
        )

    if form.is_bound and form.is_valid():
        placement, answer = _save(request, form, page, lambda f: place(f, trainee))
        if placement is None:
            return answer
        messages.success(request, f"{trainee} placed at {placement.host_unit}.")
        return redirect(trainee.get_absolute_url() + f"#placement-{placement.pk}")
    return page()


def _placement_form_view(request, pk, form_class, use_case, title, done, **form_kwargs):
    placement = _placement(request.user, pk)
    trainee = placement.trainee
    form = form_class(request.POST or None, instance=placement, **form_kwargs)

    def page(status=200, **extra):
        heading = title.format(placement=placement)
        return trainee_form_page(request, trainee, form, heading, status, placement=placement, **extra)

    if form.is_bound and form.is_valid():
        saved, answer = _save(request, form, page, use_case)
        if saved is None:
            return answer
        messages.success(request, done.format(placement=saved))
        return redirect(trainee.get_absolute_url() + f"#placement-{saved.pk}")
    return page()


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def placement_edit(request, pk):
    return _placement_form_view(
        request,
        pk,
        PlacementForm,
        edit_placement,
        "Edit the placement at {placement.host_unit}",
        "Placement at {placement.host_unit} saved.",
        user=request.user,
    )


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def placement_end(request, pk):
    return _placement_form_view(
        request,
        pk,
        EndPlacementForm,
        end_placement,
        "End the placement at {placement.host_unit}",
        "Placement at {placement.host_unit} ended on {placement.ends_on:%-d %b %Y}.",
    )


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def placement_breakdown(request, pk):
    return _placement_form_view(
        request,
        pk,
        BreakdownForm,
        record_breakdown,
        "Record a breakdown of the placement at {placement.host_unit}",
        "Breakdown of the placement at {placement.host_unit} recorded.",
    )


@requires()
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    trainee = trainee_for(request.user, pk)
    if not permissions.can_record_support(request.user, placements_of(trainee)):
        raise PermissionDenied
    form = SupportMeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        form.instance.trainee = trainee
        form.instance.recorded_by = request.user
        meeting = form.save()
        messages.success(request, f"{meeting} recorded.")
        return redirect(trainee.get_absolute_url() + f"#meeting-{meeting.pk}")
    return trainee_form_page(request, trainee, form, "Record a support meeting")


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_object_or_404(SupportMeeting, pk=pk)
    trainee = trainee_for(request.user, meeting.trainee_id)
    form = SupportMeetingForm(request.POST or None, instance=meeting)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, f"{meeting} saved.")
        return redirect(trainee.get_absolute_url() + f"#meeting-{meeting.pk}")
    return trainee_form_page(request, trainee, form, "Edit a support meeting")
