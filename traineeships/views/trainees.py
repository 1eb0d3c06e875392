"""The trainee page, "My trainees" (with its home panel), and the L&D manager's edits of the
trainee's record, outcomes and feedback. The trainee page's query count does not depend on how
much there is; the confidential plans are read (and their link shown) only for holders of
`traineeships.confidential`, so nobody else learns that a plan exists."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from traineeships import permissions
from traineeships.models import (
    ConfidentialSupportPlan,
    Feedback,
    Outcome,
    Placement,
    SessionAttendance,
    SupportMeeting,
)
from traineeships.trainee_forms import FeedbackForm, OutcomeForm, TraineeForm
from traineeships.views.trainees_common import (
    follow_ups,
    my_trainees,
    shows_vacancies,
    support_due,
    trainee_for,
    trainee_form_page,
    trainees_for,
    with_due,
)
from workforce.history import history_entries
from workforce.permissions import requires
from workforce.versioning import save_or_conflict

HOME_LIMIT = 6


def placements_of(trainee):
    return list(
        trainee.placements.select_related("host_unit", "supervisor", "life_coach", "team_manager").order_by(
            "-starts_on", "-pk"
        )
    )


def trainee_history(trainee, placements):
    units = {p.pk: str(p.host_unit) for p in placements}
    parts = [
        (
            "Placement",
            Placement.history.filter(trainee_id=trainee.pk),
            lambda r: f"at {units.get(r.id, 'a former unit')} from {r.starts_on:%-d %b %Y}",
        ),
        ("Support meeting", SupportMeeting.history.filter(trainee_id=trainee.pk)),
        ("Outcome", Outcome.history.filter(trainee_id=trainee.pk)),
    ]
    return history_entries(trainee, limit=25, parts=parts)


@requires()
@require_safe
def trainee(request, pk):
    user = request.user
    today = timezone.localdate()
    person = get_object_or_404(trainees_for(user).with_support().with_end(), pk=pk)
    placements = placements_of(person)
    outcomes = list(person.outcomes.all())
    can_confidential = permissions.can_open_confidential(user)
    context = {
        "trainee": person,
        "applicant": person.applicant,
        "today": today,
        "support": support_due(person, today),
        "placements": placements,
        "current": next((p for p in placements if p.status == Placement.Status.ACTIVE), None),
        "meetings": list(person.support_meetings.select_related("recorded_by")),
        "sessions": list(
            SessionAttendance.objects.filter(trainee=person, attended=True)
            .select_related("session")
            .order_by("session__held_on", "pk")
        ),
        "feedback": list(person.feedback.all()),
        "follow_ups": follow_ups(person.end_on, outcomes, today),
        "shows_vacancies": shows_vacancies(person.end_on, today),
        "history": trainee_history(person, placements),
        "can_manage": permissions.can_manage(user),
        "can_record": permissions.can_record_support(user, placements),
        "can_confidential": can_confidential,
        # Read only for holders: for anyone else the page costs the same and says nothing of plans.
        "plans": list(ConfidentialSupportPlan.objects.filter(trainee=person)) if can_confidential else [],
    }
    return render(request, "traineeships/trainees/trainee.html", context)


@requires()
@require_safe
def mine(request):
    today = timezone.localdate()
    page_obj = Paginator(my_trainees(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = with_due(page_obj.object_list, today)
    context = {
        "rows": rows,
        "page_obj": page_obj,
        "overdue_count": sum(1 for row in rows if row.support.overdue),
        "today": today,
        "sees_all": permissions.can_manage(request.user),
    }
    return render(request, "traineeships/trainees/mine.html", context)


def trainees_panel(request, me, today: datetime.date) -> dict | None:
    """ "My trainees" on the home page, for anyone with a trainee to support or oversee: one query
    (nobody without a staff record pays for it)."""
    if me is None:
        return None
    rows = with_due(my_trainees(request.user)[: HOME_LIMIT + 1], today)
    if not rows:
        return None
    return {
        "rows": rows[:HOME_LIMIT],
        "more": len(rows) > HOME_LIMIT,
        "overdue_count": sum(1 for row in rows[:HOME_LIMIT] if row.support.overdue),
    }


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def trainee_edit(request, pk):
    person = trainee_for(request.user, pk)
    form = TraineeForm(request.POST or None, instance=person, user=request.user)

    def page(status=200, **extra):
        return trainee_form_page(request, person, form, "Edit the trainee's record", status, **extra)

    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"{person}'s record saved.")
        return redirect(person.get_absolute_url())
    return page()


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def outcome_add(request, pk):
    person = trainee_for(request.user, pk)
    initial = {"when": request.GET.get("when", Outcome.When.AT_END), "recorded_on": timezone.localdate()}
    form = OutcomeForm(request.POST or None, trainee=person, initial=initial)
    if form.is_bound and form.is_valid():
        form.instance.trainee = person
        outcome = form.save()
        messages.success(request, f"Outcome recorded: {outcome}.")
        return redirect(person.get_absolute_url() + "#outcomes-heading")
    return trainee_form_page(request, person, form, "Record an outcome")


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk):
    outcome = get_object_or_404(Outcome.objects.select_related("trainee"), pk=pk)
    person = trainee_for(request.user, outcome.trainee_id)
    form = OutcomeForm(request.POST or None, instance=outcome, trainee=person)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, f"Outcome saved: {outcome}.")
        return redirect(person.get_absolute_url() + "#outcomes-heading")
    return trainee_form_page(request, person, form, "Edit an outcome")


@requires()
@require_http_methods(["GET", "POST"])
def feedback_add(request, pk):
    person = trainee_for(request.user, pk)
    if not permissions.can_record_support(request.user, placements_of(person)):
        raise PermissionDenied
    form = FeedbackForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        form.instance.trainee = person
        form.save()
        messages.success(request, "Feedback recorded.")
        return redirect(person.get_absolute_url() + "#feedback-heading")
    return trainee_form_page(request, person, form, "Record feedback")


@requires(permissions.can_manage)
@require_http_methods(["GET", "POST"])
def feedback_edit(request, pk):
    entry = get_object_or_404(Feedback, pk=pk)
    person = trainee_for(request.user, entry.trainee_id)
    form = FeedbackForm(request.POST or None, instance=entry)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Feedback saved.")
        return redirect(person.get_absolute_url() + "#feedback-heading")
    return trainee_form_page(request, person, form, "Edit feedback")
