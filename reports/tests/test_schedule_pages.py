"""The report schedule pages (reports/schedule_views.py): setting one up with the kind's own form
(less its dates), what is refused and where it says so, changing, pausing, deleting, and the
pages' query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.tests.factories import ActionPlanFactory
from reports import schedules
from reports.schedule_models import ReportSchedule
from workforce.permissions import Role
from workforce.runs import BackgroundRun
from workforce.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_BOARD = reverse("reports:schedule_create", args=["board_progress"])


def board_data(plan, people, **changes) -> dict:
    data = {
        "title": "Monthly board report",
        "report_plan": plan.pk if plan else "",
        "period": "previous_month",
        "frequency": "first_working_day",
        "weekday": "",
        "day_of_month": "",
        "send_at": "07:00",
        "recipients": [user.pk for user in people],
    }
    return {**data, **changes}


@pytest.fixture
def plan(db):
    return ActionPlanFactory(title="Workforce Development Action Plan 2026")


def test_the_form_is_the_kinds_own_without_its_dates(client, ld_manager, director, manager, plan):
    client.force_login(ld_manager)
    page = client.get(NEW_BOARD).content.decode()
    assert 'name="report_plan"' in page and plan.title in page
    assert 'name="report_period_start"' not in page and 'name="period"' in page
    # Recipients: those who may download board reports, not a Home Manager.
    assert director.email in page and ld_manager.email in page and manager.email not in page


def test_setting_up_a_schedule(client, ld_manager, director, plan):
    client.force_login(ld_manager)
    response = client.post(NEW_BOARD, board_data(plan, [director]))
    assert response.status_code == 302 and response.url == reverse("reports:schedule_list")
    schedule = ReportSchedule.objects.get()
    assert schedule.kind_key == "board_progress" and schedule.owner == ld_manager
    assert schedule.report_data == {"plan": plan.pk}
    assert schedule.report_choices == f"Action plan: {plan.title}"
    assert list(schedule.recipients.all()) == [director]
    # Saving never sends at once: if this month's time has passed, it starts with next month's.
    now = timezone.now()
    if now >= schedules.fire_time(schedule, timezone.localdate()):
        assert schedule.last_fired_period == f"{timezone.localdate():%Y-%m}"
    page = client.get(reverse("reports:schedule_list")).content.decode()
    assert "Monthly board report" in page and "On the first working day of each month at 07:00" in page
    assert director.get_full_name() in page and plan.title in page


def test_what_the_kind_refuses_is_said_next_to_its_field_and_nothing_is_saved(client, ld_manager, director):
    client.force_login(ld_manager)
    response = client.post(NEW_BOARD, board_data(None, [director], title="Typed title"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"report_plan": ["This field is required."]}
    assert 'value="Typed title"' in response.content.decode()
    assert not ReportSchedule.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"frequency": "weekly"}, "weekday", "Choose the day of the week"),
        ({"frequency": "monthly"}, "day_of_month", "Choose the day of the month"),
        ({"frequency": "monthly", "day_of_month": "32"}, "day_of_month", "1 to 31"),
        ({"recipients": []}, "recipients", "This field is required."),
    ],
)
def test_when_and_to_whom_are_checked(client, ld_manager, director, plan, changes, field, words):
    client.force_login(ld_manager)
    response = client.post(NEW_BOARD, board_data(plan, [director], **changes))
    assert response.status_code == 200
    assert any(words in error for error in response.context["form"].errors[field])
    assert not ReportSchedule.objects.exists()


def test_someone_who_may_not_download_reports_cannot_be_chosen(client, ld_manager, manager, plan):
    client.force_login(ld_manager)
    response = client.post(NEW_BOARD, board_data(plan, [manager]))
    assert "recipients" in response.context["form"].errors
    assert not ReportSchedule.objects.exists()


def test_weekly_keeps_only_its_weekday(client, ld_manager, director, plan):
    client.force_login(ld_manager)
    client.post(NEW_BOARD, board_data(plan, [director], frequency="weekly", weekday="0", day_of_month="5"))
    schedule = ReportSchedule.objects.get()
    assert (schedule.weekday, schedule.day_of_month) == (0, None)
    assert schedule.when_words == "Every Monday at 07:00"


@pytest.fixture
def schedule(ld_manager, director, plan):
    schedule = ReportSchedule.objects.create(
        title="Monthly board report",
        kind_key="board_progress",
        report_data={"plan": plan.pk},
        report_choices=f"Action plan: {plan.title}",
        period=ReportSchedule.Period.PREVIOUS_MONTH,
        frequency=ReportSchedule.Frequency.FIRST_WORKING_DAY,
        owner=ld_manager,
        last_fired_period=f"{timezone.localdate():%Y-%m}",
    )
    schedule.recipients.add(director)
    return schedule


def test_changing_a_schedule_keeps_what_it_already_sent(client, ld_manager, director, schedule, plan):
    client.force_login(ld_manager)
    url = reverse("reports:schedule_edit", args=[schedule.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{plan.pk}" selected>' in page
    client.post(url, board_data(plan, [director, ld_manager], send_at="18:30"))
    schedule.refresh_from_db()
    assert schedule.send_at == datetime.time(18, 30)
    assert set(schedule.recipients.all()) == {director, ld_manager}
    # Already sent this month: a new time does not send it again.
    assert schedule.last_fired_period == f"{timezone.localdate():%Y-%m}"


def test_pausing_and_resuming(client, ld_manager, schedule):
    client.force_login(ld_manager)
    url = reverse("reports:schedule_pause", args=[schedule.pk])
    client.post(url)
    schedule.refresh_from_db()
    assert schedule.is_paused
    assert "Paused" in client.get(reverse("reports:schedule_list")).content.decode()
    ReportSchedule.objects.filter(pk=schedule.pk).update(last_fired_period="2020-01")
    client.post(url)
    schedule.refresh_from_db()
    # Resumed: a firing missed while paused is not sent late.
    assert not schedule.is_paused
    assert schedules.due_period(schedule, timezone.now()) is None


def test_deleting_keeps_the_reports_it_made(client, ld_manager, schedule):
    run = BackgroundRun.objects.create(kind="reports.board_progress", requested_by=ld_manager)
    schedule.firings.create(period="2026-10", run=run)
    client.force_login(ld_manager)
    url = reverse("reports:schedule_delete", args=[schedule.pk])
    assert "cannot be undone" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not ReportSchedule.objects.exists()
    assert BackgroundRun.objects.filter(pk=run.pk).exists()


def test_the_list_costs_the_same_queries_whatever_the_number_of_schedules(
    client, ld_manager, director, plan, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            schedule = ReportSchedule.objects.create(
                title=f"Schedule {i}",
                kind_key="board_progress",
                report_data={"plan": plan.pk},
                period=ReportSchedule.Period.PREVIOUS_MONTH,
                frequency=ReportSchedule.Frequency.WEEKLY,
                weekday=i % 7,
                owner=UserFactory(roles=[Role.LD_MANAGER]),
                last_run=BackgroundRun.objects.create(kind="reports.board_progress", requested_by=ld_manager),
            )
            schedule.recipients.add(director, ld_manager)

    client.force_login(ld_manager)
    url = reverse("reports:schedule_list")

    def count():
        # session, user, staff record, role groups; the count (pagination), the schedules with
        # their owners and last runs, their recipients
        with django_assert_num_queries(LIST_QUERIES):
            assert client.get(url).status_code == 200

    add(2)
    count()
    add(40)
    count()


LIST_QUERIES = 7


def test_the_form_costs_the_same_queries_whatever_the_number_of_people_and_plans(
    client, ld_manager, schedule, django_assert_num_queries
):
    client.force_login(ld_manager)
    url = reverse("reports:schedule_edit", args=[schedule.pk])

    def count():
        # session, user, staff record, role groups; the schedule; the plans; the recipients to
        # choose from, and those chosen; the last firings
        with django_assert_num_queries(FORM_QUERIES):
            assert client.get(url).status_code == 200

    count()
    ActionPlanFactory.create_batch(30)
    for n in range(30):
        UserFactory(username=f"director{n}", roles=[Role.DIRECTOR])
    count()


FORM_QUERIES = 9
