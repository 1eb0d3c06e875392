"""An applicant: adding one (with the equality monitoring questions, saved apart), their page
(details, dated stage history, pre-employment checks, letters, a move form), editing their
details, recording their checks, and starting them as a trainee (the checks gate, or the L&D
manager's override with a reason). Only the L&D manager (`traineeships.manage`); others 403.

The equality monitoring answers are asked once, on the add form, and never shown again: not on
this page, not in the edit form, not in its history (EqualityMonitoring keeps no history).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from traineeships import permissions, recruitment
from traineeships.models import Intake, PreEmploymentCheck, Stage, StageChange, Trainee
from traineeships.recruitment import MoveRefused, gate_unmet
from traineeships.recruitment_forms import ApplicantForm, ChecksForm, NewApplicantForm, StartForm
from traineeships.views.recruitment_board import STALE, applicants_for, move_card, with_left_from
from workforce.history import history_entries
from workforce.permissions import requires
from workforce.versioning import StaleEdit, save_or_conflict


def submitted(request):
    return request.POST if request.method == "POST" else None


def crumbs(intake, *more):
    return [
        ("Traineeships", reverse("traineeships:index")),
        (str(intake.programme), intake.programme.get_absolute_url()),
        (intake.name, intake.get_absolute_url()),
        ("Applicants", reverse("traineeships:board", args=[intake.pk])),
        *more,
    ]


def get_applicant(user, pk):
    """The applicant if this user manages recruitment, else 404; with what every page of theirs shows."""
    changes = Prefetch("stage_changes", queryset=StageChange.objects.select_related("recorded_by"))
    return get_object_or_404(
        with_left_from(applicants_for(user))
        .select_related("intake__programme", "checks_override_by")
        .prefetch_related("checks", changes),
        pk=pk,
    )


def applicant_page(request, applicant, *, move=None, status=200):
    checks = {check.kind: check for check in applicant.checks.all()}
    return render(
        request,
        "traineeships/recruitment/applicant.html",
        {
            "applicant": applicant,
            "breadcrumbs": crumbs(applicant.intake),
            "checks": [(kind.label, checks.get(kind)) for kind in PreEmploymentCheck.Kind],
            "move": move or offered_move(applicant, request.user),
            "trainee_url": trainee_url(applicant),
            "history": history_entries(
                applicant,
                parts=[("Check", PreEmploymentCheck.history.filter(applicant_id=applicant.pk))],
            ),
        },
        status=status,
    )


def trainee_url(applicant) -> str | None:
    """The trainee page of someone who started."""
    if applicant.stage != Stage.STARTED:
        return None
    trainee = Trainee.objects.filter(applicant=applicant).values_list("pk", flat=True).first()
    return reverse("traineeships:trainee", args=[trainee]) if trainee else None


def offered_move(applicant, user):
    """The move form the page offers: none once they started; a reopen, to the L&D manager only."""
    if applicant.stage == Stage.STARTED or not (applicant.is_open or permissions.can_manage(user)):
        return None
    return move_card(applicant, user)


@require_safe
@requires(permissions.MANAGE)
def applicant(request, pk):
    return applicant_page(request, get_applicant(request.user, pk))


def _form_page(request, form, *, heading, intake, cancel_url, status=200, **extra):
    return render(
        request,
        "traineeships/recruitment/applicant_form.html",
        {
            "form": form,
            "heading": heading,
            "cancel_url": cancel_url,
            "breadcrumbs": crumbs(intake),
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def applicant_create(request, intake_pk):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=intake_pk)
    form = NewApplicantForm(submitted(request))
    if form.is_bound and form.is_valid():
        applicant = recruitment.add_applicant(form, intake, request.user)
        messages.success(request, f"{applicant} added to {intake.name}.")
        return redirect(applicant)
    return _form_page(
        request,
        form,
        heading=f"Add an applicant to {intake.name}",
        intake=intake,
        cancel_url=reverse("traineeships:board", args=[intake.pk]),
        equality=True,
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def applicant_edit(request, pk):
    applicant = get_applicant(request.user, pk)
    form = ApplicantForm(submitted(request), instance=applicant)

    def page(**extra):
        return _form_page(
            request,
            form,
            heading=f"Edit {applicant}",
            intake=applicant.intake,
            cancel_url=applicant.get_absolute_url(),
            **extra,
        )

    if form.is_bound and form.is_valid():
        saved, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"{saved} saved.")
        return redirect(saved)
    return page(status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def checks(request, pk):
    applicant = get_applicant(request.user, pk)
    existing = {check.kind: check for check in applicant.checks.all()}
    form = ChecksForm(submitted(request), checks=existing)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        answers = {
            kind: (data[f"{kind}_status"], data[f"{kind}_on"], data[f"{kind}_note"]) for kind in form.kinds
        }
        changed = recruitment.record_checks(applicant, answers, request.user)
        messages.success(request, f"Checks of {applicant} saved ({changed} changed).")
        return redirect(applicant)
    return render(
        request,
        "traineeships/recruitment/checks.html",
        {
            "applicant": applicant,
            "form": form,
            "breadcrumbs": crumbs(applicant.intake, (str(applicant), applicant.get_absolute_url())),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def start(request, pk):
    applicant = get_applicant(request.user, pk)
    form = StartForm(submitted(request), initial={"on": timezone.localdate(), "version": applicant.version})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            recruitment.start(
                applicant, data["on"], request.user, data["override_reason"], read_version=data["version"]
            )
        except MoveRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        except StaleEdit:
            form.add_error(None, STALE.replace("Not moved", "Not started"))
        else:
            messages.success(
                request, f"{applicant} has started: they are a trainee of {applicant.intake.name}."
            )
            return redirect(applicant)
    return render(
        request,
        "traineeships/recruitment/start.html",
        {
            "applicant": applicant,
            "form": form,
            "unmet": gate_unmet(applicant),
            "at_checks": applicant.stage == Stage.CHECKS,
            "breadcrumbs": crumbs(applicant.intake, (str(applicant), applicant.get_absolute_url())),
        },
        status=400 if form.is_bound else 200,
    )
