"""The succession page: incumbents and candidates by readiness for each role on a pathway, roles
at risk and where, the unit filter within the reader's scope, the export, and its query count."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pathways import succession
from pathways.models import Enrolment, Readiness
from pathways.tests.factories import CareerPathwayFactory, EnrolmentFactory, PathwayStageFactory
from workforce.models import OrgUnit
from workforce.tests.factories import JobRoleFactory, OrgUnitFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("pathways:succession")
SUCCESSION_QUERIES = 12


def entry_for(plan, title):
    return next(entry for entry in plan.roles if entry.role.title == title)


def candidate_for(stage, unit, readiness="", status=Enrolment.Status.IN_DEVELOPMENT, **names):
    person = StaffMemberFactory(
        org_unit=unit, job_role=stage.pathway.stages.get(position=stage.position - 1).job_role, **names
    )
    return EnrolmentFactory(staff_member=person, target_stage=stage, readiness=readiness, status=status)


@pytest.fixture
def world(org, actors, enrolment, ladder):
    """Priya (Oak House, North) for Link Trainer; the two mentors are the RTOs of North and South."""
    return {"enrolment": enrolment, **ladder}


def test_roles_on_a_pathway_with_incumbents_and_candidates_by_readiness(world, ld_manager, candidate):
    plan = succession.build(ld_manager)

    assert [entry.role.title for entry in plan.roles] == [
        "Home Trainer",
        "Link Trainer",
        "Regional Training Officer",
    ]
    home_trainer = entry_for(plan, "Home Trainer")
    assert home_trainer.incumbent_count == 1 and home_trainer.incumbents == [candidate]
    link = entry_for(plan, "Link Trainer")
    assert link.incumbent_count == 0
    not_judged = link.readiness[-1]
    assert not_judged.label == "Not judged yet" and not_judged.candidates == [world["enrolment"]]
    # Priya is not judged ready: nobody is ready within a year for Link Trainer.
    assert link.no_one_ready and link.at_risk
    rto = entry_for(plan, "Regional Training Officer")
    assert rto.incumbent_count == 2 and rto.candidate_count == 0
    assert [place.label for place in rto.risk_places] == ["North Region", "South Region"]


def test_a_ready_candidate_takes_the_risk_away_where_they_are(world, ld_manager, org):
    Enrolment.objects.filter(pk=world["enrolment"].pk).update(readiness=Readiness.WITHIN_1_YEAR)
    # A Link Trainer in Elm Court (South), ready now for Regional Training Officer.
    candidate_for(world["stages"][2], org["elm"], Readiness.READY_NOW, first_name="Sam", last_name="Okoro")
    plan = succession.build(ld_manager)

    link = entry_for(plan, "Link Trainer")
    assert link.ready_soon == 1 and not link.no_one_ready
    # Sam is a Link Trainer in the South with no one there ready to follow: a gap there only.
    assert [place.label for place in link.risk_places] == ["South Region"]
    assert link.readiness[1].label == "Ready within 1 year" and link.readiness[1].candidates == [
        world["enrolment"]
    ]
    rto = entry_for(plan, "Regional Training Officer")
    assert rto.ready_soon == 1 and not rto.no_one_ready
    # South has its successor; North, with an RTO in post and no one ready, is the gap.
    assert [place.label for place in rto.risk_places] == ["North Region"]
    assert rto.at_risk


def test_closed_enrolments_and_inactive_pathways_do_not_count(world, ld_manager, org):
    Enrolment.objects.filter(pk=world["enrolment"].pk).update(
        status=Enrolment.Status.DECLINED, readiness=Readiness.READY_NOW
    )
    inactive = CareerPathwayFactory(name="Old pathway", is_active=False)
    PathwayStageFactory(pathway=inactive, position=1, job_role=JobRoleFactory(title="Cook"))
    plan = succession.build(ld_manager)
    assert "Cook" not in [entry.role.title for entry in plan.roles]
    assert entry_for(plan, "Link Trainer").candidate_count == 0


def test_the_page_flags_risks_with_where(client, world, ld_manager):
    client.force_login(ld_manager)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Roles at risk: 3 of 3" in page
    assert "Regional Training Officer</a>:\n      no one ready within a year (2 in post)" in page
    assert "No ready successor" in page and "Priya Shah" in page


def test_a_manager_sees_their_unit_only_and_starts_there(client, world, manager, org):
    candidate_for(world["stages"][1], org["elm"], Readiness.READY_NOW, first_name="Elle", last_name="Moss")
    client.force_login(manager)
    response = client.get(URL)
    plan = response.context["plan"]
    assert plan.unit == org["oak"]
    link = entry_for(plan, "Link Trainer")
    assert [e.staff_member.last_name for group in link.readiness for e in group.candidates] == ["Shah"]
    # Another region's unit is not theirs to pick: the default stays, with a message by the field.
    response = client.get(URL, {"unit": org["south"].pk})
    assert response.context["plan"].unit == org["oak"]
    assert "Choose a unit from the list." in response.content.decode()
    assert "Elle Moss" not in response.content.decode()


def test_the_ld_manager_filters_by_region(client, world, ld_manager, org):
    candidate_for(world["stages"][1], org["elm"], Readiness.READY_NOW, first_name="Elle", last_name="Moss")
    client.force_login(ld_manager)
    plan = client.get(URL, {"unit": org["south"].pk}).context["plan"]
    link = entry_for(plan, "Link Trainer")
    assert [e.staff_member.last_name for group in link.readiness for e in group.candidates] == ["Moss"]
    # Within a region, the places are its homes (and the region itself).
    assert [place.label for place in link.places] == ["Elm Court", "South Region (itself)"]


def test_export_lists_incumbents_and_candidates_safely(client, world, ld_manager, org):
    candidate_for(
        world["stages"][1], org["elm"], Readiness.READY_NOW, first_name="=HYPERLINK(1)", last_name="Moss"
    )
    client.force_login(ld_manager)

    response = client.get(reverse("pathways:succession_export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="succession-whole-organisation-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == succession.EXPORT_HEADERS
    people = {(row[0], row[3], row[6], row[7]) for row in rows[1:]}
    assert ("Home Trainer", "Priya Shah", "Incumbent", "") in people
    assert ("Link Trainer", "Priya Shah", "Candidate", "Not judged yet") in people
    assert ("Link Trainer", "'=HYPERLINK(1) Moss", "Candidate", "Ready now") in people
    assert ("Regional Training Officer", "Nia Evans", "Incumbent", "") in people
    rto = next(row for row in rows if row[3] == "Nia Evans")
    assert rto[2] == "Yes: no one ready within a year"

    response = client.get(reverse("pathways:succession_export"), {"format": "xlsx", "unit": org["south"].pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == succession.EXPORT_HEADERS
    names = {row[3] for row in values[1:]}
    assert names == {"=HYPERLINK(1) Moss", "Uma Lowe"}  # South only; text, never a formula
    moss = next(row for row in sheet.iter_rows(min_row=2) if row[3].value.startswith("="))
    assert moss[3].data_type == "s" and moss[3].quotePrefix


def test_export_refuses_an_unknown_format(client, world, ld_manager):
    client.force_login(ld_manager)
    assert client.get(reverse("pathways:succession_export"), {"format": "pdf"}).status_code == 400


@pytest.mark.parametrize("size", [5, 200])
def test_query_count_does_not_grow_with_candidates(
    client, world, ld_manager, org, size, django_assert_num_queries
):
    homes = [OrgUnitFactory(name=f"Home {n}", kind=OrgUnit.Kind.HOME, parent=org["north"]) for n in range(5)]
    extra_role = JobRoleFactory(title="Deputy Trainer")
    PathwayStageFactory(pathway=world["pathway"], position=4, job_role=extra_role)
    readiness = [value for value, _ in succession.READINESS_COLUMNS]
    for n in range(size):
        stage = world["stages"][1 + n % 2]
        candidate_for(stage, homes[n % 5], readiness[n % len(readiness)], last_name=f"Person {n}")
        StaffMemberFactory(org_unit=homes[n % 5], job_role=extra_role if n % 3 else world["roles"]["rto"])
    client.force_login(ld_manager)

    # session, user, staff record (middleware), groups; units for the picker; stages; the
    # organisation root and its children (the places); incumbents counted; incumbents named;
    # candidates counted; candidates named (the first of each readiness).
    with django_assert_num_queries(SUCCESSION_QUERIES):
        response = client.get(URL)
    assert sum(entry.candidate_count for entry in response.context["plan"].roles) == size + 1


@pytest.mark.parametrize("size", [5, 200])
def test_a_managers_query_count_does_not_grow(client, world, manager, org, size, django_assert_num_queries):
    for n in range(size):
        unit = org["oak"] if n % 2 else org["elm"]  # half of them outside the manager's home
        candidate_for(world["stages"][1 + n % 2], unit, Readiness.READY_NOW, last_name=f"Person {n}")
    client.force_login(manager)

    # As for the L&D manager, less the organisation's root (the manager's places are below
    # their own unit, which the picker's query already holds).
    with django_assert_num_queries(SUCCESSION_QUERIES - 1):
        response = client.get(URL)
    plan = response.context["plan"]
    assert sum(entry.candidate_count for entry in plan.roles) == size // 2 + 1


def test_each_role_names_its_first_incumbents_by_name_and_counts_them_all(
    world, ld_manager, org, monkeypatch
):
    """Each role's own first NAMES_SHOWN in post, by name (first_of_listed); a leaver neither
    named nor counted."""
    monkeypatch.setattr(succession, "NAMES_SHOWN", 2)
    before = {entry.role.title: entry.incumbent_count for entry in succession.build(ld_manager).roles}
    rto, home_trainer = world["stages"][2].job_role, world["stages"][0].job_role
    for role, names in ((rto, ["Aac", "Aab", "Aad"]), (home_trainer, ["Aaz", "Aab", "Aam"])):
        for name in names:
            StaffMemberFactory(job_role=role, org_unit=org["oak"], last_name=name)
    StaffMemberFactory(
        job_role=rto, org_unit=org["oak"], last_name="Aaa", leaving_date=datetime.date(2021, 1, 1)
    )

    plan = succession.build(ld_manager)

    rto_entry = entry_for(plan, "Regional Training Officer")
    assert [person.last_name for person in rto_entry.incumbents] == ["Aab", "Aac"]
    assert rto_entry.incumbent_count == before["Regional Training Officer"] + 3
    trainer_entry = entry_for(plan, "Home Trainer")
    assert [person.last_name for person in trainer_entry.incumbents] == ["Aab", "Aam"]
    assert trainer_entry.incumbent_count == before["Home Trainer"] + 3
