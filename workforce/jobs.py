"""The core's background jobs (see workforce/runs.py); registered when the app is ready.

The staff import's confirm step runs here, in a worker, so a 20,000-row file never holds a web
worker: the job re-reads the stored upload, checks it again against the database as it is now,
saves all or nothing through `importing.apply_import`, and deletes the upload.
"""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.urls import reverse

from workforce import importing, runs

STAFF_IMPORT = "workforce.staff_import"
ERROR_COLUMNS = ["Row", "Person", "Column", "Problem", "Value in the file"]


def _back_to_upload(message: str, **kwargs) -> runs.JobFailed:
    return runs.JobFailed(message, url=reverse("staffimport:upload"), link_text="Upload a file", **kwargs)


@runs.job(STAFF_IMPORT, label="Staff import from an HR export", unit="rows", rerun_after_crash=True)
def staff_import(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    """input: name (the stored upload), filename, sha256, fingerprint (of the preview confirmed)."""
    try:
        outcome = _import(run, progress)
    except runs.TRANSIENT_ERRORS:
        raise  # tried again: the stored file is still needed
    except Exception:
        default_storage.delete(run.input["name"])
        raise
    default_storage.delete(run.input["name"])
    return outcome


def _import(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    data = run.input
    try:
        with default_storage.open(data["name"], "rb") as stored:
            content = stored.read()
    except OSError:
        raise _back_to_upload("The uploaded file is no longer there. Upload it again.") from None
    if hashlib.sha256(content).hexdigest() != data["sha256"]:
        raise _back_to_upload("The uploaded file changed after its preview. Upload it again.")
    try:
        table = importing.read_table(content, data["filename"])
    except importing.ImportFileError as exc:  # only if the reading rules changed since the preview
        raise _back_to_upload(str(exc)) from exc
    progress(0, len(table.rows), "Checking")
    result = importing.plan_import(table)
    if not result.ok:
        names = {plan.row: plan.name for plan in result.rows}
        problems = {
            "caption": "Problems in the file",
            "columns": ERROR_COLUMNS,
            "rows": [
                [e.row, names.get(e.row, ""), e.column, e.message, e.value or "(blank)"]
                for e in result.errors
            ],
        }
        raise _back_to_upload(
            "Checked again before saving, the file now has problems. Nothing was saved.", problems=problems
        )
    if result.fingerprint() != data["fingerprint"]:
        raise _back_to_upload(
            "The staff records changed since your preview (someone else saved changes). Nothing was "
            "saved: upload the file again to see what it would do now."
        )
    try:
        importing.apply_import(
            result, reason=f"Staff import from {data['filename']}", user=run.requested_by, progress=progress
        )
    except importing.ImportConflict as exc:
        raise _back_to_upload(str(exc)) from exc
    directory = reverse("staff:list")
    return {"message": result.summary(), "url": directory, "link_text": "Go to the staff directory"}
