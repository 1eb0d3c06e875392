"""The pathways admin keeps the pages' rules: enrolments scoped as on the pages, their status
left to the flow (read-only), and every pathways model's list opening for the admin."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from pathways.tests.factories import EnrolmentFactory
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_every_pathways_model_list_opens(client, superuser, enrolment):
    client.force_login(superuser)
    registered = [model for model in admin.site._registry if model._meta.app_label == "pathways"]
    assert len(registered) == 8  # the rest are inlines of these
    for model in registered:
        url = reverse(f"admin:pathways_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model.__name__


def test_an_enrolments_status_is_read_only_in_the_admin(client, superuser, enrolment):
    client.force_login(superuser)
    response = client.get(reverse("admin:pathways_enrolment_change", args=[enrolment.pk]))
    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    assert "nomination_reason" in response.context["adminform"].form.fields


def test_a_manager_with_admin_access_lists_only_their_units_enrolments(
    client, manager, enrolment, ladder, org
):
    manager.is_staff = True
    manager.save()
    manager.user_permissions.add(*Permission.objects.filter(content_type__model="enrolment"))
    elsewhere = EnrolmentFactory(
        staff_member=StaffMemberFactory(org_unit=org["elm"]), target_stage=ladder["stages"][1]
    )
    client.force_login(manager)
    listed = client.get(reverse("admin:pathways_enrolment_changelist")).context["cl"].result_list
    assert list(listed) == [enrolment]
    assert client.get(reverse("admin:pathways_enrolment_change", args=[elsewhere.pk])).status_code == 302
