"""Staff import pages: upload a file -> see the preview -> confirm, which starts a background run.

Between preview and confirm we keep the uploaded file itself, through `default_storage`, under a
random name in a folder named for the user's id; the session holds only that name, the file's SHA-256
and a fingerprint of the preview. Why the file and not the parsed rows in the session: sessions here
are rewritten on every request (SESSION_SAVE_EVERY_REQUEST), and 20,000 parsed rows would make each of
those writes megabytes; keeping the bytes also lets confirm re-run exactly the same reading and checks
against the database as it is at that moment. The storage API means a second web node (or S3) sees
the same file. The name never travels through the browser, so one user cannot confirm another's file.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from workforce import importing, jobs, runs
from workforce.permissions import requires

SESSION_KEY = "staff_import"
UPLOAD_DIR = "staff-imports"
# A preview left longer than this is abandoned; its file is removed at that user's next upload.
ABANDONED_AFTER = datetime.timedelta(days=1)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="HR export",
        help_text="A CSV file or an Excel workbook (.xlsx), up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before reading, so an oversized upload is never loaded into memory.
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is larger than {importing.MAX_FILE_BYTES // 2**20} MB.")
        self.content = upload.read()
        try:
            self.table = importing.read_table(self.content, upload.name)
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
                _keep_pending(request, form.content, form.cleaned_data["file"].name, result)
                return _preview(request, result)
            return _upload_page(request, form, result)
    else:
        form = StaffImportForm()
    return _upload_page(request, form)


@requires("staff.import")
@require_POST
def confirm(request):
    """Hand the previewed file to a background run, which checks it again and saves it (workforce/jobs.py).

    Only cheap checks here (the file is this user's and unchanged), so a large file never holds a
    web worker; the run page shows the progress and the outcome."""
    pending = request.session.get(SESSION_KEY)
    if "cancel" in request.POST:
        _discard_pending(request)
        messages.info(request, "The import was cancelled; nothing was saved.")
        return redirect("staffimport:upload")
    if _read_pending(request, pending) is None:
        _discard_pending(request)
        messages.error(request, "There is no import waiting to be confirmed. Upload the file again.")
        return redirect("staffimport:upload")
    # From here the file belongs to the run, which deletes it when it finishes.
    del request.session[SESSION_KEY]
    run = runs.start(
        jobs.STAFF_IMPORT,
        request.user,
        **{key: pending[key] for key in ("name", "filename", "sha256", "fingerprint")},
    )
    return redirect(run)


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


def _user_folder(user) -> str:
    return f"{UPLOAD_DIR}/{user.pk}/"


def _keep_pending(request, content: bytes, filename: str, result: importing.ImportResult) -> None:
    _discard_pending(request)
    _remove_abandoned(request.user)
    name = default_storage.save(
        f"{_user_folder(request.user)}{uuid.uuid4().hex}.upload", ContentFile(content)
    )
    request.session[SESSION_KEY] = {
        "name": name,
        "filename": filename,
        "sha256": hashlib.sha256(content).hexdigest(),
        "fingerprint": result.fingerprint(),
    }


def _read_pending(request, pending) -> bytes | None:
    if not isinstance(pending, dict) or not str(pending.get("name", "")).startswith(
        _user_folder(request.user)
    ):
        return None
    try:
        with default_storage.open(pending["name"], "rb") as stored:
            content = stored.read()
    except OSError:
        return None
    # The stored file must be the one that was previewed, byte for byte.
    return content if hashlib.sha256(content).hexdigest() == pending.get("sha256") else None


def _discard_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict) and str(pending.get("name", "")).startswith(_user_folder(request.user)):
        default_storage.delete(pending["name"])


def _remove_abandoned(user) -> None:
    """Previews never confirmed or cancelled leave their file behind; clear this user's old ones."""
    folder = _user_folder(user)
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    cutoff = timezone.now() - ABANDONED_AFTER
    for filename in files:
        if default_storage.get_modified_time(folder + filename) < cutoff:
            default_storage.delete(folder + filename)
