"""The traineeship report kind, read back from its PDF with pypdf: funnel, placements and the
reasons they broke down, outcomes and retention, feedback without names, and the diversity table
with small numbers suppressed; and the board pack's traineeships part."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports import board_pack, kinds, pdf, traineeships_report
from reports.kinds import ReportUnavailable
from reports.tests.test_report_pdfs import assert_accessible_pdf, structure_tags
from traineeships.conftest import cohort  # noqa: F401 (the traineeships fixture)
from traineeships.models import EqualityMonitoring, Stage
from traineeships.tests.factories import ApplicantFactory, EqualityMonitoringFactory, IntakeFactory
from traineeships.tests.test_evaluation import story  # noqa: F401 (a programme with outcomes)

pytestmark = pytest.mark.django_db


def read(report) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf.render(report).content))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def answers(cohort):  # noqa: F811
    """Monitoring answers on the October intake: 10 women and 3 men who applied."""
    for n in range(13):
        person = ApplicantFactory(intake=cohort["intake"], stage=Stage.APPLIED, last_name="Quinn")
        sex = EqualityMonitoring.Sex.FEMALE if n < 10 else EqualityMonitoring.Sex.MALE
        EqualityMonitoringFactory(applicant=person, sex=sex)


def test_the_kind_and_its_form(cohort):  # noqa: F811
    kind = kinds.get("traineeships")
    assert kind.title == "Traineeship report" and kind.ability == kinds.REQUEST_ABILITY
    form = kind.form_class({"programme": cohort["programme"].pk, "intake": cohort["intake"].pk})
    assert form.is_valid(), form.errors
    assert form.params() == {"programme": cohort["programme"].pk, "intake": cohort["intake"].pk}
    assert kind.describe(form.params()) == "Lived Experience Traineeship: October intake"
    other = IntakeFactory(name="Elsewhere")
    form = kind.form_class({"programme": cohort["programme"].pk, "intake": other.pk})
    assert not form.is_valid() and "is an intake of" in form.errors["intake"][0]


def test_the_request_page_offers_it(client, director, cohort):  # noqa: F811
    client.force_login(director)
    response = client.get(reverse("reports:request", args=["traineeships"]))
    assert response.status_code == 200 and "Lived Experience Traineeship" in response.content.decode()


def test_the_programme_pdf_reads_back_with_every_part(story, cohort, answers):  # noqa: F811
    report = traineeships_report.build({"programme": cohort["programme"].pk, "intake": None})
    reader, text = read(report)
    assert_accessible_pdf(reader, "Traineeship report")
    assert {"H1", "H2", "Table", "TH", "TD"} <= structure_tags(reader)
    # Cover: Ava, Ben, Cara, Hal and 13 more on October; Dan, Eve, Fay, Gus on Spring.
    assert "21 applicants; 5 started" in text
    assert "1 of 5 placements broke down (20%)" in text
    # Funnel, then the breakdown's reason with its host team, never the trainee.
    assert re.search(r"Started 5 \d+%", text), text
    assert "Housing crisis" in text and "Oak House" in text
    # Outcomes at the end, 6 and 12 months; retention of those employed here.
    assert "Employed here (entry-level role) 2 2 0" in text
    assert "Due and not recorded 1 2 3" in text
    assert "6 months 2 2 0 100%" in text and "12 months 2 0 1 0%" in text
    # Feedback by source, and the comments without names.
    assert "The trainee 2 4.5" in text and "Loved the team at Oak House." in text
    for name in ("Dan", "Eve", "Reid", "Cara", "Lane", "Quinn", "Ava"):
        assert not re.search(rf"\b{name}\b", text), name
    # Diversity: the 3 men who applied are hidden, with their row total, and Ava's "Not recorded"
    # beside them in the column (else the 3 would be the column total less the rest).
    assert re.search(r"Male 0 \* 0 0 0 \*", text), text
    assert "Lived experience of the service" in text


def test_an_intake_deleted_since_is_told(cohort):  # noqa: F811
    with pytest.raises(ReportUnavailable, match="has been deleted"):
        traineeships_report.build({"programme": cohort["programme"].pk, "intake": 987654})


def test_the_board_pack_part(story, cohort):  # noqa: F811
    keys = [section.key for section in kinds.pack_sections()]
    assert "traineeships" in keys and keys.index("traineeships") > keys.index("pathways_succession")
    today = traineeships_report.timezone.localdate()
    params = {
        "start": today.replace(day=1).isoformat(),
        "end": today.isoformat(),
        "plans": [],
        "indicators": [],
    }
    sections = traineeships_report.pack_sections(params)
    assert [section.part for section in sections] == ["Traineeships and work experience"]
    html = pdf.render_html(board_pack.build(params))
    assert "Lived Experience Traineeship" in html and "Traineeship starts in the period" in html
    assert "1 of 5" in html  # placements broken down
    assert "Dan" not in html
