"""Asking for a report, following its run, downloading it; failures, retries, idempotence."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.tests.factories import ActionPlanFactory
from reports import jobs, kinds
from workforce import runs
from workforce.runs import BackgroundRun
from workforce.tests.factories import UserFactory


def board_form(plan, **overrides):
    today = timezone.localdate()
    data = {
        "plan": plan.pk,
        "period_start": (today - timezone.timedelta(days=30)).isoformat(),
        "period_end": today.isoformat(),
    }
    return {**data, **overrides}


def ask(client, plan, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:request", args=["board_progress"]), board_form(plan, **overrides))


def test_a_director_asks_for_the_board_report_and_downloads_it(
    client, director, board_plan, media, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(director)
    response = ask(client, board_plan, django_capture_on_commit_callbacks)

    run = BackgroundRun.objects.get()
    assert response.url == reverse("reports:run", args=[run.pk])
    assert run.kind == "reports.board_progress" and run.requested_by == director
    assert run.input["params"]["plan"] == board_plan.pk
    assert run.input["description"].startswith("Workforce Development Action Plan 2026, ")
    assert run.status == BackgroundRun.Status.DONE, run.error
    assert run.output_name == f"runs/{run.pk}/output.pdf"
    assert run.output_content_type == "application/pdf" and run.output_pages >= 4

    page = client.get(response.url)
    assert "The report is ready" in page.content.decode()
    assert reverse("reports:download", args=[run.pk]) in page.content.decode()

    download = client.get(reverse("reports:download", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    disposition = download["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Trust Board progress report - Workforce Development')
    content = b"".join(download.streaming_content)
    assert len(PdfReader(io.BytesIO(content)).pages) == run.output_pages
    assert int(download["Content-Length"]) == run.output_size == len(content)


def test_bad_parameters_are_told_next_to_the_fields_and_nothing_is_started(client, ld_manager, board_plan):
    client.force_login(ld_manager)
    today = timezone.localdate()
    response = client.post(
        reverse("reports:request", args=["board_progress"]),
        board_form(
            board_plan,
            period_start=today.isoformat(),
            period_end=(today + timezone.timedelta(days=3)).isoformat(),
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The period cannot end after today." in page
    assert f'value="{today.isoformat()}"' in page  # what was typed, kept
    response = client.post(reverse("reports:request", args=["board_progress"]), {})
    assert response.content.decode().count("This field is required.") == 3
    assert not BackgroundRun.objects.exists()


def test_an_unknown_report_kind_is_404(client, director):
    client.force_login(director)
    assert client.get(reverse("reports:request", args=["nothing_like_it"])).status_code == 404


def test_a_report_that_raises_is_failed_with_its_message_and_can_be_tried_again(
    client, director, board_plan, media, eager_celery, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(params):
        raise kinds.ReportUnavailable("The action plan this report was asked for has been deleted.")

    kind = kinds.get("board_progress")
    monkeypatch.setitem(kinds._kinds, "board_progress", dataclasses.replace(kind, build=broken))
    client.force_login(director)
    ask(client, board_plan, django_capture_on_commit_callbacks)

    run = BackgroundRun.objects.get()
    assert run.status == BackgroundRun.Status.FAILED
    assert run.error == "The action plan this report was asked for has been deleted."
    assert not run.output_name
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "The action plan this report was asked for has been deleted." in page
    assert "Try again" in page
    assert client.get(reverse("reports:download", args=[run.pk])).status_code == 404

    monkeypatch.setitem(kinds._kinds, "board_progress", kind)  # mended
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[run.pk]))
    again = BackgroundRun.objects.exclude(pk=run.pk).get()
    assert response.url == reverse("reports:run", args=[again.pk])
    assert again.input == run.input and again.status == BackgroundRun.Status.DONE


def test_an_unexpected_error_is_logged_and_told_without_its_details(
    director, board_plan, media, monkeypatch, caplog
):
    def broken(report, stage=None):
        raise ValueError("secret internals")

    monkeypatch.setattr("reports.pdf.render", broken)
    run = BackgroundRun.objects.create(
        kind="reports.board_progress", requested_by=director, input={"params": board_form_params(board_plan)}
    )
    assert runs.execute(run.pk) == BackgroundRun.Status.FAILED
    run.refresh_from_db()
    assert run.error == runs.SOMETHING_WENT_WRONG.format(pk=run.pk)
    assert "secret" not in run.error
    assert "secret internals" in caplog.text


def board_form_params(plan) -> dict:
    today = timezone.localdate()
    return {
        "plan": plan.pk,
        "start": (today - timezone.timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
    }


def test_rendering_twice_for_one_run_leaves_one_file(director, board_plan, media):
    run = BackgroundRun.objects.create(
        kind="reports.board_progress", requested_by=director, input={"params": board_form_params(board_plan)}
    )
    assert runs.execute(run.pk) == BackgroundRun.Status.DONE
    run.refresh_from_db()
    first = run.output_name
    # A redelivered message after the run was put back (as a crash recovery would): runs again.
    BackgroundRun.objects.filter(pk=run.pk).update(status=BackgroundRun.Status.QUEUED)
    assert runs.execute(run.pk) == BackgroundRun.Status.DONE
    run.refresh_from_db()
    assert run.output_name == first
    _folders, files = default_storage.listdir(f"runs/{run.pk}")
    assert files == ["output.pdf"]
    assert default_storage.size(first) == run.output_size
    # A finished run delivered again is left alone.
    assert runs.execute(run.pk) == "already finished"


def test_progress_is_reported_as_the_report_is_made(director, board_plan, media, monkeypatch):
    seen = []
    original = runs.Progress.__call__

    def spy(self, done, total, stage=""):
        seen.append((done, total, stage))
        original(self, done, total, stage)

    monkeypatch.setattr(runs.Progress, "__call__", spy)
    run = BackgroundRun.objects.create(
        kind="reports.board_progress", requested_by=director, input={"params": board_form_params(board_plan)}
    )
    runs.execute(run.pk)
    stages = [stage for _, _, stage in seen]
    assert stages[:2] == ["Gathering the figures", "Rendering pages"]
    assert stages[2].startswith("Writing ") and stages[2].endswith(" pages")
    assert seen[-1] == (jobs.STEPS, jobs.STEPS, "Saved")


def test_report_jobs_are_rerun_after_a_crash(db):
    """A worker lost mid-render wrote nothing (the file is written last): the run starts again."""
    for kind in kinds.all_kinds():
        assert runs.JOBS[kind.job_kind].rerun_after_crash


def test_the_poll_answers_the_status_partial_and_stops_when_finished(client, director, board_plan):
    run = BackgroundRun.objects.create(
        kind="reports.board_progress",
        requested_by=director,
        input={"params": board_form_params(board_plan), "description": "Plan, period"},
        seen_at=timezone.now(),  # handed to the broker
    )
    client.force_login(director)
    url = reverse("reports:run", args=[run.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Refresh the page" in page and "<noscript>" in page
    poll = client.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "Waiting for a worker" in poll.content.decode()
    BackgroundRun.objects.filter(pk=run.pk).update(status=BackgroundRun.Status.FAILED, error="Broken.")
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 286


def test_every_reporter_sees_every_report_run_with_who_asked(client, director, ld_manager, board_plan):
    BackgroundRun.objects.create(
        kind="reports.board_progress",
        requested_by=ld_manager,
        input={"params": board_form_params(board_plan), "description": "Workforce plan, October"},
    )
    BackgroundRun.objects.create(
        kind="workforce.staff_import", requested_by=director, input={"filename": "x.csv"}
    )
    client.force_login(director)
    page = client.get(reverse("reports:index")).content.decode()
    assert "Workforce plan, October" in page
    assert ld_manager.get_full_name() in page
    assert "x.csv" not in page  # not a report


def test_someone_who_may_not_ask_for_reports_is_told_who_can(client, manager):
    client.force_login(manager)
    page = client.get(reverse("reports:index")).content.decode()
    assert "asked for and downloaded by directors and the L&amp;D manager" in page
    assert "report-kinds" not in page


# --- query counts ------------------------------------------------------------------------------

FORM_QUERIES = 5


@pytest.mark.parametrize(
    "key, queries",
    [
        ("board_progress", FORM_QUERIES),
        ("training_compliance", FORM_QUERIES),
        ("board_pack", FORM_QUERIES),
        # No list read from the database: the indicators are the registry's.
        ("workforce_indicators", FORM_QUERIES - 1),
    ],
)
def test_the_report_form_costs_the_same_queries_whatever_the_number_of_plans_and_units(
    client, director, org, django_assert_num_queries, key, queries
):
    from workforce.tests.factories import OrgUnitFactory

    url = reverse("reports:request", args=[key])
    client.force_login(director)
    ActionPlanFactory()
    client.get(url)

    def count():
        # session, user, staff record, role groups; the plans or units of the choice list;
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200

    count()
    ActionPlanFactory.create_batch(30)
    for n in range(30):
        OrgUnitFactory(parent=org["north"], name=f"Home {n}")
    count()


def test_the_report_list_costs_the_same_queries_whatever_the_number_of_runs(
    client, director, board_plan, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            BackgroundRun.objects.create(
                kind="reports.board_progress",
                requested_by=UserFactory(),
                status=BackgroundRun.Status.DONE,
                output_name="runs/1/output.pdf",
                output_pages=5,
                input={"params": board_form_params(board_plan), "description": "Plan"},
            )

    add(2)
    client.force_login(director)
    url = reverse("reports:index")
    client.get(url)

    def count():
        # session, user, staff record, role groups; the runs' count (pagination), the runs with
        # their requesters
        with django_assert_num_queries(LIST_QUERIES):
            assert client.get(url).status_code == 200

    count()
    add(60)
    count()


LIST_QUERIES = 6


def test_a_render_whose_worker_died_is_made_again_once_the_hard_limit_has_passed(
    director, board_plan, media, settings
):
    """Left "running" by a lost worker (acks_late redelivers the message): after the hard time
    limit the run is claimed again and made from the start; the file is written once."""
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5)
    run = BackgroundRun.objects.create(
        kind="reports.board_progress",
        requested_by=director,
        status=BackgroundRun.Status.RUNNING,
        started_at=long_ago,
        attempts=1,
        input={"params": board_form_params(board_plan)},
    )
    assert runs.execute(run.pk) == BackgroundRun.Status.DONE
    run.refresh_from_db()
    assert run.attempts == 2 and run.has_output
    assert default_storage.listdir(f"runs/{run.pk}")[1] == ["output.pdf"]


def test_a_transient_database_error_puts_the_run_back_for_the_task_to_retry(
    director, board_plan, media, monkeypatch
):
    from django.db import OperationalError

    def hiccup(params):
        raise OperationalError("server closed the connection unexpectedly")

    kind = kinds.get("board_progress")
    monkeypatch.setitem(kinds._kinds, "board_progress", dataclasses.replace(kind, build=hiccup))
    run = BackgroundRun.objects.create(
        kind="reports.board_progress", requested_by=director, input={"params": board_form_params(board_plan)}
    )
    with pytest.raises(OperationalError):
        runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.QUEUED and not run.output_name
