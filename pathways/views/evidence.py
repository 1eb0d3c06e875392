"""Evidence files: uploaded onto an activity (type judged by content and size-limited by the core's
upload checks; nothing is saved when refused, the reason shown next to the field) and downloaded
only through `evidence`, which serves a file to those who may see its enrolment (404 otherwise).
MEDIA is never served by URL: the file lives in Django's storage under a path of ids."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from pathways import permissions
from pathways.models import Evidence
from pathways.plan_forms import EvidenceForm
from pathways.planning import attach_evidence
from pathways.views.candidate import render_candidate_page
from pathways.views.common import activity_for, candidate_url, evidence_for
from workforce.permissions import requires

CONTENT_TYPES = {
    Evidence.Kind.PDF: "application/pdf",
    Evidence.Kind.WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Evidence.Kind.EXCEL: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_TYPES = {
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF8": "image/gif",
    b"RIFF": "image/webp",
}


@requires()
@require_POST
def evidence_upload(request, pk):
    activity = activity_for(request.user, pk)
    enrolment = activity.enrolment
    if not permissions.can_add_own(request.user, enrolment):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, auto_id=f"ev{activity.pk}-%s")
    if not form.is_valid():
        return render_candidate_page(request, enrolment.pk, evidence_forms={activity.pk: form})
    upload = form.cleaned_data["file"]
    evidence = attach_evidence(
        activity, data=form.data_bytes, name=upload.name, kind=form.kind, user=request.user
    )
    messages.success(request, f"Evidence “{evidence}” added to “{activity}”.")
    return redirect(candidate_url(enrolment, f"activity-{activity.pk}"))


@requires()
@require_safe
def evidence(request, pk):
    found = evidence_for(request.user, pk)
    # Read whole and closed here (evidence is size-limited, EVIDENCE_MAX_BYTES): no file handle
    # outlives the request, whichever storage holds it.
    try:
        with found.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as missing:
        raise Http404("The file is no longer in storage.") from missing
    content_type = CONTENT_TYPES.get(found.kind) or next(
        (t for sig, t in IMAGE_TYPES.items() if data.startswith(sig)), "application/octet-stream"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=found.original_name
    )
    # Never sniffed into something the browser would run, never cached by a shared proxy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
