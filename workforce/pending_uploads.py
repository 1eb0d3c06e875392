"""An uploaded file kept between its preview and its confirmation, for the imports that preview.

Between preview and confirm we keep the uploaded file itself, through `default_storage`, under a
random name in a folder named for the user's id; the session holds only that name, the file's SHA-256
and a fingerprint of the preview. Why the file and not the parsed rows in the session: a session is
rewritten whenever it changes (and once a minute to keep it alive), and 20,000 parsed rows would make
each of those writes megabytes; keeping the bytes also lets confirm re-run exactly the same reading and checks
against the database as it is at that moment. The storage API means a second web node (or S3) sees
the same file. The name never travels through the browser, so one user cannot confirm another's file.

Each import has its own `PendingUploads(session_key, folder)` (the staff import, the training
completions import); `confirm` is their shared confirm step, which hands the file to a background
run (workforce/runs.py) whose job re-reads it (workforce/jobs.py `stored_upload`).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.utils import timezone

from workforce import runs

# A preview left longer than this is abandoned; its file is removed at that user's next upload.
ABANDONED_AFTER = datetime.timedelta(days=1)
# What a run is given: the stored file's name and the checks a job makes before saving it.
RUN_INPUT_KEYS = ("name", "filename", "sha256", "fingerprint")


class PendingUploads:
    def __init__(self, session_key: str, folder: str):
        self.session_key = session_key
        self.folder = folder

    def user_folder(self, user) -> str:
        return f"{self.folder}/{user.pk}/"

    def keep(self, request, content: bytes, filename: str, fingerprint: str) -> None:
        """Store the previewed file (replacing any earlier one of this user's) and note it in the session."""
        self.discard(request)
        self.remove_abandoned(request.user)
        name = default_storage.save(
            f"{self.user_folder(request.user)}{uuid.uuid4().hex}.upload", ContentFile(content)
        )
        request.session[self.session_key] = {
            "name": name,
            "filename": filename,
            "sha256": hashlib.sha256(content).hexdigest(),
            "fingerprint": fingerprint,
        }

    def read(self, request) -> bytes | None:
        """The previewed file, if it is this user's and unchanged; otherwise None."""
        pending = request.session.get(self.session_key)
        if not isinstance(pending, dict) or not str(pending.get("name", "")).startswith(
            self.user_folder(request.user)
        ):
            return None
        try:
            with default_storage.open(pending["name"], "rb") as stored:
                content = stored.read()
        except OSError:
            return None
        # The stored file must be the one that was previewed, byte for byte.
        return content if hashlib.sha256(content).hexdigest() == pending.get("sha256") else None

    def discard(self, request) -> None:
        pending = request.session.pop(self.session_key, None)
        if isinstance(pending, dict) and str(pending.get("name", "")).startswith(
            self.user_folder(request.user)
        ):
            default_storage.delete(pending["name"])

    def remove_abandoned(self, user) -> None:
        """Previews never confirmed or cancelled leave their file behind; clear this user's old ones."""
        folder = self.user_folder(user)
        try:
            _dirs, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        cutoff = timezone.now() - ABANDONED_AFTER
        for filename in files:
            if default_storage.get_modified_time(folder + filename) < cutoff:
                default_storage.delete(folder + filename)

    def confirm(self, request, job_kind: str, upload_url: str):
        """The confirm step: cancel, or hand the previewed file to a background run and go to its page.

        Only cheap checks here (the file is this user's and unchanged), so a large file never holds a
        web worker; the run checks it again and saves it, and its page shows the outcome."""
        pending = request.session.get(self.session_key)
        if "cancel" in request.POST:
            self.discard(request)
            messages.info(request, "The import was cancelled; nothing was saved.")
            return redirect(upload_url)
        if self.read(request) is None:
            self.discard(request)
            messages.error(request, "There is no import waiting to be confirmed. Upload the file again.")
            return redirect(upload_url)
        # From here the file belongs to the run, which deletes it when it finishes.
        del request.session[self.session_key]
        run = runs.start(job_kind, request.user, **{key: pending[key] for key in RUN_INPUT_KEYS})
        return redirect(run)
