"""Query counts of the recruitment pages, pinned equal at 10 and 300 applicants: the index, the
programme and intake pages (for the L&D manager and a director) and the applicant board, plain,
one column shown whole, and after an htmx move."""

import datetime
import itertools

import pytest
from django.urls import reverse

from traineeships.models import (
    Applicant,
    Placement,
    PreEmploymentCheck,
    Stage,
    StageChange,
    SupportMeeting,
    Trainee,
)
from traineeships.recruitment import position
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
SIZES = (10, 300)
TODAY = datetime.date.today()
STAGES = [*Stage.values]  # every stage, round and round


def grow(cohort, org, size: int) -> None:
    """Up to `size` applicants in the cohort's intake, at every stage in turn, each with a stage
    history; those at checks with three checks, those started a trainee with a placement and a
    quarterly meeting. In bulk: the history of bulk rows does not matter to these pages."""
    intake = cohort["intake"]
    have = Applicant.objects.filter(intake=intake).count()
    new = [
        Applicant(
            intake=intake,
            first_name=f"Person{n}",
            last_name="Bulk",
            stage=stage,
            stage_changed_on=TODAY,
            closing_reason="Moved away" if stage in (Stage.WITHDRAWN, Stage.UNSUCCESSFUL) else "",
            heard_via="jobcentre" if n % 2 else "website",
        )
        for n, stage in zip(range(size - have), itertools.cycle(STAGES), strict=False)
    ]
    Applicant.objects.bulk_create(new)
    StageChange.objects.bulk_create(
        StageChange(applicant=a, stage=Stage.INTERVIEW if position(a.stage) < 0 else a.stage, on=TODAY)
        for a in new
    )
    PreEmploymentCheck.objects.bulk_create(
        PreEmploymentCheck(
            applicant=a, kind=kind, status=PreEmploymentCheck.Status.REQUESTED, status_on=TODAY
        )
        for a in new
        if a.stage == Stage.CHECKS
        for kind in PreEmploymentCheck.GATING
    )
    trainees = Trainee.objects.bulk_create(
        Trainee(applicant=a, started_on=intake.starts_on) for a in new if a.stage == Stage.STARTED
    )
    supervisor = StaffMemberFactory(org_unit=org["oak"])
    Placement.objects.bulk_create(
        Placement(
            trainee=t,
            host_unit=org["oak"],
            starts_on=t.started_on,
            supervisor=supervisor,
            status=Placement.Status.ACTIVE,
        )
        for t in trainees
    )
    SupportMeeting.objects.bulk_create(SupportMeeting(trainee=t, held_on=TODAY) for t in trainees[::2])


# Every page: session, user, their staff record (workforce.middleware), their roles.
AROUND = 4


@pytest.mark.parametrize("size", SIZES)
def test_index(client, ld_manager, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(ld_manager)
    # COUNT of programmes, the page of programmes, their intakes, their partners, then applicants,
    # trainees and active placements counted by intake
    with django_assert_num_queries(AROUND + 7):
        assert client.get(reverse("traineeships:index")).status_code == 200


# The overview: the funnel (counts by stage and furthest stage; closing reasons), applicants at
# checks and their checks, the placements, the trainees whose support is overdue, the active
# trainees with their last quarterly meeting, the outcomes by kind, how applicants heard.
OVERVIEW = 9


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("actor", ["ld_manager", "director"])
def test_intake_page(client, request, cohort, org, size, actor, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(request.getfixturevalue(actor))
    # the intake with its programme, the overview, and for the L&D manager the intake's history
    # records (with their users)
    expected = AROUND + 1 + OVERVIEW + (1 if actor == "ld_manager" else 0)
    with django_assert_num_queries(expected):
        assert client.get(reverse("traineeships:intake", args=[cohort["intake"].pk])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("actor", ["ld_manager", "director"])
def test_programme_page(client, request, cohort, org, size, actor, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(request.getfixturevalue(actor))
    # the programme, its partners, its intakes, their headline figures (three counts), the
    # overview, and for the L&D manager the programme's history records (with their users)
    expected = AROUND + 6 + OVERVIEW + (1 if actor == "ld_manager" else 0)
    with django_assert_num_queries(expected):
        assert client.get(reverse("traineeships:programme", args=[cohort["programme"].pk])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_board(client, ld_manager, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(ld_manager)
    # the intake with its programme, the count at each stage, the applicants (with the stage a
    # closed one left from), their checks
    with django_assert_num_queries(AROUND + 4):
        assert client.get(reverse("traineeships:board", args=[cohort["intake"].pk])).status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stage", [Stage.APPLIED, Stage.CHECKS])
def test_board_column(client, ld_manager, cohort, org, size, stage, django_assert_num_queries):
    grow(cohort, org, size)
    client.force_login(ld_manager)
    url = reverse("traineeships:board_column", args=[cohort["intake"].pk])
    # the intake, the count at each stage, the stage's every applicant (with the stage a closed one
    # left from), their checks (only those at checks have any shown: none read for another stage)
    with django_assert_num_queries(AROUND + (4 if stage == Stage.CHECKS else 3)):
        assert client.get(url, {"stage": stage}).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_htmx_move_and_the_board_back(client, ld_manager, cohort, org, size, django_assert_num_queries):
    grow(cohort, org, size)
    ava = cohort["applied"]
    client.force_login(ld_manager)
    prefix = f"move-{ava.pk}"
    data = {
        f"{prefix}-to_stage": Stage.ASSESSED_VISIT,
        f"{prefix}-on": TODAY.isoformat(),
        f"{prefix}-version": ava.version,
        "next": reverse("traineeships:board", args=[cohort["intake"].pk]),
    }
    # the applicant; the move in its transaction (savepoint, lock, claim the version, save, its
    # history record, the stage change, release); then the board's counts, applicants and their
    # checks (the intake came with the applicant)
    with django_assert_num_queries(AROUND + 1 + 7 + 3):
        response = client.post(
            reverse("traineeships:applicant_move", args=[ava.pk]), data, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert Applicant.objects.get(pk=ava.pk).stage == Stage.ASSESSED_VISIT


def test_the_other_pages_cost_the_same_at_10_and_300_applicants(client, ld_manager, cohort, org):
    """The applicant's pages and the forms: counted at 10 applicants, then at 300, and equal."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ben, intake, programme = cohort["offered"], cohort["intake"], cohort["programme"]
    urls = [
        reverse("traineeships:applicant", args=[ben.pk]),
        reverse("traineeships:applicant_edit", args=[ben.pk]),
        reverse("traineeships:applicant_checks", args=[ben.pk]),
        reverse("traineeships:applicant_start", args=[ben.pk]),
        reverse("traineeships:applicant_create", args=[intake.pk]),
        reverse("traineeships:intake_edit", args=[intake.pk]),
        reverse("traineeships:intake_create", args=[programme.pk]),
        reverse("traineeships:programme_edit", args=[programme.pk]),
        reverse("traineeships:programme_create"),
    ]
    client.force_login(ld_manager)
    counts = {}
    for size in SIZES:
        grow(cohort, org, size)
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            counts.setdefault(url, []).append(len(captured))
    assert all(at_10 == at_300 for at_10, at_300 in counts.values()), counts
