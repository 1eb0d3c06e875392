"""The diversity of applicants (traineeships/diversity.py `diversity`) on the page and in its
exports: counts by characteristic and where applicants are now, suppressed, with anonymised
applicants still counted and applicants without a monitoring form as "Not recorded"."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from traineeships import diversity
from traineeships.evaluation import Scope
from traineeships.models import EqualityMonitoring, Stage
from traineeships.tests.factories import ApplicantFactory, EqualityMonitoringFactory, IntakeFactory
from traineeships.tests.test_diversity import determinable

pytestmark = pytest.mark.django_db
Sex = EqualityMonitoring.Sex


def applicants(intake, n, stage, sex=None, **answers):
    for _ in range(n):
        person = ApplicantFactory(intake=intake, stage=stage)
        if sex is not None:
            EqualityMonitoringFactory(applicant=person, sex=sex, **answers)


@pytest.fixture
def intake(cohort):
    """Beside the cohort's three (no monitoring forms): 12 women and 10 men who applied, 3 women
    who started, 5 men who withdrew; one of the women who started since anonymised."""
    intake = cohort["intake"]
    applicants(intake, 12, Stage.APPLIED, Sex.FEMALE)
    applicants(intake, 10, Stage.APPLIED, Sex.MALE, ethnicity=EqualityMonitoring.Ethnicity.WHITE)
    applicants(intake, 3, Stage.STARTED, Sex.FEMALE)
    applicants(intake, 5, Stage.WITHDRAWN, Sex.MALE)
    started = intake.applicants.filter(stage=Stage.STARTED).exclude(last_name="Lane").first()
    type(started).objects.filter(pk=started.pk).update(
        first_name="", last_name="", anonymised_on=datetime.date.today()
    )
    return intake


def test_the_sex_table_is_suppressed(intake):
    tables = {table.key: table for table in diversity.diversity(intake.applicants.all())}
    assert list(tables) == EqualityMonitoring.CHARACTERISTICS
    sex = tables["sex"]
    assert sex.row_labels == ["Female", "Male", "Prefer not to say", "Not recorded"]
    # The true counts (anonymised applicant included), then what is shown.
    assert [list(row) for row in sex.table.grid] == [
        [0, 12, 0, 3, 0, 15],
        [0, 10, 0, 0, 5, 15],
        [0, 0, 0, 0, 0, 0],
        [0, 1, 1, 1, 0, 3],  # Ava (applied), Ben (checks), Cara (started): no forms
        [0, 23, 1, 4, 5, 33],
    ]
    shown = dict(sex.body())
    assert shown["Female"][3] == "*" and shown["Male"][4] == "*"
    assert shown["Prefer not to say"] == [0, 0, 0, 0, 0, 0]
    assert not determinable(sex.table)
    for table in tables.values():
        assert not determinable(table.table), table.key


def test_a_programme_counts_every_intake(cohort, intake):
    other = IntakeFactory(programme=cohort["programme"], name="Spring intake")
    applicants(other, 9, Stage.APPLIED, Sex.FEMALE)
    tables = {t.key: t for t in diversity.diversity(Scope(cohort["programme"]).applicants())}
    assert tables["sex"].table.grid[0][1] == 21  # 12 women who applied to October, 9 to Spring
    assert {t.key: t for t in diversity.diversity(other.applicants.all())}["sex"].table.any_hidden is False


def test_no_applicants_no_figures_hidden(cohort):
    empty = IntakeFactory(programme=cohort["programme"], name="Next intake")
    for table in diversity.diversity(empty.applicants.all()):
        assert table.table.totals()[-1] == 0 and not table.table.any_hidden


def test_the_page_shows_stars_and_no_names(client, director, intake):
    client.force_login(director)
    response = client.get(reverse("traineeships:intake_diversity", args=[intake.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<abbr title="Hidden: a small number">*</abbr>' in html
    assert 'id="diversity-lived_experience"' in html
    for name in ("Ava", "Green", "Cara", "Lane", "Applicant"):
        assert name not in html


def test_the_exports_carry_the_same_suppression(client, ld_manager, intake):
    client.force_login(ld_manager)
    url = reverse("traineeships:intake_diversity_export", args=[intake.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Characteristic",
        "Answer",
        "Enquiry or information session",
        "Applied, visited or interviewed",
        "Offered or in checks",
        "Started",
        "Withdrawn or unsuccessful",
        "Total",
    ]
    page = {t.key: t for t in diversity.diversity(intake.applicants.all())}["sex"]
    female = next(row for row in rows if row[:2] == ["Sex", "Female"])
    assert female[2:] == [str(cell) for cell in dict(page.body())["Female"]]
    assert "*" in female
    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    sheet = [[cell.value for cell in row] for row in book.active.iter_rows()]
    xlsx_female = next(row for row in sheet if row[:2] == ["Sex", "Female"])
    assert xlsx_female[2:] == list(dict(page.body())["Female"])
