"""The traineeships indicators in the core's registry: what each counts, their breakdown by
programme (whose rows add up to the whole), and that the reports app's measuring-success pages
show them with no change there."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from traineeships.models import Outcome, Placement, Programme, Stage, Trainee
from traineeships.tests.factories import (
    ApplicantFactory,
    IntakeFactory,
    OutcomeFactory,
    PlacementFactory,
    ProgrammeFactory,
    TraineeFactory,
)
from workforce import indicators

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
START, END = TODAY - datetime.timedelta(days=60), TODAY
KEYS = [
    "traineeships.starts",
    "traineeships.completions",
    "traineeships.breakdowns",
    "traineeships.job_outcomes",
    "traineeships.work_experience",
    "traineeships.pre_employment",
]


def days(n):
    return TODAY - datetime.timedelta(days=n)


def trainee(intake, started_on, **fields):
    return TraineeFactory(
        applicant=ApplicantFactory(intake=intake, stage=Stage.STARTED), started_on=started_on, **fields
    )


@pytest.fixture
def world(cohort, org):
    """The cohort's traineeship (Cara started 120 days ago); a traineeship intake that ended 30
    days ago (Ian completed, in a job here; Jo left early; Kim completed, no job); a work-experience
    programme with two starts 10 days ago and a pre-employment one with one; a placement that
    broke down 20 days ago."""
    ended = IntakeFactory(
        programme=cohort["programme"], name="Spring intake", starts_on=days(300), ends_on=days(30)
    )
    ian = trainee(ended, days(50), status=Trainee.Status.COMPLETED)
    jo = trainee(ended, days(50), status=Trainee.Status.LEFT_EARLY, ended_on=days(40))
    kim = trainee(ended, days(300), status=Trainee.Status.COMPLETED)
    OutcomeFactory(trainee=ian, kind=Outcome.Kind.EMPLOYED_HERE)
    OutcomeFactory(trainee=kim, kind=Outcome.Kind.NOT_IN_WORK)
    PlacementFactory(
        trainee=jo,
        host_unit=org["oak"],
        status=Placement.Status.BROKEN_DOWN,
        starts_on=days(50),
        broke_down_on=days(20),
    )
    PlacementFactory(
        trainee=ian, host_unit=org["oak"], starts_on=days(50), ends_on=days(30), status="completed"
    )
    work = IntakeFactory(
        programme=ProgrammeFactory(name="Summer work experience", kind=Programme.Kind.WORK_EXPERIENCE)
    )
    trainee(work, days(10))
    trainee(work, days(10))
    pre = IntakeFactory(
        programme=ProgrammeFactory(name="Prince's Trust placement", kind=Programme.Kind.PRE_EMPLOYMENT)
    )
    trainee(pre, days(10))
    return {"ended": ended, "work": work, "pre": pre}


def test_every_indicator_is_registered_with_a_programme_breakdown():
    for key in KEYS:
        indicator = indicators.get(key)
        assert "programme" in dict(indicator.breakdown_choices())
    assert indicators.get("traineeships.breakdowns").good == "down"


def test_the_values(world):
    value = {key: indicators.value(key, START, END) for key in KEYS}
    # Ian and Jo started in the period (Cara and Kim before it); work experience is apart.
    assert value["traineeships.starts"].value == 2
    # Ian and Kim completed of the three whose programme ended (Jo left early 40 days ago).
    assert (value["traineeships.completions"].numerator, value["traineeships.completions"].denominator) == (
        2,
        3,
    )
    assert value["traineeships.completions"].value == Decimal("66.7")
    # Jo's broke down, of Jo's and Ian's running in the period (Cara's too: it is active).
    breakdowns = value["traineeships.breakdowns"]
    assert (breakdowns.numerator, breakdowns.denominator) == (1, 3)
    # Ian in a job at the end, of Ian, Jo and Kim.
    assert (value["traineeships.job_outcomes"].numerator, value["traineeships.job_outcomes"].denominator) == (
        1,
        3,
    )
    assert value["traineeships.work_experience"].value == 2
    assert value["traineeships.pre_employment"].value == 1


def test_nothing_in_an_earlier_period(world):
    early = (TODAY - datetime.timedelta(days=1000), TODAY - datetime.timedelta(days=900))
    assert indicators.value("traineeships.starts", *early).value == 0
    assert indicators.value("traineeships.completions", *early).value is None


def test_the_programme_breakdown_adds_up(world, cohort):
    rows = indicators.breakdown("traineeships.job_outcomes", START, END, by="programme")
    assert [row.label for row in rows] == [
        "Lived Experience Traineeship",
        "Prince's Trust placement",
        "Summer work experience",
    ]
    assert sum(row.measure.numerator for row in rows) == 1
    assert sum(row.measure.denominator or 0 for row in rows) == 3
    work = indicators.breakdown("traineeships.work_experience", START, END, by="programme")
    assert [(row.label, row.measure.value) for row in work] == [("Summer work experience", 2)]


def test_the_registry_breakdown_by_unit_puts_trainees_not_employed_under_not_recorded(world):
    rows = indicators.breakdown("traineeships.starts", START, END, by="unit")
    assert sum(row.measure.numerator for row in rows) == 2
    assert [row.measure.numerator for row in rows if row.label == indicators.NOT_RECORDED] == [2]


def test_the_reports_pages_show_them(client, director, world):
    client.force_login(director)
    page = client.get(reverse("reports:indicator_list")).content.decode()
    for key in KEYS:
        assert reverse("reports:indicator_detail", args=[key]) in page
    assert "Traineeship starts in the period" in page
    detail = client.get(
        reverse("reports:indicator_detail", args=["traineeships.job_outcomes"]) + "?by=programme"
    )
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Job outcomes of trainees" in html and "Summer work experience" in html
    export = client.get(reverse("reports:indicator_export", args=["traineeships.starts"]))
    assert export.status_code == 200 and b"Numerator" in export.content


def test_placement_breakdowns_by_host_team(world, org):
    rows = indicators.breakdown("traineeships.breakdowns", START, END, by="host_unit")
    assert sum(row.measure.numerator for row in rows) == 1
    assert sum(row.measure.denominator or 0 for row in rows) == 3
    # Every placement is at Oak House: its region carries them all.
    (busy,) = [row for row in rows if row.measure.denominator]
    assert org["oak"].path.startswith(busy.key)
    within = indicators.breakdown("traineeships.breakdowns", START, END, by="host_unit", unit=org["elm"])
    assert sum(row.measure.denominator or 0 for row in within) == 0
