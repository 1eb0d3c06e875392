"""Traineeships on the core's audit trail: their records are searchable there, linked to their
pages; confidential support plans never appear (their access log is the place for them)."""

import pytest
from django.urls import reverse

from traineeships.models import ConfidentialSupportPlan
from traineeships.tests.factories import ConfidentialPlanFactory, TraineeFactory
from workforce import audit

pytestmark = pytest.mark.django_db
URL = reverse("audit:search")


def test_confidential_support_plans_never_appear(client, ld_manager, superuser):
    trainee = TraineeFactory(applicant__first_name="Jo", applicant__last_name="Bright")
    plan = ConfidentialPlanFactory.build(trainee=trainee)
    plan._history_user = ld_manager
    plan.save()
    plan.title = "Stress management plan, reviewed"
    plan._history_user = ld_manager
    plan.save()
    trainee.status = trainee.status  # a change to the trainee, which may be shown
    trainee._history_user = ld_manager
    trainee.save()
    assert ConfidentialSupportPlan.history.count() == 2

    for viewer in (ld_manager, superuser):
        client.force_login(viewer)
        everything = client.get(URL, {"person": "Lena Dawes"})
        shown = [(row.entry.key, row.name) for row in everything.context["page_obj"].object_list]
        assert shown == [("traineeships.trainee", "Jo Bright")]
        assert reverse("traineeships:trainee", args=[trainee.pk]) in everything.content.decode()
        by_title = client.get(URL, {"text": "Stress management"})
        assert by_title.context["page_obj"].paginator.count == 0
        assert "confidential support plans" in by_title.content.decode()

    assert "traineeships.confidentialsupportplan" not in {e.key for e in audit.audited_models()}
    with pytest.raises(ValueError):
        audit.register_audited(ConfidentialSupportPlan, name="title")
