"""Nominating, and the L&D manager's nominations queue: accept with a mentor, or decline with a
reason. The steps are pathways/transitions.py's; these views parse, check and redirect.

- Nominate: a manager for staff in their unit and below, the L&D manager for anyone in post
  (pathways.permissions.nominable_staff); the person is chosen with the staff picker, whose
  search (`nominee_search`) looks among the same people.
- The queue: nominations waiting for a decision, oldest first, each with its two forms. A refused
  decision re-renders the queue with the errors on that nomination's row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways import permissions, transitions
from pathways.flow_forms import AcceptForm, DeclineForm, NominationForm, possible_mentors
from pathways.models import Enrolment
from pathways.transitions import TransitionRefused
from workforce.permissions import requires
from workforce.versioning import StaleEdit
from workforce.views.staff_picker import MAX_RESULTS, SAFE_ID, with_details

STALE = (
    "Not saved: someone else acted on this nomination after you opened the page. It is shown as it is now."
)


@require_http_methods(["GET", "POST"])
@requires(permissions.NOMINATE)
def nominate(request):
    if request.method == "POST":
        form = NominationForm(request.user, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrolment = transitions.nominate(
                    data["staff_member"], data["stage"], data["reason"], request.user
                )
            except TransitionRefused as refused:
                form.add_error("staff_member", str(refused))
            else:
                messages.success(
                    request,
                    f"{enrolment.staff_member} nominated for {enrolment.target_stage.job_role}. "
                    "The L&D manager will accept or decline the nomination.",
                )
                return redirect(enrolment.pathway)
    else:
        stage = request.GET.get("stage", "")
        form = NominationForm(request.user, initial={"stage": stage if stage.isdigit() else None})
    # A refused nomination is a 400, as every refused write of the flow.
    return render(request, "pathways/nominate.html", {"form": form}, status=400 if form.is_bound else 200)


@require_GET
@requires(permissions.NOMINATE)
def nominee_search(request):
    """The nomination form's picker search: the people this user may nominate."""
    query = request.GET.get("picker_q", "").strip()
    target = request.GET.get("target", "")
    people = []
    if len(query) >= 2 and SAFE_ID.match(target):
        found = (
            permissions.nominable_staff(request.user)
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


def waiting():
    return (
        Enrolment.objects.filter(status=Enrolment.Status.NOMINATED)
        .select_related(
            "staff_member__org_unit",
            "staff_member__job_role",
            "target_stage__job_role",
            "pathway",
            "nominated_by",
        )
        .order_by("nominated_on", "pk")
    )


def queue_page(request, bound: dict | None = None, status: int = 200):
    """The queue; `bound` = {enrolment pk: {"accept": form} or {"decline": form}} with errors to show."""
    bound = bound or {}
    page_obj = Paginator(waiting(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    mentors = list(possible_mentors())
    rows = []
    for enrolment in page_obj:
        forms = bound.get(enrolment.pk, {})
        prefix = f"n{enrolment.pk}"
        initial = {"version": enrolment.version}
        rows.append(
            {
                "enrolment": enrolment,
                "accept": forms.get("accept")
                or AcceptForm(initial=initial, mentors=mentors, prefix=prefix, auto_id=f"accept-{prefix}-%s"),
                "decline": forms.get("decline")
                or DeclineForm(initial=initial, prefix=prefix, auto_id=f"decline-{prefix}-%s"),
            }
        )
    return render(request, "pathways/nominations.html", {"page_obj": page_obj, "rows": rows}, status=status)


def _nomination(pk) -> Enrolment:
    # The L&D manager sees every enrolment; a decided one is no longer in the queue.
    return get_object_or_404(
        Enrolment.objects.select_related("staff_member", "target_stage__job_role"), pk=pk
    )


def _decide(request, pk, form_class, kind: str, act):
    enrolment = _nomination(pk)
    prefix = f"n{enrolment.pk}"
    kwargs = {"mentors": possible_mentors()} if form_class is AcceptForm else {}
    form = form_class(request.POST, prefix=prefix, auto_id=f"{kind}-{prefix}-%s", **kwargs)
    if form.is_valid():
        try:
            done = act(enrolment, form.cleaned_data)
        except TransitionRefused as refused:
            if enrolment.status != Enrolment.Status.NOMINATED:  # decided meanwhile: no row to show it on
                messages.error(request, str(refused))
                return redirect("pathways:nominations")
            form.add_error(None, str(refused))
        except StaleEdit:
            messages.error(request, STALE)
            return redirect("pathways:nominations")
        else:
            messages.success(request, done)
            return redirect("pathways:nominations")
    return queue_page(request, {enrolment.pk: {kind: form}}, status=400)


@require_POST
@requires(permissions.MANAGE)
def accept(request, pk):
    def act(enrolment, data):
        accepted = transitions.accept(enrolment, data["mentor"], request.user, read_version=data["version"])
        return f"{accepted.staff_member}'s nomination accepted, with {data['mentor']} as mentor."

    return _decide(request, pk, AcceptForm, "accept", act)


@require_POST
@requires(permissions.MANAGE)
def decline(request, pk):
    def act(enrolment, data):
        declined = transitions.decline(enrolment, data["reason"], request.user, read_version=data["version"])
        return f"{declined.staff_member}'s nomination declined."

    return _decide(request, pk, DeclineForm, "decline", act)


@require_GET
@requires(permissions.MANAGE)
def nominations(request):
    return queue_page(request)
