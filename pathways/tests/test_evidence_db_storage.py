"""Evidence files with FILE_STORAGE=database: uploaded through the page, kept as a row every web
node reaches (none under MEDIA_ROOT), served only to those who may read the plan."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.models import Evidence
from pathways.tests.factories import ActivityFactory, ObjectiveFactory
from workforce.storage import StoredFile

PDF = b"%PDF-1.4\n%%EOF\n"


def test_evidence_is_stored_in_the_database_and_served_only_to_readers(
    client, enrolment, mentor, other_mentor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "workforce.storage.DatabaseStorage"}}
    activity = ActivityFactory(objective=ObjectiveFactory(plan=enrolment.plan))
    client.force_login(mentor)

    client.post(
        reverse("pathways:evidence_upload", args=[activity.pk]), {"file": SimpleUploadedFile("x.pdf", PDF)}
    )

    evidence = Evidence.objects.get()
    stored = StoredFile.objects.get()
    assert stored.name == evidence.file.name and stored.name.startswith(f"pathways/evidence/{activity.pk}/")
    assert bytes(stored.content) == PDF and not settings.MEDIA_ROOT.exists()
    response = client.get(reverse("pathways:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response.content == PDF
    client.force_login(other_mentor)
    assert client.get(reverse("pathways:evidence", args=[evidence.pk])).status_code == 404
