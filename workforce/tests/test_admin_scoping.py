"""The admin keeps the pages' rules: scoped lists and objects, the apps' abilities on top of
Django's model permissions, and leavers kept out."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from actionplans.tests.factories import ActionFactory
from workforce.tests.factories import StaffMemberFactory, TrainingRecordFactory


@pytest.fixture
def staff_manager(manager):
    """The Oak House manager given admin access and every model permission on staff and training."""
    manager.is_staff = True
    manager.save()
    manager.user_permissions.add(
        *Permission.objects.filter(content_type__model__in=["staffmember", "trainingrecord", "action"])
    )
    return manager


@pytest.fixture
def people(org):
    return {
        "oak": StaffMemberFactory(last_name="Oakley", org_unit=org["oak"]),
        "elm": StaffMemberFactory(last_name="Elmsworth", org_unit=org["elm"]),
    }


def test_the_staff_admin_lists_only_the_users_scope(client, staff_manager, people):
    client.force_login(staff_manager)
    html = client.get(reverse("admin:workforce_staffmember_changelist")).content.decode()
    assert "Oakley" in html and "Elmsworth" not in html
    outside = client.get(reverse("admin:workforce_staffmember_change", args=[people["elm"].pk]))
    assert outside.status_code == 302  # the admin's "does not exist" redirect, nothing shown


def test_model_permissions_do_not_outrank_the_apps_abilities(client, staff_manager, people):
    client.force_login(staff_manager)
    page = client.get(reverse("admin:workforce_staffmember_change", args=[people["oak"].pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only
    assert client.get(reverse("admin:workforce_staffmember_add")).status_code == 403
    delete = client.post(
        reverse("admin:workforce_staffmember_delete", args=[people["oak"].pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and people["oak"].__class__.objects.filter(pk=people["oak"].pk).exists()
    # a manager records training for their own staff, in the admin as on the pages
    oak_record = TrainingRecordFactory(staff_member=people["oak"])
    elm_record = TrainingRecordFactory(staff_member=people["elm"])
    change = reverse("admin:workforce_trainingrecord_change", args=[oak_record.pk])
    assert 'name="_save"' in client.get(change).content.decode()
    listing = client.get(reverse("admin:workforce_trainingrecord_changelist")).content.decode()
    assert f"/{oak_record.pk}/change/" in listing and f"/{elm_record.pk}/change/" not in listing
    # plans: everyone reads, only those who edit plans change
    action = ActionFactory()
    assert client.get(reverse("admin:actionplans_action_change", args=[action.pk])).status_code == 200
    assert (
        client.post(reverse("admin:actionplans_action_delete", args=[action.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_a_superuser_keeps_the_whole_admin(client, superuser, people):
    client.force_login(superuser)
    html = client.get(reverse("admin:workforce_staffmember_changelist")).content.decode()
    assert "Oakley" in html and "Elmsworth" in html
    assert client.get(reverse("admin:workforce_staffmember_add")).status_code == 200


def test_a_leaver_with_admin_access_is_kept_out(client, leaver):
    leaver.is_staff = True
    leaver.save()
    client.force_login(leaver)
    assert client.get(reverse("admin:index")).status_code == 403
