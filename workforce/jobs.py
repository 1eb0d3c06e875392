"""The core's background jobs (see workforce/runs.py); registered when the app is ready.

The confirm steps of the staff import and the training completions import run here, in a worker,
so a 20,000-row file never holds a web worker: each job re-reads the stored upload
(`stored_upload`), checks it again against the database as it is now, saves all or nothing, and
deletes the upload.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.files.storage import default_storage
from django.urls import reverse

from workforce import completions, completions_import, importing, runs

STAFF_IMPORT = "workforce.staff_import"
COMPLETIONS_IMPORT = "workforce.completions_import"
ERROR_COLUMNS = ["Row", "Person", "Column", "Problem", "Value in the file"]


def _back_to_upload(message: str, url_name: str = "staffimport:upload", **kwargs) -> runs.JobFailed:
    return runs.JobFailed(message, url=reverse(url_name), link_text="Upload a file", **kwargs)


def stored_upload(run: runs.BackgroundRun, url_name: str) -> bytes:
    """The upload the run was given, exactly as previewed; JobFailed (back to `url_name`) if not."""
    try:
        with default_storage.open(run.input["name"], "rb") as stored:
            content = stored.read()
    except OSError:
        raise _back_to_upload("The uploaded file is no longer there. Upload it again.", url_name) from None
    if hashlib.sha256(content).hexdigest() != run.input["sha256"]:
        raise _back_to_upload("The uploaded file changed after its preview. Upload it again.", url_name)
    return content


def _deleting_the_upload(work):
    """Run `work(run, progress)`, then delete the stored upload, unless it is to be tried again."""

    def job(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
        try:
            outcome = work(run, progress)
        except runs.TRANSIENT_ERRORS:
            raise  # tried again: the stored file is still needed
        except Exception:
            default_storage.delete(run.input["name"])
            raise
        default_storage.delete(run.input["name"])
        return outcome

    return functools.wraps(work)(job)


@runs.job(STAFF_IMPORT, label="Staff import from an HR export", unit="rows", rerun_after_crash=True)
@_deleting_the_upload
def staff_import(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    """input: name (the stored upload), filename, sha256, fingerprint (of the preview confirmed)."""
    return _import(run, progress)


def _import(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    data = run.input
    content = stored_upload(run, "staffimport:upload")
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


@runs.job(COMPLETIONS_IMPORT, label="Training completions import", unit="rows", rerun_after_crash=True)
@_deleting_the_upload
def completions_import_job(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    """input: as the staff import's. Saves one training record per row, all or none."""
    data, upload = run.input, "training:import"
    content = stored_upload(run, upload)
    try:
        table = completions_import.read_completions(content, data["filename"])
    except completions_import.ImportFileError as exc:
        raise _back_to_upload(str(exc), upload) from exc
    progress(0, len(table.rows), "Checking")
    result = completions_import.plan_completions(table)
    if not result.ok:
        names = {row.row: row.name for row in result.rows}
        problems = {
            "caption": "Problems in the file",
            "columns": ERROR_COLUMNS,
            "rows": [
                [e.row, names.get(e.row, ""), e.column, e.message, e.value or "(blank)"]
                for e in result.errors
            ],
        }
        raise _back_to_upload(
            "Checked again before saving, the file now has problems. Nothing was saved.",
            upload,
            problems=problems,
        )
    if result.fingerprint() != data["fingerprint"]:
        raise _back_to_upload(
            "Staff or courses changed since your preview. Nothing was saved: upload the file again to see "
            "what it would do now.",
            upload,
        )
    progress(0, len(result.rows), "Saving")
    try:
        completions_import.apply_completions(
            result, user=run.requested_by, reason=f"Imported from {data['filename']}"
        )
    except completions.AlreadyRecorded as exc:  # recorded by someone else after the check above
        raise _back_to_upload(str(exc), upload) from exc
    progress(len(result.rows), len(result.rows), "Saving")
    return {
        "message": result.summary(),
        "url": reverse("training:matrix"),
        "link_text": "Go to the training matrix",
    }
