"""Query counts of the letters and retention pages, pinned equal at two data sizes (10 and 300
applicants, letters emailed to each, retention runs and applicants due): none of them costs more
as recruitment grows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from traineeships.models import Applicant, RetentionRun, Stage
from traineeships.tests.factories import IntakeFactory
from workforce.history import write_record

pytestmark = pytest.mark.django_db
SIZES = (10, 300)


def grow(cohort, size):
    """`size` applicants in the cohort's intake and as many in an intake past retention, each
    emailed an offer letter once; `size` retention runs."""
    today = timezone.localdate()
    old = IntakeFactory(
        programme=cohort["programme"],
        name="Past intake",
        recruitment_opens_on=today - datetime.timedelta(days=800),
        recruitment_closes_on=today - datetime.timedelta(days=700),
        starts_on=today - datetime.timedelta(days=690),
        ends_on=today - datetime.timedelta(days=500),
    )
    people = Applicant.objects.bulk_create(
        Applicant(
            intake=intake,
            first_name=f"Person{n}",
            last_name="Jones",
            email=f"p{n}@example.org",
            stage=Stage.WITHDRAWN,
            stage_changed_on=today,
        )
        for intake in (cohort["intake"], old)
        for n in range(size)
    )
    for person in [*people, cohort["applied"]]:
        person._change_reason = "Offer letter emailed"
        write_record(person)
    RetentionRun.objects.bulk_create(RetentionRun(cutoff=today, anonymised=n) for n in range(size))


@pytest.mark.parametrize("size", SIZES)
def test_letter_templates(client, ld_manager, cohort, size, django_assert_num_queries):
    grow(cohort, size)
    client.force_login(ld_manager)
    # session, user, staff record, roles, the three templates
    with django_assert_num_queries(5):
        assert client.get(reverse("traineeships:letter_templates")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_letter_template_edit(client, ld_manager, cohort, size, django_assert_num_queries):
    grow(cohort, size)
    client.force_login(ld_manager)
    # session, user, staff record, roles, the template, its latest history record (the form's
    # seen_history)
    with django_assert_num_queries(6):
        assert client.get(reverse("traineeships:letter_template_edit", args=["offer"])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_letter(client, ld_manager, cohort, size, django_assert_num_queries):
    grow(cohort, size)
    client.force_login(ld_manager)
    url = reverse("traineeships:letter", args=[cohort["applied"].pk, "offer"])
    # session, user, staff record, roles, the applicant with intake and programme, the template,
    # the letterhead's organisation, the last time it was emailed (with who), then the session
    # save (3)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_retention_runs(client, ld_manager, cohort, size, django_assert_num_queries):
    grow(cohort, size)
    client.force_login(ld_manager)
    # session, user, staff record, roles, COUNT of runs, the page of runs, COUNT of applicants due.
    with django_assert_num_queries(7):
        response = client.get(reverse("traineeships:retention_runs"))
    assert response.status_code == 200
    assert f"{size} applicants will be anonymised" in response.content.decode()
