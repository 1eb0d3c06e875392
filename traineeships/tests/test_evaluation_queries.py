"""Query counts of the figures pages, pinned at two data sizes (10 and 300 applicants, a tenth of
them trainees with a placement, an outcome and feedback): each costs the same however many people
an intake or programme has."""

import pytest
from django.urls import reverse

from traineeships.models import EqualityMonitoring, Feedback, Stage
from traineeships.tests.factories import (
    ApplicantFactory,
    EqualityMonitoringFactory,
    FeedbackFactory,
    IntakeFactory,
    OutcomeFactory,
    PlacementFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db
SIZES = (10, 300)
SEXES = list(EqualityMonitoring.Sex.values)
STAGES = [Stage.APPLIED, Stage.INTERVIEW, Stage.WITHDRAWN, Stage.CHECKS]


def grow(cohort, org, size):
    intake = cohort["intake"]
    IntakeFactory(programme=cohort["programme"], name="Spring intake")
    for n in range(size):
        if n % 10 == 0:
            trainee = TraineeFactory(applicant=ApplicantFactory(intake=intake, stage=Stage.STARTED))
            PlacementFactory(trainee=trainee, host_unit=org["oak"])
            OutcomeFactory(trainee=trainee)
            FeedbackFactory(
                trainee=trainee, given_by=Feedback.From.TRAINEE if n % 20 else Feedback.From.SUPERVISOR
            )
            applicant = trainee.applicant
        else:
            applicant = ApplicantFactory(intake=intake, stage=STAGES[n % len(STAGES)])
        EqualityMonitoringFactory(applicant=applicant, sex=SEXES[n % len(SEXES)])


# Every page: session, user, staff record (workforce.middleware), roles.
BASE = 4


@pytest.mark.parametrize("size", SIZES)
def test_figures_index(client, director, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(director)
    # the programmes with their applicant counts, their intakes with theirs
    with django_assert_num_queries(BASE + 2):
        assert client.get(reverse("traineeships:figures")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["intake_diversity", "intake_diversity_export"])
def test_intake_diversity(client, ld_manager, cohort, org, size, name, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(ld_manager)
    # the intake with its programme, the answers grouped with stages, the applicants per stage
    with django_assert_num_queries(BASE + 3):
        assert client.get(reverse(f"traineeships:{name}", args=[cohort["intake"].pk])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_programme_diversity(client, director, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(director)
    # the programme, the answers grouped with stages, the applicants per stage
    with django_assert_num_queries(BASE + 3):
        url = reverse("traineeships:programme_diversity", args=[cohort["programme"].pk])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_programme_evaluation(client, ld_manager, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(ld_manager)
    # the programme, its intakes, the applicants' stages and their histories (funnel), the
    # placements by status, the outcomes by kind and the follow-ups due, retention, the feedback
    # by source and the latest comments with their trainees
    with django_assert_num_queries(BASE + 10):
        url = reverse("traineeships:programme_evaluation", args=[cohort["programme"].pk])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_intake_evaluation(client, director, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(director)
    # as the programme's page, with the intake and its programme in one and no list of intakes
    with django_assert_num_queries(BASE + 9):
        url = reverse("traineeships:intake_evaluation", args=[cohort["intake"].pk])
        assert client.get(url).status_code == 200


def test_the_bench_pages_answer(client, ld_manager, org):
    """bench/pages/traineeships_figures.py's pages, on its own data set-up (made once)."""
    from bench.pages.traineeships_figures import PAGES, figures_programme

    assert figures_programme(ld_manager) == figures_programme(ld_manager)
    client.force_login(ld_manager)
    for page in PAGES:
        args = page.make_args(ld_manager) if page.make_args else None
        url = reverse(page.url_name, args=args) + (f"?{page.query}" if page.query else "")
        assert client.get(url).status_code == 200, page.label
