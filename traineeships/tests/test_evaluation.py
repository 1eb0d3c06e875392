"""The programme's figures (traineeships/evaluation.py) and the evaluation page: funnel with its
history, placements and breakdowns, outcomes at each follow-up and those missing, retention of
those employed here at 6 and 12 months, feedback by source with comments named only for the L&D
manager."""

import datetime

import pytest
from django.urls import reverse

from traineeships import evaluation
from traineeships.evaluation import Scope
from traineeships.models import Feedback, Outcome, Placement, Stage, StageChange, Trainee
from traineeships.tests.factories import (
    ApplicantFactory,
    FeedbackFactory,
    IntakeFactory,
    OutcomeFactory,
    PlacementFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Kind, When = Outcome.Kind, Outcome.When


def days(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def story(cohort, org):
    """The cohort's October intake, with Hal who withdrew after interview; a Spring intake that
    ended 400 days ago: Dan and Eve employed here at the end (Dan elsewhere by 12 months, Eve's
    12-month follow-up missing), Fay volunteering, Gus whose placement broke down."""
    hal = ApplicantFactory(intake=cohort["intake"], first_name="Hal", stage=Stage.WITHDRAWN)
    StageChange.objects.create(applicant=hal, stage=Stage.INTERVIEW, on=days(30))
    StageChange.objects.create(applicant=hal, stage=Stage.WITHDRAWN, on=days(20))
    spring = IntakeFactory(
        programme=cohort["programme"], name="Spring intake", starts_on=days(700), ends_on=days(400)
    )
    people = {}
    for name in ("Dan", "Eve", "Fay", "Gus"):
        trainee = TraineeFactory(
            applicant=ApplicantFactory(intake=spring, first_name=name, last_name="Reid", stage=Stage.STARTED),
            status=Trainee.Status.COMPLETED,
        )
        PlacementFactory(trainee=trainee, host_unit=org["oak"], status=Placement.Status.COMPLETED)
        people[name] = trainee
    gus = people["Gus"]
    Trainee.objects.filter(pk=gus.pk).update(status=Trainee.Status.LEFT_EARLY, ended_on=days(640))
    Placement.objects.filter(trainee=gus).update(
        status=Placement.Status.BROKEN_DOWN, broke_down_on=days(640), breakdown_reason="Housing crisis"
    )
    for name, when, kind in [
        ("Dan", When.AT_END, Kind.EMPLOYED_HERE),
        ("Dan", When.SIX_MONTHS, Kind.EMPLOYED_HERE),
        ("Dan", When.TWELVE_MONTHS, Kind.EMPLOYED_ELSEWHERE),
        ("Eve", When.AT_END, Kind.EMPLOYED_HERE),
        ("Eve", When.SIX_MONTHS, Kind.EMPLOYED_HERE),
        ("Fay", When.AT_END, Kind.VOLUNTEERING),
    ]:
        OutcomeFactory(trainee=people[name], when=when, kind=kind)
    FeedbackFactory(trainee=people["Dan"], rating=5, comments="Loved the team at Oak House.")
    FeedbackFactory(trainee=people["Eve"], rating=4, comments="")
    FeedbackFactory(trainee=people["Dan"], given_by=Feedback.From.SUPERVISOR, rating=3, comments="Reliable.")
    return {"spring": spring, **people}


def test_the_funnel_counts_how_far_each_applicant_got(story, cohort):
    funnel = evaluation.funnel(Scope.of(cohort["intake"]))
    assert [(step.reached, step.conversion) for step in funnel.steps] == [
        (4, None),  # Ava (applied), Ben (checks), Cara (started), Hal (withdrew after interview)
        (4, 100),
        (4, 100),
        (3, 75),
        (3, 100),
        (2, 67),
        (2, 100),
        (1, 50),
    ]
    assert funnel.closed == {"Withdrawn": 1, "Unsuccessful": 0}
    assert funnel.applicants == 4


def test_placements_and_the_breakdown_rate(story, cohort):
    figures = evaluation.placements(Scope(cohort["programme"]))
    assert figures.by_status == {"Planned": 0, "Active": 1, "Completed": 3, "Broken down": 1}
    assert (figures.placements, figures.broken_down, figures.rate) == (5, 1, 20)
    reasons = evaluation.breakdown_reasons(Scope(cohort["programme"]))
    assert [p.breakdown_reason for p in reasons] == ["Housing crisis"]
    assert evaluation.placements(Scope.of(cohort["intake"])).rate == 0


def test_outcomes_by_kind_and_follow_ups_missing(story, cohort):
    outcomes = evaluation.outcomes(Scope(cohort["programme"]), TODAY)
    rows = dict(outcomes.rows)
    assert rows["Employed here (entry-level role)"] == [2, 2, 0]
    assert rows["Employed elsewhere"] == [0, 0, 1]
    assert rows["Volunteering"] == [1, 0, 0]
    assert outcomes.recorded == [3, 2, 1]
    # Cara's end is months away: the four of the Spring intake are due at every follow-up.
    assert outcomes.due == [4, 4, 4]
    assert outcomes.missing == [1, 2, 3]


def test_retention_of_those_employed_here(story, cohort):
    six, twelve = evaluation.retention(Scope(cohort["programme"]), TODAY)
    assert (six.months, six.due, six.retained, six.not_recorded, six.rate) == (6, 2, 2, 0, 100)
    # Dan moved elsewhere; Eve's 12-month follow-up is missing, so it counts neither way.
    assert (twelve.months, twelve.due, twelve.retained, twelve.not_recorded, twelve.rate) == (12, 2, 0, 1, 0)


def test_retention_waits_for_the_follow_up_to_be_due(cohort):
    recent = TraineeFactory(
        applicant=ApplicantFactory(intake=cohort["intake"], stage=Stage.STARTED), ended_on=days(100)
    )
    OutcomeFactory(trainee=recent, when=When.AT_END, kind=Kind.EMPLOYED_HERE)
    six, twelve = evaluation.retention(Scope.of(cohort["intake"]), TODAY)
    assert (six.due, six.rate, twelve.due) == (0, None, 0)


def test_feedback_by_source(story, cohort):
    summary = evaluation.feedback(Scope(cohort["programme"]))
    assert [(s.label, s.count, s.average) for s in summary.sources] == [
        ("The trainee", 2, 4.5),
        ("Placement supervisor", 1, 3.0),
    ]
    assert summary.count == 3
    assert [f.comments for f in summary.recent] == ["Reliable.", "Loved the team at Oak House."] or [
        f.comments for f in summary.recent
    ] == ["Loved the team at Oak House.", "Reliable."]


def test_the_page_for_the_ld_manager_names_whose_comment(client, ld_manager, story, cohort):
    client.force_login(ld_manager)
    response = client.get(reverse("traineeships:programme_evaluation", args=[cohort["programme"].pk]))
    html = response.content.decode()
    assert "Breakdown rate: 20% (1 of 5 placements that began broke down)" in html
    assert "Loved the team at Oak House." in html and "Dan Reid" in html
    assert reverse("traineeships:intake_evaluation", args=[story["spring"].pk]) in html


def test_a_director_reads_the_comments_without_names(client, director, story, cohort):
    client.force_login(director)
    html = client.get(
        reverse("traineeships:programme_evaluation", args=[cohort["programme"].pk])
    ).content.decode()
    assert "Loved the team at Oak House." in html
    for name in ("Dan", "Eve", "Reid", "Cara", "Lane"):
        assert name not in html


def test_an_intake_page_counts_only_that_intake(client, ld_manager, story):
    client.force_login(ld_manager)
    html = client.get(reverse("traineeships:intake_evaluation", args=[story["spring"].pk])).content.decode()
    assert "Breakdown rate: 25% (1 of 4 placements that began broke down)" in html
