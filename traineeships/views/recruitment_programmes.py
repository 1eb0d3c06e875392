"""Programme and intake pages (the recruitment funnel, checks outstanding, placements, support
meetings due, breakdowns, outcomes) and the L&D manager's programme and intake forms.

Readers: those with `traineeships.figures` (the L&D manager, a director). A director sees the
same figures without any name (`show_names` is False for them); everyone else gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from traineeships import permissions
from traineeships.models import Applicant, Intake, Programme
from traineeships.recruitment_figures import headline_by_intake, overview
from traineeships.recruitment_forms import IntakeForm, ProgrammeForm
from workforce.history import history_entries
from workforce.permissions import requires
from workforce.versioning import save_or_conflict


def submitted(request):
    return request.POST if request.method == "POST" else None


def index_crumb():
    return ("Traineeships", reverse("traineeships:index"))


@require_safe
@requires(permissions.FIGURES)
def programme(request, pk):
    programme = get_object_or_404(Programme.objects.prefetch_related("partners"), pk=pk)
    intakes = list(programme.intakes.order_by("-starts_on", "pk"))
    figures = headline_by_intake([intake.pk for intake in intakes])
    manages = permissions.can_manage(request.user)
    return render(
        request,
        "traineeships/recruitment/programme.html",
        {
            "programme": programme,
            "breadcrumbs": [index_crumb()],
            "intakes": [(intake, figures[intake.pk]) for intake in intakes],
            "overview": overview(Applicant.objects.filter(intake__programme=programme), timezone.localdate()),
            "show_names": manages,
            "can_manage": manages,
            "history": history_entries(programme) if manages else None,
        },
    )


@require_safe
@requires(permissions.FIGURES)
def intake(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=pk)
    manages = permissions.can_manage(request.user)
    return render(
        request,
        "traineeships/recruitment/intake.html",
        {
            "intake": intake,
            "breadcrumbs": [index_crumb(), (str(intake.programme), intake.programme.get_absolute_url())],
            "overview": overview(Applicant.objects.filter(intake=intake), timezone.localdate()),
            "show_names": manages,
            "can_manage": manages,
            "history": history_entries(intake) if manages else None,
        },
    )


# --- The L&D manager's forms ------------------------------------------------------------------


def form_page(request, form, *, heading, cancel_url, breadcrumbs, status=200, **extra):
    return render(
        request,
        "traineeships/recruitment/form.html",
        {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": breadcrumbs, **extra},
        status=status,
    )


def _save(request, form, page, done: str):
    if form.is_bound and form.is_valid():
        saved, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, done.format(saved))
        return redirect(saved)
    return page(status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def programme_create(request):
    form = ProgrammeForm(submitted(request))

    def page(**extra):
        return form_page(
            request,
            form,
            heading="Add a programme",
            cancel_url=reverse("traineeships:index"),
            breadcrumbs=[index_crumb()],
            **extra,
        )

    return _save(request, form, page, "Programme “{}” added. Now add its first intake.")


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def programme_edit(request, pk):
    programme = get_object_or_404(Programme, pk=pk)
    form = ProgrammeForm(submitted(request), instance=programme)

    def page(**extra):
        return form_page(
            request,
            form,
            heading=f"Edit {programme}",
            cancel_url=programme.get_absolute_url(),
            breadcrumbs=[index_crumb(), (str(programme), programme.get_absolute_url())],
            **extra,
        )

    return _save(request, form, page, "Programme “{}” saved.")


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def intake_create(request, programme_pk):
    programme = get_object_or_404(Programme, pk=programme_pk)
    form = IntakeForm(submitted(request), programme=programme)

    def page(**extra):
        return form_page(
            request,
            form,
            heading=f"Add an intake to {programme}",
            cancel_url=programme.get_absolute_url(),
            breadcrumbs=[index_crumb(), (str(programme), programme.get_absolute_url())],
            **extra,
        )

    return _save(request, form, page, "Intake “{}” added.")


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def intake_edit(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=pk)
    form = IntakeForm(submitted(request), instance=intake, programme=intake.programme)

    def page(**extra):
        return form_page(
            request,
            form,
            heading=f"Edit {intake.name}",
            cancel_url=intake.get_absolute_url(),
            breadcrumbs=[
                index_crumb(),
                (str(intake.programme), intake.programme.get_absolute_url()),
                (intake.name, intake.get_absolute_url()),
            ],
            **extra,
        )

    return _save(request, form, page, "Intake “{}” saved.")
