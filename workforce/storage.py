"""Files kept in the database: storage every web node and worker reaches, with nothing more to run.

Selected with FILE_STORAGE=database (workforce/settings.py); the embedded default stays the local
disk under MEDIA_ROOT, which is right for one machine and wrong for two: a board pack rendered by
a worker on one host must be downloadable from a web node on another, and an upload kept between
a preview on node A and its confirmation on node B must be found there.

Why the database rather than an S3-compatible store: a deployment already has one PostgreSQL that
every node reaches, backs up and restores together with the rows that name the files (a run's
`output_name`, an evidence file's `file`), so a file and its row never disagree after a restore.
Our files are small and bounded (uploads are size-limited by workforce/uploads.py and
EVIDENCE_MAX_BYTES; a board pack is a few MB), so holding one in memory while it is read or
written is fine. A deployment with large or many files should move to S3 (django-storages) instead.

Like the local disk storage, this one never serves a file by URL: every file is read back by a
view that checks permission first (reports' download, evidence, letters), so `url()` refuses.
"""

from __future__ import annotations

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible


class StoredFile(models.Model):
    """One file's bytes, under the storage name the rows that refer to it hold."""

    # The name is the key: unique, and on PostgreSQL Django adds a pattern index beside it, which
    # listdir's `LIKE 'folder/%'` relies on.
    name = models.CharField(max_length=500, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "stored file"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.size:,} bytes)"


def _clean(name: str) -> str:
    return str(name).replace("\\", "/").lstrip("/")


@deconstructible(path="workforce.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Django's storage API over StoredFile rows (save, open, exists, delete, size, listdir, times).

    A write is part of the current transaction: a job that saves a file and then fails inside its
    atomic block leaves no file behind, and a file is visible to other nodes once it commits."""

    def _open(self, name, mode="rb"):
        if any(flag in mode for flag in "wa+"):
            raise ValueError("DatabaseStorage opens files for reading only; save() writes them.")
        try:
            content = StoredFile.objects.values_list("content", flat=True).get(name=_clean(name))
        except StoredFile.DoesNotExist:
            raise FileNotFoundError(f"No stored file named {name!r}") from None
        return ContentFile(bytes(content), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
            content.seek(0)
        chunks = content.chunks() if hasattr(content, "chunks") else [content.read()]
        data = b"".join(chunk.encode() if isinstance(chunk, str) else chunk for chunk in chunks)
        name = _clean(name)
        # Another node may take the same free name between get_available_name and here: the
        # unique name refuses the second, which then asks for a fresh name, as the disk storage
        # does when its O_EXCL open fails.
        for _ in range(100):
            now = timezone.now()
            try:
                with transaction.atomic():
                    StoredFile.objects.create(
                        name=name, content=data, size=len(data), created_at=now, modified_at=now
                    )
                return name
            except IntegrityError:
                name = self.get_available_name(name)
        raise SuspiciousFileOperation(f"No free storage name near {name!r}")

    def exists(self, name) -> bool:
        return StoredFile.objects.filter(name=_clean(name)).exists()

    def delete(self, name) -> None:
        if not name:
            raise ValueError("The name must be given to delete().")
        StoredFile.objects.filter(name=_clean(name)).delete()

    def size(self, name) -> int:
        return self._field(name, "size")

    def listdir(self, path):
        """(folders, files) directly inside `path`, as the disk storage lists them."""
        prefix = _clean(path).rstrip("/")
        prefix = f"{prefix}/" if prefix else ""
        folders, files = set(), []
        for name in StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True):
            rest = name[len(prefix) :]
            if "/" in rest:
                folders.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(folders), sorted(files)

    def get_created_time(self, name):
        return self._field(name, "created_at")

    def get_modified_time(self, name):
        return self._field(name, "modified_at")

    def get_accessed_time(self, name):
        return self._field(name, "modified_at")  # reads are not recorded: a read is not a write

    def url(self, name):
        raise NotImplementedError("Stored files are served only by views that check permission.")

    def _field(self, name, field: str):
        try:
            return StoredFile.objects.values_list(field, flat=True).get(name=_clean(name))
        except StoredFile.DoesNotExist:
            raise FileNotFoundError(f"No stored file named {name!r}") from None
