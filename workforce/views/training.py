"""Adding and correcting a staff member's training records.

L&D managers may do it for anyone, managers for the staff in their own unit and below
(`permissions.can_change_training_for`); a record outside the user's scope is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from workforce import permissions
from workforce.forms.staff import TrainingRecordForm
from workforce.models import TrainingRecord
from workforce.permissions import requires
from workforce.views.staff import get_staff_or_404


def _training_form_page(request, form, person, record=None):
    return render(
        request,
        "workforce/training_form.html",
        {"form": form, "person": person, "record": record, "cancel_url": person.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
@requires("training.change")
def training_add(request, pk):
    person = get_staff_or_404(request.user, pk)
    if not permissions.can_change_training_for(request.user, person):
        raise Http404
    form = TrainingRecordForm(request.POST or None, instance=TrainingRecord(staff_member=person))
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(request, f"{record.course} was added to {person.full_name}'s training records.")
        return redirect(person)
    return _training_form_page(request, form, person)


@require_http_methods(["GET", "POST"])
@requires("training.change")
def training_edit(request, record_pk):
    record = get_object_or_404(
        TrainingRecord.objects.visible_to(request.user).select_related(
            "course", "staff_member", "staff_member__org_unit"
        ),
        pk=record_pk,
    )
    person = record.staff_member
    if not permissions.can_change_training_for(request.user, person):
        raise Http404
    form = TrainingRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{person.full_name}'s {record.course} record was saved.")
        return redirect(person)
    return _training_form_page(request, form, person, record)
