"""Board report pages: the index (report kinds and past report runs), asking for a report, a
report run's progress (polled by htmx), its download, and trying a failed one again.

A report run is a core background run (reports/jobs.py). Unlike other runs, it is the Board's,
not its requester's: everyone who may ask for reports sees and downloads every report run,
and the lists say who asked for each.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reports import jobs, kinds
from workforce.permissions import can, requires
from workforce.views.runs import POLL_SECONDS, STOP_POLLING

REQUEST = kinds.REQUEST_ABILITY
DOWNLOAD_CHUNK = 64 * 1024


def _kind_or_404(key: str) -> kinds.ReportKind:
    try:
        return kinds.get(key)
    except KeyError:
        raise Http404("No such report") from None


@require_safe
@requires()
def index(request):
    """Everyone signed in reaches the section; the kinds and past runs are for those who may
    ask for reports (the others are told who can)."""
    allowed = [kind for kind in kinds.all_kinds() if can(request.user, kind.ability)]
    page_obj = None
    if allowed:
        report_runs = jobs.report_runs_visible_to(request.user).select_related("requested_by")
        page_obj = Paginator(report_runs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        labels = {kind.job_kind: kind.title for kind in allowed}
        for run in page_obj:
            run.report_title = labels.get(run.kind, run.label)
    return render(request, "reports/index.html", {"report_kinds": allowed, "page_obj": page_obj})


@require_http_methods(["GET", "POST"])
@requires(REQUEST)
def request_report(request, key: str):
    """The report's parameters; a valid POST creates the run (rendered after commit) and goes
    to its page. Invalid input: the form again, with what was typed and the errors."""
    kind = _kind_or_404(key)
    if not can(request.user, kind.ability):
        raise PermissionDenied
    form = kind.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        run = jobs.request_report(kind, request.user, form.params())
        return redirect("reports:run", pk=run.pk)
    return render(request, "reports/request.html", {"kind": kind, "form": form})


@require_safe
@requires(REQUEST)
def run_detail(request, pk: int):
    """A report run's progress and outcome; an htmx poll gets just the status partial."""
    run = jobs.get_report_run_or_404(request.user, pk)
    context = {"run": run, "kind": kinds.for_job(run.kind), "poll_seconds": POLL_SECONDS}
    if request.htmx:
        response = render(request, "reports/partials/_run_status.html", context)
        if run.is_finished:
            response.status_code = STOP_POLLING
        return response
    return render(request, "reports/run.html", context)


def _chunks(name: str):
    # The file is opened when the first chunk is sent and closed after the last (or when the
    # response is closed): a response never sent holds no open file.
    with default_storage.open(name, "rb") as stored:
        yield from iter(lambda: stored.read(DOWNLOAD_CHUNK), b"")


@require_safe
@requires(REQUEST)
def download(request, pk: int):
    """The stored PDF, streamed from storage, under the name the run gave it."""
    run = jobs.get_report_run_or_404(request.user, pk)
    if not run.has_output:
        raise Http404("This report has no file (yet)")
    if not default_storage.exists(run.output_name):
        raise Http404("The report's file is no longer stored")
    response = StreamingHttpResponse(_chunks(run.output_name), content_type=run.output_content_type)
    response["Content-Disposition"] = content_disposition_header(True, run.output_filename)
    if run.output_size is not None:
        response["Content-Length"] = str(run.output_size)
    return response


@require_POST
@requires(REQUEST)
def retry(request, pk: int):
    """Ask again for a failed report, with the same parameters: a new run (the failed one stays
    in the list, with its reason)."""
    run = jobs.get_report_run_or_404(request.user, pk)
    kind = kinds.for_job(run.kind)
    if kind is None or not can(request.user, kind.ability):
        raise PermissionDenied
    if run.status != run.Status.FAILED:
        return redirect("reports:run", pk=run.pk)
    again = jobs.request_report(kind, request.user, run.input.get("params", {}))
    return redirect("reports:run", pk=again.pk)
