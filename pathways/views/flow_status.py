"""The status steps on a candidate: start development, judge readiness, mark ready, back to
development (judged ready too soon), withdraw, progress, change mentor. Each is a POST from the
candidate page that redirects back to it (pathways:candidate); a form with errors, or a step
refused, re-renders on a page of its own with the message and a way back.

Who may: readiness, the candidate's current mentor or the L&D manager (can_develop); every other
step, the L&D manager. Someone who may not see the enrolment gets 404 (its existence is not told),
someone who sees it but may not act 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pathways import permissions, transitions
from pathways.flow_forms import (
    BackToDevelopmentForm,
    ChangeMentorForm,
    ReadinessForm,
    VersionOnlyForm,
    WithdrawForm,
    possible_mentors,
)
from pathways.models import Enrolment
from pathways.progression import progress
from pathways.transitions import TransitionRefused
from workforce.permissions import requires
from workforce.versioning import StaleEdit

Status = Enrolment.Status
STALE = (
    "Not done: someone else changed this candidate's record after you opened the page. "
    "Look at it again as it is now, then try again if it still applies."
)


@dataclass(frozen=True)
class Step:
    name: str  # the URL name in pathways
    label: str  # the button
    form_class: type
    # Statuses in which the step is offered (the transitions module has the last word).
    offered_in: frozenset
    manager_only: bool = True
    danger: bool = False


STEPS = [
    Step("start_development", "Start development", VersionOnlyForm, frozenset({Status.ACCEPTED})),
    Step(
        "judge_readiness",
        "Record readiness",
        ReadinessForm,
        frozenset(transitions.JUDGED_IN),
        manager_only=False,
    ),
    Step("mark_ready", "Mark ready to progress", VersionOnlyForm, frozenset({Status.IN_DEVELOPMENT})),
    Step("progress", "Progress to the new role", VersionOnlyForm, frozenset({Status.READY})),
    Step("back_to_development", "Back to development", BackToDevelopmentForm, frozenset({Status.READY})),
    Step("change_mentor", "Change mentor", ChangeMentorForm, frozenset(transitions.WITH_MENTOR)),
    Step("withdraw", "Withdraw from the pathway", WithdrawForm, frozenset(Enrolment.OPEN), danger=True),
]
BY_NAME = {step.name: step for step in STEPS}


def may_take(user, step: Step, enrolment: Enrolment) -> bool:
    if step.manager_only:
        return permissions.can_manage(user)
    return permissions.can_develop(user, enrolment)


def make_form(step: Step, enrolment: Enrolment, data=None, mentors=None):
    kwargs = {"prefix": step.name, "auto_id": f"{step.name}-%s", "initial": {"version": enrolment.version}}
    if step.form_class is ChangeMentorForm:
        kwargs["mentors"] = mentors if mentors is not None else possible_mentors()
    if step.form_class is ReadinessForm and enrolment.readiness:
        kwargs["initial"]["readiness"] = enrolment.readiness
    return step.form_class(data, **kwargs)


def status_actions(user, enrolment: Enrolment) -> list[dict]:
    """The steps this user may take on this enrolment now, each with its blank form: for the
    candidate page (include pathways/partials/_status_actions.html with `actions`)."""
    offered = [s for s in STEPS if enrolment.status in s.offered_in and may_take(user, s, enrolment)]
    mentors = list(possible_mentors()) if any(s.form_class is ChangeMentorForm for s in offered) else None
    return [
        {
            "step": step,
            "form": make_form(step, enrolment, mentors=mentors),
            "url": reverse(f"pathways:{step.name}", args=[enrolment.pk]),
        }
        for step in offered
    ]


def enrolment_for(user, pk) -> Enrolment:
    """The enrolment if this user may read it, or 404."""
    return get_object_or_404(
        Enrolment.objects.visible_to(user).select_related(
            "staff_member", "target_stage__job_role", "pathway"
        ),
        pk=pk,
    )


def take(request, pk, name: str, act):
    step = BY_NAME[name]
    enrolment = enrolment_for(request.user, pk)
    if not may_take(request.user, step, enrolment):
        raise PermissionDenied
    form = make_form(step, enrolment, request.POST)
    status = 400
    if form.is_valid():
        try:
            said = act(enrolment, form.cleaned_data)
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        except StaleEdit:
            form.add_error(None, STALE)
            status = 409
        else:
            messages.success(request, said)
            return redirect("pathways:candidate", enrolment.pk)
    return render(
        request,
        "pathways/status_step.html",
        {
            "enrolment": enrolment,
            "step": step,
            "form": form,
            "url": reverse(f"pathways:{step.name}", args=[enrolment.pk]),
        },
        status=status,
    )


@require_POST
@requires(permissions.MANAGE)
def start_development(request, pk):
    def act(enrolment, data):
        transitions.start_development(enrolment, request.user, read_version=data["version"])
        return f"Development started for {enrolment.staff_member}."

    return take(request, pk, "start_development", act)


@require_POST
@requires()
def judge_readiness(request, pk):
    def act(enrolment, data):
        judged = transitions.judge_readiness(
            enrolment, data["readiness"], request.user, read_version=data["version"]
        )
        return f"Readiness recorded: {judged.get_readiness_display()}."

    return take(request, pk, "judge_readiness", act)


@require_POST
@requires(permissions.MANAGE)
def mark_ready(request, pk):
    def act(enrolment, data):
        transitions.mark_ready(enrolment, request.user, read_version=data["version"])
        return f"{enrolment.staff_member} marked ready to progress."

    return take(request, pk, "mark_ready", act)


@require_POST
@requires(permissions.MANAGE)
def progress_view(request, pk):
    def act(enrolment, data):
        done = progress(enrolment, request.user, read_version=data["version"])
        return (
            f"{done.staff_member} progressed to {done.target_stage.job_role}; their staff record now says so."
        )

    return take(request, pk, "progress", act)


@require_POST
@requires(permissions.MANAGE)
def change_mentor(request, pk):
    def act(enrolment, data):
        transitions.change_mentor(
            enrolment, data["mentor"], request.user, read_version=data["version"], reason=data["reason"]
        )
        return f"{data['mentor']} now mentors {enrolment.staff_member}."

    return take(request, pk, "change_mentor", act)


@require_POST
@requires(permissions.MANAGE)
def withdraw(request, pk):
    def act(enrolment, data):
        transitions.withdraw(enrolment, data["reason"], request.user, read_version=data["version"])
        return f"{enrolment.staff_member} withdrawn from the pathway."

    return take(request, pk, "withdraw", act)


@require_POST
@requires(permissions.MANAGE)
def back_to_development(request, pk):
    def act(enrolment, data):
        transitions.back_to_development(enrolment, data["reason"], request.user, read_version=data["version"])
        return f"{enrolment.staff_member} is back in development."

    return take(request, pk, "back_to_development", act)
