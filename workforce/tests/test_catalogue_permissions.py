"""Who may open and change each catalogue page: every actor x every page and write.

Reading the catalogue is open to every signed-in role; changing it to the L&D manager (and a
superuser). Anonymous visitors are sent to the login page. A bad id is a 404, the wrong HTTP
method a 405.
"""

import pytest
from django.urls import reverse

from workforce.models import Competency, Course, JobRole, OrgUnit
from workforce.tests.factories import (
    CompetencyFactory,
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    RoleRequirementFactory,
)

ACTORS = [
    "ld_manager",
    "superuser",
    "director",
    "manager",
    "other_manager",
    "mentor",
    "other_mentor",
    "action_owner",
    "anonymous",
]
CHANGERS = {"ld_manager", "superuser"}
KINDS = ["orgunit", "jobrole", "competency", "course"]
OBJECT_ACTIONS = {"detail", "edit", "archive"}


@pytest.fixture
def records(org):
    role = JobRoleFactory(title="Link Trainer")
    competency = CompetencyFactory(name="Delivering training sessions")
    requirement = RoleRequirementFactory(job_role=role, competency=competency, required_level=2)
    return {
        # An empty team, so archiving it is allowed.
        "orgunit": OrgUnitFactory(name="Day team", kind=OrgUnit.Kind.TEAM, parent=org["oak"]),
        "jobrole": role,
        "requirement": requirement,
        "competency": competency,
        "course": CourseFactory(title="Moving and handling"),
    }


def sign_in(client, request, actor):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Writes: the data a valid form would send, and how to tell the write took effect ---------


def _role_data(records, title):
    requirement = records["requirement"]
    return {
        "title": title,
        "version": records["jobrole"].version,
        "pay_band": "4",
        "staff_group": "education_and_training",
        "occupational_group": "",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "1",
        "requirements-0-id": str(requirement.pk),
        "requirements-0-competency": str(requirement.competency_id),
        "requirements-0-required_level": "3",
    }


def _new_role_data(records, title):
    return {
        "title": title,
        "pay_band": "",
        "staff_group": "direct_care_support",
        "occupational_group": "",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "0",
        "requirements-0-competency": str(records["competency"].pk),
        "requirements-0-required_level": "1",
    }


WRITES = {
    "orgunit_create": (
        lambda r, org: {"name": "Night team", "kind": "team", "parent": org["oak"].pk},
        lambda r: OrgUnit.objects.filter(name="Night team").exists(),
    ),
    "orgunit_edit": (
        lambda r, org: {
            "name": "Day shift team",
            "kind": "team",
            "parent": org["oak"].pk,
            "version": r["orgunit"].version,
        },
        lambda r: OrgUnit.objects.filter(pk=r["orgunit"].pk, name="Day shift team").exists(),
    ),
    "orgunit_archive": (
        lambda r, org: {},
        lambda r: OrgUnit.objects.get(pk=r["orgunit"].pk).is_archived,
    ),
    "jobrole_create": (
        lambda r, org: _new_role_data(r, "Healthcare assistant"),
        lambda r: JobRole.objects.filter(title="Healthcare assistant").exists(),
    ),
    "jobrole_edit": (
        lambda r, org: _role_data(r, "Link Trainer (renamed)"),
        lambda r: JobRole.objects.filter(pk=r["jobrole"].pk, title="Link Trainer (renamed)").exists(),
    ),
    "jobrole_archive": (
        lambda r, org: {},
        lambda r: JobRole.objects.get(pk=r["jobrole"].pk).is_archived,
    ),
    "competency_create": (
        lambda r, org: {"name": "Coaching", "category": "Leadership"},
        lambda r: Competency.objects.filter(name="Coaching").exists(),
    ),
    "competency_edit": (
        lambda r, org: {"name": "Delivering group training", "category": "Training delivery"},
        lambda r: Competency.objects.filter(pk=r["competency"].pk, name="Delivering group training").exists(),
    ),
    "competency_archive": (
        lambda r, org: {},
        lambda r: Competency.objects.get(pk=r["competency"].pk).is_archived,
    ),
    "course_create": (
        lambda r, org: {"title": "Care Certificate", "kind": "care_certificate"},
        lambda r: Course.objects.filter(title="Care Certificate").exists(),
    ),
    "course_edit": (
        lambda r, org: {"title": "Moving and handling people", "kind": "statutory_mandatory"},
        lambda r: Course.objects.filter(pk=r["course"].pk, title="Moving and handling people").exists(),
    ),
    "course_archive": (
        lambda r, org: {},
        lambda r: Course.objects.get(pk=r["course"].pk).is_archived,
    ),
}
READS = [f"{kind}_list" for kind in KINDS] + [f"{kind}_detail" for kind in KINDS]


def url_for(name, records):
    kind, action = name.split("_")
    return reverse(f"catalogue:{name}", args=[records[kind].pk] if action in OBJECT_ACTIONS else [])


@pytest.mark.parametrize("page", READS)
@pytest.mark.parametrize("actor", ACTORS)
def test_every_signed_in_role_reads_every_catalogue_page(client, request, records, actor, page):
    sign_in(client, request, actor)
    response = client.get(url_for(page, records))
    if actor == "anonymous":
        assert_sent_to_login(response)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("page", list(WRITES))
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_ld_manager_opens_the_write_pages(client, request, records, actor, page):
    sign_in(client, request, actor)
    response = client.get(url_for(page, records))
    if actor == "anonymous":
        assert_sent_to_login(response)
    elif actor in CHANGERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("page", list(WRITES))
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_ld_manager_changes_the_catalogue(client, request, org, records, actor, page):
    data, took_effect = WRITES[page]
    sign_in(client, request, actor)
    response = client.post(url_for(page, records), data(records, org))
    if actor == "anonymous":
        assert_sent_to_login(response)
        assert not took_effect(records)
    elif actor in CHANGERS:
        assert response.status_code == 302
        assert took_effect(records)
    else:
        assert response.status_code == 403
        assert not took_effect(records)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["detail", "edit", "archive"])
def test_a_bad_id_is_not_found(client, ld_manager, kind, action):
    client.force_login(ld_manager)
    assert client.get(reverse(f"catalogue:{kind}_{action}", args=[987654])).status_code == 404
    if action != "detail":
        assert client.post(reverse(f"catalogue:{kind}_{action}", args=[987654]), {}).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_only_role_gets_not_found_for_a_bad_id_on_a_page_it_may_read(client, mentor, kind):
    client.force_login(mentor)
    assert client.get(reverse(f"catalogue:{kind}_detail", args=[987654])).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("action", "method"),
    [
        ("list", "post"),
        ("list", "delete"),
        ("detail", "post"),
        ("detail", "put"),
        ("create", "put"),
        ("create", "delete"),
        ("edit", "put"),
        ("edit", "delete"),
        ("archive", "put"),
        ("archive", "delete"),
    ],
)
def test_the_wrong_http_method_is_refused(client, ld_manager, records, kind, action, method):
    client.force_login(ld_manager)
    response = getattr(client, method)(url_for(f"{kind}_{action}", records))
    assert response.status_code == 405


def test_read_only_roles_see_no_edit_buttons(client, director, records):
    client.force_login(director)
    for kind in KINDS:
        content = client.get(records[kind].get_absolute_url()).content.decode()
        assert reverse(f"catalogue:{kind}_edit", args=[records[kind].pk]) not in content
        assert reverse(f"catalogue:{kind}_archive", args=[records[kind].pk]) not in content
        assert (
            reverse(f"catalogue:{kind}_create")
            not in client.get(reverse(f"catalogue:{kind}_list")).content.decode()
        )


def test_the_ld_manager_sees_edit_and_archive_buttons(client, ld_manager, records):
    client.force_login(ld_manager)
    for kind in KINDS:
        content = client.get(records[kind].get_absolute_url()).content.decode()
        assert reverse(f"catalogue:{kind}_edit", args=[records[kind].pk]) in content
        assert reverse(f"catalogue:{kind}_archive", args=[records[kind].pk]) in content
