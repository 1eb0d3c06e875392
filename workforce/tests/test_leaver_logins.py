"""Recording that someone has left ends their login, wherever it is recorded; only an L&D
manager's "Restore sign-in" brings it back, and only once the record no longer says they left."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workforce import access, importing
from workforce.models import StaffMember
from workforce.tests.editing import admin_data
from workforce.tests.factories import StaffMemberFactory, UserFactory

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
NEXT_MONTH = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def carer(org):
    """A Care Assistant at Oak House with a login of their own."""
    return StaffMemberFactory(
        first_name="Amira",
        last_name="Khan",
        assignment_number="40001001",
        org_unit=org["oak"],
        start_date=datetime.date(2020, 1, 6),
        user=UserFactory(username="amira"),
    )


def is_active(person) -> bool:
    person.user.refresh_from_db()
    return person.user.is_active


def edit_data(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "assignment_number": person.assignment_number,
        "org_unit": person.org_unit_id,
        "job_role": person.job_role_id,
        "start_date": "2020-01-06",
        "leaving_date": "",
        "leaving_reason": "",
        "version": person.version,  # the edit form's version check (workforce/versioning.py)
    }
    return {**data, **changes}


def test_recording_a_past_leaving_date_ends_the_login(client, ld_manager, carer):
    client.force_login(ld_manager)
    response = client.post(
        reverse("staff:edit", args=[carer.pk]), edit_data(carer, leaving_date=YESTERDAY.isoformat())
    )
    assert response.status_code == 302
    assert not is_active(carer)
    assert "sign-in has ended" in " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_leaving_date_to_come_leaves_the_login_alone(client, ld_manager, carer):
    client.force_login(ld_manager)
    client.post(reverse("staff:edit", args=[carer.pk]), edit_data(carer, leaving_date=NEXT_MONTH.isoformat()))
    assert StaffMember.objects.get(pk=carer.pk).leaving_date == NEXT_MONTH
    assert is_active(carer)


def test_archiving_ends_the_login_and_restoring_the_record_does_not_bring_it_back(client, ld_manager, carer):
    client.force_login(ld_manager)
    client.post(reverse("staff:archive", args=[carer.pk]), {"archive": "1"})
    assert not is_active(carer)
    client.post(reverse("staff:archive", args=[carer.pk]), {"archive": "0"})
    assert not StaffMember.objects.get(pk=carer.pk).is_archived
    assert not is_active(carer)


def test_restore_sign_in_is_refused_while_the_record_says_they_left(client, ld_manager, carer):
    StaffMember.objects.filter(pk=carer.pk).update(leaving_date=YESTERDAY)
    access.end_logins(StaffMember.objects.filter(pk=carer.pk))
    client.force_login(ld_manager)

    page = client.get(carer.get_absolute_url()).content.decode()
    assert "clear the leaving date or restore the record" in page and "Restore sign-in</button>" not in page
    response = client.post(reverse("staff:restore_sign_in", args=[carer.pk]))

    assert response.status_code == 302
    assert not is_active(carer)
    assert "still recorded as a leaver" in " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_rejoiner_gets_their_sign_in_back_from_the_ld_manager(client, ld_manager, carer):
    carer.user.is_active = False
    carer.user.save()
    client.force_login(ld_manager)

    page = client.get(carer.get_absolute_url()).content.decode()
    assert "Restore sign-in</button>" in page
    response = client.post(reverse("staff:restore_sign_in", args=[carer.pk]))

    assert response.status_code == 302 and response.url == carer.get_absolute_url()
    assert is_active(carer)
    latest = carer.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "Sign-in restored" and latest.history_user == ld_manager
    # Pressing it again changes nothing and says why.
    again = client.post(reverse("staff:restore_sign_in", args=[carer.pk]))
    assert "can already sign in" in " ".join(str(m) for m in again.wsgi_request._messages)


def test_restore_sign_in_is_a_post_for_ld_managers_only(client, ld_manager, manager, carer):
    client.force_login(ld_manager)
    assert client.get(reverse("staff:restore_sign_in", args=[carer.pk])).status_code == 405
    carer.user.is_active = False
    carer.user.save()
    client.force_login(manager)  # sees the carer (Oak House), but may not change staff records
    assert client.post(reverse("staff:restore_sign_in", args=[carer.pk])).status_code == 403
    assert "Restore sign-in" not in client.get(carer.get_absolute_url()).content.decode()
    assert not is_active(carer)


def test_without_a_login_there_is_nothing_to_restore(org):
    person = StaffMemberFactory()
    with pytest.raises(access.AccessError, match="has no login"):
        access.restore_sign_in(person)


def test_an_admin_edit_that_records_a_leaving_date_ends_the_login(client, superuser, carer):
    client.force_login(superuser)
    url = reverse("admin:workforce_staffmember_change", args=[carer.pk])
    data = admin_data(client.get(url))
    data["leaving_date"] = YESTERDAY.isoformat()
    assert client.post(url, data).status_code == 302
    assert not is_active(carer)


# --- the staff import -------------------------------------------------------------------------

HEADER = ["Assignment Number", "First Name", "Last Name", "Staff Group", "Organisation Unit", "Leaving Date"]


def csv_file(*rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(person, leaving: str = ""):
    return [
        person.assignment_number,
        person.first_name,
        person.last_name,
        "Direct care support",
        "Oak House",
        leaving,
    ]


def test_importing_leavers_ends_their_logins_and_the_preview_counts_them(org, carer):
    stays = StaffMemberFactory(org_unit=org["oak"], user=UserFactory(username="stays"))
    goes_later = StaffMemberFactory(org_unit=org["oak"], user=UserFactory(username="later"))
    archived = StaffMemberFactory(org_unit=org["oak"], is_archived=True, user=UserFactory(username="gone"))
    content = csv_file(
        row(carer, YESTERDAY.strftime("%d/%m/%Y")),
        row(stays),
        row(goes_later, NEXT_MONTH.strftime("%d/%m/%Y")),
        row(archived),  # nothing changes on this row, but an archived record's login still ends
    )

    preview = importing.import_staff(content, "staff.csv", dry_run=True)
    assert preview.ok, preview.errors
    assert preview.logins_ended == 2 and "2 leavers' logins to end" in preview.summary()
    assert is_active(carer) and is_active(archived)  # a preview writes nothing

    result = importing.import_staff(content, "staff.csv")

    assert "2 leavers' logins ended" in result.summary()
    assert not is_active(carer) and not is_active(archived)
    assert is_active(stays) and is_active(goes_later)


def test_an_import_never_reactivates_a_login(org, carer):
    carer.user.is_active = False
    carer.user.save()
    StaffMember.objects.filter(pk=carer.pk).update(leaving_date=YESTERDAY)
    result = importing.import_staff(csv_file(row(carer)), "staff.csv")  # the leaving date is cleared
    assert result.ok and StaffMember.objects.get(pk=carer.pk).leaving_date is None
    assert not is_active(carer) and result.logins_ended == 0


def test_the_preview_page_says_how_many_logins_will_end(client, ld_manager, carer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(ld_manager)
    content = csv_file(row(carer, YESTERDAY.strftime("%d/%m/%Y")))
    response = client.post(reverse("staffimport:upload"), {"file": SimpleUploadedFile("staff.csv", content)})
    assert "end the sign-in of 1 leaver " in response.content.decode()
    assert is_active(carer)
