"""Import training completions: upload a file -> see the preview -> confirm, which starts a background run.

The same steps, pending file and background run as the staff import (workforce/views/staff_import.py);
only the file's shape and checks differ (workforce/completions_import.py). L&D managers only.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from workforce import completions_import, jobs
from workforce.pending_uploads import PendingUploads
from workforce.permissions import requires
from workforce.views.staff_import import StaffImportForm

SESSION_KEY = "completions_import"
UPLOAD_DIR = "completions-imports"
PENDING = PendingUploads(SESSION_KEY, UPLOAD_DIR)


class CompletionsImportForm(StaffImportForm):
    file = forms.FileField(
        label="Completions file",
        help_text="A CSV file or an Excel workbook (.xlsx), up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def read(self, content: bytes, filename: str):
        return completions_import.read_completions(content, filename)


@requires("training.import")
@require_http_methods(["GET", "POST"])
def upload(request):
    """GET: the form. POST: check the file; show the preview, or every bad row with the form again."""
    result = None
    if request.method == "POST":
        form = CompletionsImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = completions_import.plan_completions(form.table)
            if result.ok:
                PENDING.keep(request, form.content, form.cleaned_data["file"].name, result.fingerprint())
                return render(request, "workforce/training/import_preview.html", {"result": result})
    else:
        form = CompletionsImportForm()
    context = {
        "form": form,
        "result": result,
        "submit_label": "Check the file",
        "columns": completions_import.COLUMNS,
        "required": completions_import.SHAPE.required,
    }
    return render(request, "workforce/training/import_upload.html", context)


@requires("training.import")
@require_POST
def confirm(request):
    """Hand the previewed file to a background run, which checks it again and saves it (workforce/jobs.py)."""
    return PENDING.confirm(request, jobs.COMPLETIONS_IMPORT, "training:import")
