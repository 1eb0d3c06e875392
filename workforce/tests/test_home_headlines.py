"""Home page headlines: each counts people (not records), says so, and links to its list."""

import datetime

import pytest
from django.urls import reverse

from workforce.models import StaffMember
from workforce.tests.factories import (
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)
from workforce.views.home import last_12_months

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def staff(org):
    """Oak House (North) and Elm Court (South), with people on every side of each line.

    Carers must hold fire safety and moving and handling (workforce.compliance); the headline
    counts people in post with either expired or missing."""
    fire = CourseFactory(title="Fire safety", renewal_months=12)
    moving = CourseFactory(title="Moving and handling", renewal_months=12)
    carer = JobRoleFactory(title="Carer")
    for course in (fire, moving):
        TrainingRequirementFactory(course=course, job_role=carer)
    long_ago = TODAY - datetime.timedelta(days=800)
    people = {
        "oak_in_post": StaffMemberFactory(org_unit=org["oak"]),
        "elm_in_post": StaffMemberFactory(org_unit=org["elm"]),
        "starts_tomorrow": StaffMemberFactory(org_unit=org["oak"], start_date=TODAY + DAY),
        "leaves_tomorrow": StaffMemberFactory(org_unit=org["oak"], leaving_date=TODAY + DAY),
        "left_today": StaffMemberFactory(org_unit=org["oak"], leaving_date=TODAY, job_role=carer),
        "left_in_window": StaffMemberFactory(org_unit=org["elm"], leaving_date=last_12_months(TODAY)[0]),
        "left_before_window": StaffMemberFactory(
            org_unit=org["oak"], leaving_date=last_12_months(TODAY)[0] - DAY
        ),
        "archived": StaffMemberFactory(org_unit=org["oak"], is_archived=True, job_role=carer),
        "two_expired": StaffMemberFactory(org_unit=org["oak"], job_role=carer),
        "renewed": StaffMemberFactory(org_unit=org["elm"], job_role=carer),
        "never_trained": StaffMemberFactory(org_unit=org["elm"], job_role=carer),
        # Within the new-starter grace period: due, not yet counted against them.
        "new_starter": StaffMemberFactory(org_unit=org["elm"], job_role=carer, start_date=TODAY - DAY),
    }
    # Two expired records for one person: one person in the headline, not two.
    for course in (fire, moving):
        TrainingRecordFactory(staff_member=people["two_expired"], course=course, completed_on=long_ago)
    TrainingRecordFactory(staff_member=people["renewed"], course=fire, completed_on=long_ago)
    TrainingRecordFactory(staff_member=people["renewed"], course=fire, completed_on=TODAY - DAY)
    TrainingRecordFactory(staff_member=people["renewed"], course=moving, completed_on=TODAY - DAY)
    # An expired course nobody requires of them is not counted.
    TrainingRecordFactory(staff_member=people["oak_in_post"], course=fire, completed_on=long_ago)
    # Expired training of someone no longer in post is not counted either.
    TrainingRecordFactory(staff_member=people["left_today"], course=fire, completed_on=long_ago)
    TrainingRecordFactory(staff_member=people["archived"], course=fire, completed_on=long_ago)
    return people


def headlines_of(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {headline["key"]: headline for headline in response.context["headlines"]}


def rows_behind(client, url) -> list[StaffMember]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1
    return list(page.object_list)


def test_headlines_count_people_and_say_so(client, ld_manager, staff):
    client.force_login(ld_manager)
    headlines = headlines_of(client)
    # In post: the ld manager, oak, elm, leaves tomorrow, two expired, renewed, never trained,
    # new starter.
    assert headlines["in_post"]["count"] == 8
    assert headlines["leavers"]["count"] == 2  # left today, left on the window's first day
    # One person with two expired courses, one who never did either.
    assert headlines["expired_training"]["count"] == 2
    content = client.get(reverse("home")).content.decode()
    assert "People in post" in content
    assert "People who left in the last 12 months" in content
    assert "People in post with required training expired or missing" in content


@pytest.mark.parametrize("actor", ["ld_manager", "director"])
def test_each_headline_equals_the_rows_of_the_list_it_links_to(client, actors, staff, actor):
    client.force_login(actors[actor])
    for key, headline in headlines_of(client).items():
        assert headline["count"] == len(rows_behind(client, headline["url"])), key
        home = client.get(reverse("home")).content.decode()
        assert f'href="{headline["url"]}"'.replace("&", "&amp;") in home


def test_the_lists_behind_the_headlines_hold_the_right_people(client, ld_manager, staff):
    client.force_login(ld_manager)
    headlines = headlines_of(client)
    assert set(rows_behind(client, headlines["leavers"]["url"])) == {
        staff["left_today"],
        staff["left_in_window"],
    }
    assert set(rows_behind(client, headlines["expired_training"]["url"])) == {
        staff["two_expired"],
        staff["never_trained"],
    }
    in_post = set(rows_behind(client, headlines["in_post"]["url"]))
    assert staff["leaves_tomorrow"] in in_post
    assert not {staff["starts_tomorrow"], staff["left_today"], staff["archived"]} & in_post


def test_headlines_use_the_viewers_scope(client, ld_manager, org, staff, monkeypatch):
    """Were a viewer's scope the North region only, figures and lists would both shrink to it."""
    from workforce import permissions

    def north_only(queryset, user):
        return queryset.filter(org_unit__path__startswith=org["north"].path)

    monkeypatch.setattr(permissions, "scope_staff", north_only)
    client.force_login(ld_manager)
    headlines = headlines_of(client)
    assert headlines["in_post"]["count"] == 3  # oak, leaves tomorrow, two expired
    assert headlines["leavers"]["count"] == 1  # left today; left in window is at Elm Court
    assert headlines["expired_training"]["count"] == 1  # two expired; never trained is at Elm Court
    for key, headline in headlines.items():
        assert headline["count"] == len(rows_behind(client, headline["url"])), key


def test_the_directory_lists_who_was_in_post_on_a_past_day(client, ld_manager, staff):
    client.force_login(ld_manager)
    before_leaving = (staff["left_before_window"].leaving_date - DAY).isoformat()
    shown = rows_behind(client, reverse("staff:list") + f"?on={before_leaving}")
    assert staff["left_before_window"] in shown and staff["starts_tomorrow"] not in shown


def test_a_manager_has_no_organisation_headlines(client, manager, staff):
    client.force_login(manager)
    assert "headlines" not in client.get(reverse("home")).context


def _bulk(size, org):
    """`size` people who must hold one course: half of them let it expire, half hold it."""
    unit = OrgUnitFactory(name="Bulk home", parent=org["north"])
    course = CourseFactory(renewal_months=12)
    role = JobRoleFactory(title="Bulk role")
    TrainingRequirementFactory(course=course, job_role=role)
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build(org_unit=unit, job_role=role) for _ in range(size)
    )
    for n, person in enumerate(StaffMember.objects.filter(org_unit=unit)):
        completed = TODAY - (3 * 365 if n < size // 2 else 30) * DAY
        TrainingRecordFactory(staff_member=person, course=course, completed_on=completed)


# 1 session, 2 user, 3 role groups, 4 own staff record, 5-6 the in post and leavers COUNTs,
# 7 the required courses, 8 everyone's statuses, read once for both the organisation's compliance
# figure and the expired-or-missing headline, 9 my training, 10 the actions I own that are overdue
# or due soon (the actionplans panel, asked for everyone with a staff record), 11 the trainees I
# support or oversee (the traineeships panel, likewise).
@pytest.mark.parametrize("size", [5, 40])
def test_home_query_count_does_not_grow_with_staff(client, ld_manager, org, django_assert_num_queries, size):
    _bulk(size, org)
    client.force_login(ld_manager)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("home"))
    assert headlines_of(client)["expired_training"]["count"] == size // 2
    assert response.status_code == 200


HOME_QUERIES = 11


def test_a_date_that_is_not_understood_falls_back_to_today(client, ld_manager, staff):
    client.force_login(ld_manager)
    response = client.get(reverse("staff:list"), {"on": "31/02/2025", "training": "lapsed"})
    assert staff["starts_tomorrow"] not in response.context["page_obj"].object_list
    assert staff["oak_in_post"] in response.context["page_obj"].object_list
    assert "were not understood" in response.content.decode()


def _directory_bulk(size, org):
    _bulk(size, org)
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build(org_unit=org["elm"], job_role=JobRoleFactory(), leaving_date=TODAY - DAY)
        for _ in range(size)
    )


# The lists behind the headlines cost what the plain directory costs: every filter is part of
# the one page query and the one COUNT (see LIST_QUERIES in test_staff_directory.py); the
# training filter reads the required courses first.
@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("key", ["in_post", "leavers", "expired_training"])
def test_the_lists_behind_the_headlines_do_not_grow_in_queries(
    client, ld_manager, org, django_assert_num_queries, size, key
):
    from workforce.tests.test_staff_directory import LIST_QUERIES

    _directory_bulk(size, org)
    client.force_login(ld_manager)
    url = headlines_of(client)[key]["url"]
    # The training filter reads the required courses first: one query more, whatever the size.
    extra = 1 if key == "expired_training" else 0
    with django_assert_num_queries(LIST_QUERIES["ld_manager"] + extra):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count >= (size // 2 if key == "expired_training" else size)
