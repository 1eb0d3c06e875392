"""Course pages: the list, a course's training figures (one aggregate query), add/edit, archive."""

import datetime

import pytest
from django.urls import reverse

from workforce.models import Course, TrainingRecord
from workforce.tests.factories import CourseFactory, TrainingRecordFactory
from workforce.views.catalogue_courses import record_figures

TODAY = datetime.date.today()
Status = TrainingRecord.Status


@pytest.fixture
def moving_and_handling(db):
    course = CourseFactory(
        title="Moving and handling", kind=Course.Kind.STATUTORY_MANDATORY, renewal_months=12
    )
    long_ago = TODAY - datetime.timedelta(days=800)
    recently = TODAY - datetime.timedelta(days=30)
    TrainingRecordFactory.create_batch(
        2, course=course, started_on=long_ago, completed_on=long_ago
    )  # expired
    TrainingRecordFactory(course=course, started_on=recently, completed_on=recently)  # in date
    TrainingRecordFactory(course=course, status=Status.PLANNED, started_on=None, completed_on=None)
    TrainingRecordFactory(course=course, status=Status.IN_PROGRESS, started_on=recently, completed_on=None)
    TrainingRecordFactory(course=course, status=Status.WITHDRAWN, started_on=recently, completed_on=None)
    TrainingRecordFactory(course=CourseFactory(title="Fire safety"))  # another course: not counted
    return course


def titles(response):
    return [course.title for course in response.context["rows"]]


def test_the_figures_are_counted_by_status_in_one_query(moving_and_handling, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = record_figures(moving_and_handling, TODAY)
    assert figures["by_status"] == [("Planned", 1), ("In progress", 1), ("Completed", 3), ("Withdrawn", 1)]
    assert figures["total"] == 6
    assert (
        figures["expired"]
        == TrainingRecord.objects.filter(course=moving_and_handling).expired(TODAY).count()
        == 2
    )


def test_the_course_page_shows_the_figures(client, manager, moving_and_handling):
    client.force_login(manager)
    response = client.get(moving_and_handling.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Every 12 months" in content
    assert '<th scope="row">Completed but expired</th><td>2</td>' in content
    assert '<th scope="row">Completed</th><td>3</td>' in content


def test_the_list_filters_searches_and_sorts(client, director, moving_and_handling):
    CourseFactory(title="Care Certificate", kind=Course.Kind.CARE_CERTIFICATE, provider="Skills for Care")
    CourseFactory(title="Old induction", is_archived=True)
    client.force_login(director)
    url = reverse("catalogue:course_list")
    assert titles(client.get(url)) == ["Care Certificate", "Fire safety", "Moving and handling"]
    assert titles(client.get(url, {"kind": "care_certificate"})) == ["Care Certificate"]
    assert titles(client.get(url, {"q": "skills for"})) == ["Care Certificate"]
    assert "Old induction" in titles(client.get(url, {"archived": "on"}))
    by_completed = client.get(url, {"sort": "-completed"}).context["rows"]
    assert (by_completed[0].title, by_completed[0].completed_count) == ("Moving and handling", 3)


def test_adding_a_course(client, ld_manager):
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:course_create"),
        {
            "title": "Bridging the Gap",
            "kind": "bridging_the_gap",
            "provider": "Local college",
            "level": "Level 3",
        },
    )
    course = Course.objects.get(title="Bridging the Gap")
    assert response.status_code == 302 and response.url == course.get_absolute_url()
    assert course.renewal_months is None and course.level == "Level 3"
    assert "Does not need renewing" in client.get(response.url).content.decode()


def test_a_zero_renewal_period_is_refused_by_the_field_with_the_data_kept(client, ld_manager):
    client.force_login(ld_manager)
    response = client.post(
        reverse("catalogue:course_create"),
        {
            "title": "Infection control",
            "kind": "statutory_mandatory",
            "provider": "NHS e-LfH",
            "renewal_months": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["renewal_months"] == [
        "Leave it blank if the course never needs renewing."
    ]
    content = response.content.decode()
    assert 'value="NHS e-LfH"' in content and 'id="error_1_id_renewal_months"' in content
    assert not Course.objects.filter(title="Infection control").exists()


def test_archiving_and_restoring_a_course(client, ld_manager, moving_and_handling):
    client.force_login(ld_manager)
    url = reverse("catalogue:course_archive", args=[moving_and_handling.pk])
    client.post(url)
    moving_and_handling.refresh_from_db()
    assert moving_and_handling.is_archived
    confirm = client.get(url).content.decode()
    assert "Restore the course “Moving and handling”?" in confirm
    response = client.post(url, follow=True)
    moving_and_handling.refresh_from_db()
    assert not moving_and_handling.is_archived
    assert "Course “Moving and handling” restored." in response.content.decode()


def test_the_history_shows_what_changed_and_who_changed_it(client, ld_manager, moving_and_handling):
    client.force_login(ld_manager)
    client.post(
        reverse("catalogue:course_edit", args=[moving_and_handling.pk]),
        {"title": "Moving and handling", "kind": "statutory_mandatory", "renewal_months": "36"},
    )
    response = client.get(moving_and_handling.get_absolute_url())
    newest = response.context["history"][0]
    assert newest.record.history_user == ld_manager
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("renewal months", 12, 36)]
    content = response.content.decode()
    assert "renewal months “12” → “36”" in content and ld_manager.get_full_name() in content
