"""Letters: the L&D manager's three templates (list, edit), and one applicant's letter to read and
print, to download as a PDF (a background run: the request only asks for it), or to email."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from traineeships import letters
from traineeships.forms_letters import LetterTemplateForm
from traineeships.permissions import MANAGE
from workforce.permissions import requires
from workforce.versioning import save_or_conflict

DOWNLOAD_CHUNK = 64 * 1024


@require_safe
@requires(MANAGE)
def letter_templates(request):
    context = {"templates": letters.all_templates(), "placeholders": letters.PLACEHOLDERS}
    return render(request, "traineeships/letters/templates.html", context)


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def letter_template_edit(request, kind: str):
    template = letters.template_for(kind)
    form = LetterTemplateForm(request.POST or None, instance=template)

    def page(status=200, **extra):
        context = {"form": form, "template": template, "title": letters.TITLES[kind], **extra}
        return render(request, "traineeships/letters/template_form.html", context, status=status)

    if form.is_bound and form.is_valid():
        _, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"{letters.TITLES[kind]} saved.")
        return redirect("traineeships:letter_templates")
    return page()


@require_safe
@requires(MANAGE)
def letter(request, pk: int, kind: str):
    """The letter as it will be printed (the page's print stylesheet drops everything else)."""
    applicant = letters.applicant_for_letters(request.user, pk)
    letter = letters.letter_for(applicant, letters.template_for(kind))
    context = {"letter": letter, "applicant": applicant, "emailed": letters.last_emailed(applicant, kind)}
    return render(request, "traineeships/letters/letter.html", context)


@require_POST
@requires(MANAGE)
def letter_pdf(request, pk: int, kind: str):
    applicant = letters.applicant_for_letters(request.user, pk)
    letters.template_for(kind)  # 404 for an unknown kind, before a run is made
    run = letters.request_pdf(applicant, kind, request.user)
    return redirect(run)


@require_POST
@requires(MANAGE)
def letter_email(request, pk: int, kind: str):
    applicant = letters.applicant_for_letters(request.user, pk)
    template = letters.template_for(kind)
    try:
        letters.send_by_email(applicant, template, request.user)
    except letters.LetterNotSent as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{letters.TITLES[kind]} emailed to {applicant} at {applicant.email}.")
    return redirect("traineeships:letter", pk=applicant.pk, kind=kind)


def _chunks(name: str):
    with default_storage.open(name, "rb") as stored:
        yield from iter(lambda: stored.read(DOWNLOAD_CHUNK), b"")


@require_safe
@requires(MANAGE)
def letter_pdf_download(request, pk: int):
    """The stored PDF of a letter run the user asked for, streamed from storage."""
    run = letters.letter_run_for_user_or_404(request.user, pk)
    if not run.has_output or not default_storage.exists(run.output_name):
        raise Http404("This letter has no file (yet)")
    response = StreamingHttpResponse(_chunks(run.output_name), content_type=run.output_content_type)
    response["Content-Disposition"] = content_disposition_header(True, run.output_filename)
    if run.output_size is not None:
        response["Content-Length"] = str(run.output_size)
    return response
