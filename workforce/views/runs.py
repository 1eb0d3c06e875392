"""Background run pages: one run's progress and outcome (polled by htmx), and your recent runs."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from workforce.permissions import requires
from workforce.runs import BackgroundRun, get_run_for_user_or_404

RECENT_RUNS = 20
# Seconds between looks at a run still going: htmx's poll, and the no-JavaScript page refresh.
POLL_SECONDS = 2
# htmx stops polling when an answer has this status (and still swaps in the final state).
STOP_POLLING = 286


@requires()
@require_GET
def run_detail(request, pk: int):
    """The requester's run (anyone else gets 404); an htmx poll gets just the status partial."""
    run = get_run_for_user_or_404(request.user, pk)
    context = {"run": run, "poll_seconds": POLL_SECONDS}
    if request.htmx:
        response = render(request, "workforce/runs/_status.html", context)
        if run.is_finished:
            response.status_code = STOP_POLLING
        return response
    return render(request, "workforce/runs/detail.html", context)


@requires()
@require_GET
def run_list(request):
    runs = BackgroundRun.objects.visible_to(request.user)[:RECENT_RUNS]
    return render(request, "workforce/runs/list.html", {"runs": runs, "limit": RECENT_RUNS})
