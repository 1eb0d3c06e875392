"""Report schedule pages (/reports/schedules/): the list, setting one up for a report kind,
changing it, pausing or resuming it, and deleting it. The L&D manager's (reports.schedule):
schedules are the organisation's, so every L&D manager sees and changes all of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reports import kinds, schedules
from reports.schedule_forms import ScheduleForm
from reports.schedule_models import ReportSchedule
from workforce.permissions import can, requires

SCHEDULE = "reports.schedule"


def get_schedule_or_404(pk: int) -> ReportSchedule:
    try:
        return ReportSchedule.objects.select_related("owner").get(pk=pk)
    except ReportSchedule.DoesNotExist:
        raise Http404("No such schedule") from None


def _data(request):
    return request.POST if request.method == "POST" else None


def _kind_for(user, key: str) -> kinds.ReportKind:
    try:
        kind = kinds.get(key)
    except KeyError:
        raise Http404("No such report") from None
    if not can(user, kind.ability):
        raise PermissionDenied
    return kind


@require_safe
@requires(SCHEDULE)
def schedule_list(request):
    """Every schedule with when it next fires, what it last did, and who gets it."""
    rows = ReportSchedule.objects.select_related("owner", "last_run").prefetch_related("recipients")
    page_obj = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    titles = {kind.key: kind.title for kind in kinds.all_kinds()}
    for schedule in page_obj:
        schedule.next_at = schedules.next_firing(schedule, now)
        schedule.kind_title = titles.get(schedule.kind_key, "A report no longer offered")
    offered = [kind for kind in kinds.all_kinds() if can(request.user, kind.ability)]
    context = {"page_obj": page_obj, "report_kinds": offered, "now": now}
    return render(request, "reports/schedules/list.html", context)


@require_http_methods(["GET", "POST"])
@requires(SCHEDULE)
def schedule_create(request, key: str):
    kind = _kind_for(request.user, key)
    form = ScheduleForm(_data(request), kind=kind, instance=ReportSchedule(owner=request.user))
    if request.method == "POST" and form.is_valid():
        schedule = form.save()
        messages.success(request, f"“{schedule.title}” is scheduled: {schedule.when_words.lower()}.")
        return redirect("reports:schedule_list")
    return render(request, "reports/schedules/form.html", {"form": form, "kind": kind})


@require_http_methods(["GET", "POST"])
@requires(SCHEDULE)
def schedule_edit(request, pk: int):
    schedule = get_schedule_or_404(pk)
    kind = _kind_for(request.user, schedule.kind_key)
    form = ScheduleForm(_data(request), kind=kind, instance=schedule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{schedule.title}” is saved.")
        return redirect("reports:schedule_list")
    context = {
        "form": form,
        "kind": kind,
        "schedule": schedule,
        "firings": schedule.firings.select_related("run")[:5],
    }
    return render(request, "reports/schedules/form.html", context)


@require_POST
@requires(SCHEDULE)
def schedule_pause(request, pk: int):
    """Pause, or resume. Resuming starts from the next firing: a report missed while paused is
    not sent late."""
    schedule = get_schedule_or_404(pk)
    schedule.is_paused = not schedule.is_paused
    if not schedule.is_paused:
        schedules.start_from_next_period(schedule, timezone.now())
    schedule.save(update_fields=["is_paused", "last_fired_period"])
    state = "paused: nothing is sent until it is resumed" if schedule.is_paused else "resumed"
    messages.success(request, f"“{schedule.title}” is {state}.")
    return redirect("reports:schedule_list")


@require_http_methods(["GET", "POST"])
@requires(SCHEDULE)
def schedule_delete(request, pk: int):
    """Ask first; the reports it already made stay in the list of reports."""
    schedule = get_schedule_or_404(pk)
    if request.method == "POST":
        schedule.delete()
        messages.success(request, f"“{schedule.title}” is deleted; no more reports will be sent for it.")
        return redirect("reports:schedule_list")
    return render(request, "reports/schedules/delete.html", {"schedule": schedule})
