"""Staff import pages: upload a file -> see the preview -> confirm, which starts a background run.

The uploaded file waits between preview and confirm as workforce/pending_uploads.py describes.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from workforce import importing, jobs
from workforce.pending_uploads import PendingUploads
from workforce.permissions import requires

SESSION_KEY = "staff_import"
UPLOAD_DIR = "staff-imports"
PENDING = PendingUploads(SESSION_KEY, UPLOAD_DIR)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="HR export",
        help_text="A CSV file or an Excel workbook (.xlsx), up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def read(self, content: bytes, filename: str):
        """The file's rows; another import's form (training completions) reads its own shape."""
        return importing.read_table(content, filename)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before reading, so an oversized upload is never loaded into memory.
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is larger than {importing.MAX_FILE_BYTES // 2**20} MB.")
        self.content = upload.read()
        try:
            self.table = self.read(self.content, upload.name)
        except importing.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


@requires("staff.import")
@require_http_methods(["GET", "POST"])
def upload(request):
    """GET: the form. POST: check the file; show the preview, or every problem with the form again."""
    if request.method == "POST":
        form = StaffImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = importing.plan_import(form.table)
            if result.ok:
                PENDING.keep(request, form.content, form.cleaned_data["file"].name, result.fingerprint())
                return _preview(request, result)
            return _upload_page(request, form, result)
    else:
        form = StaffImportForm()
    return _upload_page(request, form)


@requires("staff.import")
@require_POST
def confirm(request):
    """Hand the previewed file to a background run, which checks it again and saves it (workforce/jobs.py)."""
    return PENDING.confirm(request, jobs.STAFF_IMPORT, "staffimport:upload")


def _upload_page(request, form, result: importing.ImportResult | None = None):
    names = {plan.row: plan.name for plan in result.rows} if result else {}
    context = {
        "form": form,
        "result": result,
        "errors": [(error, names.get(error.row, "")) for error in result.errors] if result else [],
        "error_rows": len({error.row for error in result.errors}) if result else 0,
        "submit_label": "Check the file",
        "columns": importing.COLUMNS,
    }
    return render(request, "workforce/import/upload.html", context)


def _preview(request, result: importing.ImportResult):
    return render(request, "workforce/import/preview.html", {"result": result})
