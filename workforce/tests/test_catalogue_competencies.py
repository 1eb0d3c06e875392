"""Competency pages: the list, a competency's levels and the roles requiring it, add/edit, archive."""

import pytest
from django.urls import reverse

from workforce.models import Competency
from workforce.tests.factories import CompetencyFactory, JobRoleFactory, RoleRequirementFactory


@pytest.fixture
def delivery(db):
    competency = CompetencyFactory(
        name="Delivering training sessions",
        category="Training delivery",
        framework="Skills for Care",
        level_1="Co-delivers a session with support",
        level_2="Delivers prepared sessions to small groups",
        level_3="Designs and delivers sessions",
        level_4="Trains the trainers",
    )
    RoleRequirementFactory(
        job_role=JobRoleFactory(title="Home Trainer"), competency=competency, required_level=2
    )
    RoleRequirementFactory(
        job_role=JobRoleFactory(title="Regional Training Officer"), competency=competency, required_level=4
    )
    RoleRequirementFactory(
        job_role=JobRoleFactory(title="Old trainer role", is_archived=True),
        competency=competency,
        required_level=1,
    )
    return competency


def names(response):
    return [competency.name for competency in response.context["rows"]]


def test_the_list_filters_by_text_category_and_archived(client, other_mentor, delivery):
    CompetencyFactory(name="Leading a team", category="Leadership")
    CompetencyFactory(name="Paper records", category="Administration", is_archived=True)
    client.force_login(other_mentor)
    url = reverse("catalogue:competency_list")
    assert names(client.get(url)) == ["Leading a team", "Delivering training sessions"]  # category, then name
    assert names(client.get(url, {"q": "skills for care"})) == ["Delivering training sessions"]
    assert names(client.get(url, {"category": "Leadership"})) == ["Leading a team"]
    assert "Paper records" in names(client.get(url, {"archived": "on"}))
    rows = client.get(url).context["rows"]
    assert {c.name: c.role_count for c in rows}["Delivering training sessions"] == 2  # active roles only
    category_choices = client.get(url).context["filter"].form.fields["category"].choices
    assert ("Administration", "Administration") in category_choices


def test_the_competency_page_shows_levels_and_the_roles_requiring_it(client, action_owner, delivery):
    client.force_login(action_owner)
    response = client.get(delivery.get_absolute_url())
    assert response.status_code == 200
    assert [(r.job_role.title, r.required_level) for r in response.context["required_by"]] == [
        ("Regional Training Officer", 4),
        ("Home Trainer", 2),
        ("Old trainer role", 1),
    ]
    content = response.content.decode()
    for descriptor in ("Co-delivers a session with support", "Trains the trainers"):
        assert descriptor in content
    assert "4 - Expert" in content and "Archived" in content


def test_adding_a_competency_with_its_level_descriptors(client, ld_manager):
    client.force_login(ld_manager)
    data = {
        "name": "Mentoring",
        "category": "Leadership",
        "framework": "In-house",
        "description": "Supporting a colleague's development over time.",
        "level_1": "Takes part in mentoring",
        "level_2": "Mentors with supervision",
        "level_3": "Mentors independently",
        "level_4": "Develops other mentors",
    }
    response = client.post(reverse("catalogue:competency_create"), data)
    mentoring = Competency.objects.get(name="Mentoring")
    assert response.status_code == 302 and response.url == mentoring.get_absolute_url()
    assert mentoring.descriptors == [
        (1, "Takes part in mentoring"),
        (2, "Mentors with supervision"),
        (3, "Mentors independently"),
        (4, "Develops other mentors"),
    ]
    assert "Competency “Mentoring” added." in client.get(response.url).content.decode()


def test_a_duplicate_name_is_refused_by_the_field_with_the_data_kept(client, ld_manager, delivery):
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:competency_create"),
        {
            "name": "Delivering training sessions",
            "category": "Training delivery",
            "level_3": "My own descriptor",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Competency with this Name already exists."]
    content = response.content.decode()
    assert "My own descriptor" in content and 'id="error_1_id_name"' in content
    assert Competency.objects.filter(name="Delivering training sessions").count() == 1


def test_archiving_keeps_existing_requirements(client, ld_manager, delivery):
    client.force_login(ld_manager)
    assert client.post(reverse("catalogue:competency_archive", args=[delivery.pk])).status_code == 302
    delivery.refresh_from_db()
    assert delivery.is_archived and delivery.requirements.count() == 3
    assert "Delivering training sessions" not in names(client.get(reverse("catalogue:competency_list")))


def test_the_history_shows_what_changed_and_who_changed_it(client, ld_manager, delivery):
    client.force_login(ld_manager)
    client.post(
        reverse("catalogue:competency_edit", args=[delivery.pk]),
        {
            "name": delivery.name,
            "category": delivery.category,
            "framework": delivery.framework,
            "level_1": delivery.level_1,
            "level_2": delivery.level_2,
            "level_3": delivery.level_3,
            "level_4": "Trains and assesses other trainers",
        },
    )
    response = client.get(delivery.get_absolute_url())
    newest = response.context["history"][0]
    assert newest.record.history_user == ld_manager
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("level 4 descriptor", "Trains the trainers", "Trains and assesses other trainers")
    ]
    assert ld_manager.get_full_name() in response.content.decode()
