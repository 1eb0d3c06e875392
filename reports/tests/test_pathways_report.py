"""The pathways and succession report kind, read back from its PDF with pypdf: the pipeline per
pathway, progressions and promotions in the period, roles without a ready successor and where,
and the talent grid's counts without names."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from pathways.conftest import candidate, enrolment, ladder  # noqa: F401 (the pathways fixtures)
from pathways.models import Enrolment, Readiness, Review
from pathways.tests.factories import EnrolmentFactory, ReviewFactory
from reports import kinds, pathways_succession, pdf
from workforce import indicators
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def params(days_back=90):
    return {"start": (TODAY - datetime.timedelta(days=days_back)).isoformat(), "end": TODAY.isoformat()}


@pytest.fixture
def story(enrolment, ladder, org, actors):  # noqa: F811 (fixtures imported above)
    """Priya (Oak, for Link Trainer) judged high/high; a Home Trainer of Elm Court who progressed to
    Link Trainer 30 days ago after 300 days; one nominated, not yet accepted."""
    ReviewFactory(enrolment=enrolment, performance=Review.Rating.HIGH, potential=Review.Rating.HIGH)
    Enrolment.objects.filter(pk=enrolment.pk).update(readiness=Readiness.WITHIN_1_YEAR)
    moved = StaffMemberFactory(
        first_name="Ravi", last_name="Patel", org_unit=org["elm"], job_role=ladder["roles"]["link_trainer"]
    )
    progressed_on = TODAY - datetime.timedelta(days=30)
    EnrolmentFactory(
        staff_member=moved,
        target_stage=ladder["stages"][1],
        status=Enrolment.Status.PROGRESSED,
        nominated_on=progressed_on - datetime.timedelta(days=300),
        progressed_on=progressed_on,
        role_before=ladder["roles"]["home_trainer"],
    )
    EnrolmentFactory(
        staff_member=StaffMemberFactory(org_unit=org["elm"], last_name="Moss"),
        target_stage=ladder["stages"][1],
    )
    return {"moved": moved}


def test_the_kind_is_registered_for_directors_and_the_ld_manager():
    kind = kinds.get("pathways_succession")
    assert kind.title == "Pathways and succession report" and kind.ability == kinds.REQUEST_ABILITY
    form = kind.form_class({"period_start": params()["start"], "period_end": params()["end"]})
    assert form.is_valid(), form.errors
    assert form.params() == params()
    assert kind.describe(params()).startswith("All career pathways, ")


def test_the_pdf_reads_back_with_every_part(story):
    report = pathways_succession.build(params())
    rendered = pdf.render(report)
    reader = PdfReader(io.BytesIO(rendered.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    assert reader.metadata.title.startswith("Pathways and succession report")
    assert "2 people on career pathways now; 1 progressed in the period" in text
    # Pipeline: nominated 1, accepted 0, in development 1, ready 0, progressed 1; median 300 days.
    assert re.search(r"Trainer pathway 1 0 1 0 1 300", text), text
    # Roles without a ready successor, and where: the RTOs of North and South have no one ready.
    assert (
        "Regional Training Officer 2 0 0 Anywhere: North Region (1 in post), South Region (1 in post)" in text
    )
    # Ravi is a Link Trainer in the South with Priya (North) the only one ready within a year.
    assert "Link Trainer 1 2 1 South Region (1 in post)" in text
    # Talent grid: counts without names.
    assert "High potential 0 0 1" in text
    assert "1 of 2 people placed; 1 not yet placed" in text
    assert "Priya" not in text and "Shah" not in text and "Moss" not in text


def test_progressions_are_read_through_the_registry_where_registered(story):
    figures = pathways_succession.sections(params())[0].context
    assert figures["progressed"] == 1
    promotions = indicators.value(
        "workforce.promotions", *map(datetime.date.fromisoformat, params().values())
    )
    assert figures["promotions"] == promotions
    try:
        indicators.get(pathways_succession.PROGRESSIONS)
    except KeyError:
        assert figures["progressions"] is None  # until the pathways app registers it
    else:
        assert figures["progressions"].numerator == 1
