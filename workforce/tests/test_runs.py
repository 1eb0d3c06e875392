"""Background runs (workforce/runs.py): claiming, idempotency, failures, retries, progress, the pages."""

import datetime
import logging

import pytest
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from workforce import runs
from workforce.models import OrgUnit
from workforce.runs import BackgroundRun
from workforce.tasks import execute_run
from workforce.tests.factories import UserFactory

job_calls: list[int] = []
behaviour: dict[str, object] = {}


@runs.job("tests.count", label="Counting things", unit="things", rerun_after_crash=True)
def count_job(run, progress):
    """A test job whose behaviour each test sets in behaviour."""
    job_calls.append(run.pk)
    if "during" in behaviour:
        behaviour["during"](run, progress)
    if "raise" in behaviour:
        raise behaviour["raise"]
    progress(run.input.get("total", 3), run.input.get("total", 3))
    return {"message": "Counted them all.", "url": reverse("home"), "link_text": "Back to My work"}


@runs.job("tests.once_only", label="Something not to repeat")
def once_only_job(run, progress):
    job_calls.append(run.pk)
    return {"message": "Done once."}


@pytest.fixture(autouse=True)
def fresh_job_state():
    job_calls.clear()
    behaviour.clear()
    yield
    job_calls.clear()
    behaviour.clear()


def make_run(user, kind="tests.count", **fields) -> BackgroundRun:
    return BackgroundRun.objects.create(kind=kind, requested_by=user, **fields)


# --- Starting and executing ---------------------------------------------------------------------


def test_start_enqueues_after_commit_and_the_eager_task_runs_it(
    ld_manager, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = runs.start("tests.count", ld_manager, total=5)
        assert job_calls == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()

    run.refresh_from_db()
    assert job_calls == [run.pk]
    assert run.status == BackgroundRun.Status.DONE
    assert run.result["message"] == "Counted them all."
    assert (run.progress_done, run.progress_total) == (5, 5)
    assert run.started_at and run.finished_at and run.attempts == 1
    assert run.input == {"total": 5}


def test_starting_an_unknown_kind_is_refused(ld_manager):
    with pytest.raises(KeyError):
        runs.start("tests.nothing", ld_manager)
    assert not BackgroundRun.objects.exists()


def test_executing_a_finished_run_again_does_nothing(ld_manager):
    run = make_run(ld_manager)
    assert runs.execute(run.pk) == BackgroundRun.Status.DONE
    finished_at = BackgroundRun.objects.get(pk=run.pk).finished_at

    assert runs.execute(run.pk) == "already finished"
    assert execute_run.apply(args=[run.pk]).get() == "already finished"

    assert job_calls == [run.pk]
    run.refresh_from_db()
    assert run.finished_at == finished_at and run.attempts == 1


def test_a_second_delivery_while_the_first_is_running_waits_instead_of_working(ld_manager, settings):
    """Two executions of one queued run: the second finds it claimed and is told to look later."""
    seen = {}

    def deliver_again(run, progress):
        with pytest.raises(runs.RunBusy) as busy:
            runs.execute(run.pk)
        seen["wait"] = busy.value.wait

    behaviour["during"] = deliver_again
    run = make_run(ld_manager)
    runs.execute(run.pk)

    assert job_calls == [run.pk]  # the work was done once
    # Told to look again once the first execution, if alive, must have beaten its heart again.
    assert settings.RUN_LOST_AFTER_SECONDS - 5 < seen["wait"] <= settings.RUN_LOST_AFTER_SECONDS + 1
    assert BackgroundRun.objects.get(pk=run.pk).status == BackgroundRun.Status.DONE


def test_a_run_left_running_by_a_lost_worker_is_run_again_once_it_cannot_be_alive(ld_manager, settings):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 10)
    run = make_run(ld_manager, status=BackgroundRun.Status.RUNNING, started_at=long_ago, attempts=1)

    assert runs.execute(run.pk) == BackgroundRun.Status.DONE

    run.refresh_from_db()
    assert job_calls == [run.pk] and run.attempts == 2 and run.status == BackgroundRun.Status.DONE


def test_a_job_not_safe_to_repeat_fails_in_words_after_a_lost_worker(ld_manager, settings):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 10)
    run = make_run(ld_manager, "tests.once_only", status=BackgroundRun.Status.RUNNING, started_at=long_ago)

    assert runs.execute(run.pk) == BackgroundRun.Status.FAILED

    run.refresh_from_db()
    assert job_calls == []
    assert run.error.startswith("The work stopped part-way") and "start it again" in run.error


def test_a_missing_run_is_logged_not_raised(db, caplog):
    assert runs.execute(999_999) == "missing"
    assert "999999 does not exist" in caplog.text


# --- Failures -----------------------------------------------------------------------------------


def test_an_expected_failure_is_shown_in_its_own_words_with_its_problems(ld_manager):
    problems = {"caption": "Problems", "columns": ["Row", "Problem"], "rows": [[4, "No name."]]}
    behaviour["raise"] = runs.JobFailed(
        "Two rows are wrong.", problems=problems, url="/x/", link_text="Again"
    )
    run = make_run(ld_manager)

    assert runs.execute(run.pk) == BackgroundRun.Status.FAILED

    run.refresh_from_db()
    assert run.error == "Two rows are wrong."
    assert run.result == {"url": "/x/", "link_text": "Again", "problems": problems}
    assert run.finished_at is not None


def test_an_unexpected_error_is_logged_and_shown_without_a_traceback(ld_manager, caplog):
    behaviour["raise"] = ZeroDivisionError("secret internals")
    run = make_run(ld_manager)

    with caplog.at_level(logging.ERROR, logger="workforce.runs"):
        assert runs.execute(run.pk) == BackgroundRun.Status.FAILED

    run.refresh_from_db()
    assert run.error.startswith("Something went wrong") and f"run {run.pk}" in run.error
    assert "secret" not in run.error and "Traceback" not in run.error
    assert "ZeroDivisionError: secret internals" in caplog.text  # the traceback is in the log


@pytest.fixture
def retries_run_inline(monkeypatch):
    """Eager retries run again at once, instead of raising Retry out of `apply()`."""
    from workforce.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_a_transient_error_is_retried_and_can_then_succeed(ld_manager, retries_run_inline):
    def fail_the_first_time(run, progress):
        if len(job_calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    behaviour["during"] = fail_the_first_time
    run = make_run(ld_manager)

    execute_run.apply(args=[run.pk])

    run.refresh_from_db()
    assert job_calls == [run.pk, run.pk]
    assert run.status == BackgroundRun.Status.DONE and run.attempts == 2


def test_transient_errors_are_retried_a_bounded_number_of_times_then_fail_in_words(
    ld_manager, retries_run_inline
):
    behaviour["raise"] = OperationalError("the database system is starting up")
    run = make_run(ld_manager)

    execute_run.apply(args=[run.pk])

    run.refresh_from_db()
    assert len(job_calls) == 1 + execute_run.max_retries
    assert run.status == BackgroundRun.Status.FAILED
    assert run.error.startswith("The database could not be reached")


# --- Progress -----------------------------------------------------------------------------------


def test_progress_is_seen_while_the_jobs_own_transaction_is_still_open(client, ld_manager):
    """The job writes inside one transaction; the page still sees how far it has got."""
    seen = {}

    def work_in_a_transaction(run, progress):
        with transaction.atomic():
            OrgUnit.objects.create(name="Written by the job", kind=OrgUnit.Kind.TEAM)
            progress(1200, 20000, "Saving")
            seen["row"] = BackgroundRun.objects.get(pk=run.pk).current_progress()
            seen["poll"] = client.get(reverse("runs:detail", args=[run.pk]), headers={"HX-Request": "true"})

    behaviour["during"] = work_in_a_transaction
    client.force_login(ld_manager)
    run = make_run(ld_manager, input={"total": 20000})
    runs.execute(run.pk)

    assert seen["row"] == (1200, 20000, "Saving")
    poll = seen["poll"]
    assert poll.status_code == 200  # still running: htmx keeps polling
    page = poll.content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="6"' in page
    assert "Saving: 1,200 of 20,000 things" in page
    assert "<html" not in page  # just the partial
    run.refresh_from_db()
    assert (run.progress_done, run.progress_total) == (20000, 20000)
    assert run.current_progress() == (20000, 20000, "")  # the row holds the final state


# --- The pages ----------------------------------------------------------------------------------


def run_url(run) -> str:
    return reverse("runs:detail", args=[run.pk])


def test_a_queued_run_page_polls_and_refreshes_without_javascript(client, ld_manager):
    run = make_run(ld_manager, input={"filename": "staff.csv"})
    client.force_login(ld_manager)

    response = client.get(run_url(run))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Counting things" in page and "staff.csv" in page and "Lena Dawes" in page
    assert "Waiting to start" in page
    assert f'hx-get="{run_url(run)}"' in page and 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "<script>" not in page  # nothing inline, so a CSP may forbid inline scripts
    assert 'aria-valuenow="0"' in page


def test_a_done_run_page_shows_the_result_and_stops_polling(client, ld_manager):
    run = make_run(ld_manager)
    runs.execute(run.pk)
    client.force_login(ld_manager)

    page = client.get(run_url(run)).content.decode()
    assert "Counted them all." in page and f'href="{reverse("home")}"' in page and "Back to My work" in page
    assert "hx-trigger" not in page and "http-equiv" not in page
    assert 'aria-valuenow="100"' in page and "3 of 3 things" in page

    poll = client.get(run_url(run), headers={"HX-Request": "true"})
    assert poll.status_code == 286  # htmx stops polling and shows this final state
    assert "Counted them all." in poll.content.decode()


def test_a_failed_run_page_shows_the_error_the_problems_and_a_way_back(client, ld_manager):
    problems = {"caption": "Problems in the file", "columns": ["Row", "Problem"], "rows": [[9, "No email."]]}
    behaviour["raise"] = runs.JobFailed(
        "Nothing was saved.", problems=problems, url="/staff/import/", link_text="Upload a file"
    )
    run = make_run(ld_manager)
    runs.execute(run.pk)
    client.force_login(ld_manager)

    page = client.get(run_url(run)).content.decode()

    assert 'id="run-error"' in page and "Nothing was saved." in page
    assert '<th scope="row">9</th><td>No email.</td>' in page
    assert 'href="/staff/import/"' in page and "Upload a file" in page
    assert "progressbar" not in page


def test_only_the_requester_sees_a_run(client, ld_manager, superuser, director):
    run = make_run(ld_manager)
    for other in (director, superuser):
        client.force_login(other)
        assert client.get(run_url(run)).status_code == 404
        assert client.get(run_url(run), headers={"HX-Request": "true"}).status_code == 404
        assert run_url(run) not in client.get(reverse("runs:list")).content.decode()
    client.force_login(ld_manager)
    assert client.get(reverse("runs:detail", args=[run.pk + 1000])).status_code == 404


def test_anonymous_is_sent_to_login_and_the_pages_are_read_only(client, ld_manager):
    run = make_run(ld_manager)
    for url in (run_url(run), reverse("runs:list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(ld_manager)
    assert client.post(run_url(run)).status_code == 405
    assert client.post(reverse("runs:list")).status_code == 405


def test_recent_runs_lists_only_your_own_newest_first(client, ld_manager, director):
    older = make_run(ld_manager, requested_at=timezone.now() - datetime.timedelta(hours=1))
    newer = make_run(ld_manager)
    make_run(director)
    client.force_login(ld_manager)

    response = client.get(reverse("runs:list"))

    assert list(response.context["runs"]) == [newer, older]


@pytest.mark.parametrize("url_name", ["runs:detail", "runs:list"])
def test_run_pages_cost_the_same_queries_whatever_the_number_of_runs(
    client, ld_manager, django_assert_num_queries, url_name
):
    run = make_run(
        ld_manager,
        status=BackgroundRun.Status.FAILED,
        result={"problems": {"columns": ["Row"], "rows": [[1]]}},
    )
    args = [run.pk] if url_name == "runs:detail" else []
    client.force_login(ld_manager)
    client.get(reverse(url_name, args=args))  # warm: the session and per-process caches

    def count():
        # session, user, the user's staff record (has their access ended?), the user's role groups
        # (navigation), the run(s) with their requester
        with django_assert_num_queries(QUERIES[url_name]):
            assert client.get(reverse(url_name, args=args)).status_code == 200

    count()
    for _ in range(25):
        make_run(ld_manager, status=BackgroundRun.Status.DONE, result={"message": "ok"})
        make_run(UserFactory())
    run.result = {"problems": {"columns": ["Row"], "rows": [[n] for n in range(200)]}}
    run.save()
    count()


QUERIES = {"runs:detail": 5, "runs:list": 5}


def test_the_soft_time_limit_fails_the_run_in_words(ld_manager, settings):
    from celery.exceptions import SoftTimeLimitExceeded

    settings.CELERY_TASK_SOFT_TIME_LIMIT = 300
    behaviour["raise"] = SoftTimeLimitExceeded()
    run = make_run(ld_manager)

    runs.execute(run.pk)

    run.refresh_from_db()
    assert run.status == BackgroundRun.Status.FAILED
    assert run.error == "This took longer than the 5 minutes allowed and was stopped; nothing was saved."


def test_a_run_still_running_long_after_the_hard_limit_says_it_has_probably_stopped(
    client, ld_manager, settings
):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 3)
    stuck = make_run(ld_manager, status=BackgroundRun.Status.RUNNING, started_at=long_ago)
    live = make_run(ld_manager, status=BackgroundRun.Status.RUNNING, started_at=timezone.now())
    client.force_login(ld_manager)

    assert stuck.looks_stuck and not live.looks_stuck
    assert "has probably stopped" in client.get(run_url(stuck)).content.decode()
    assert "Working on it" in client.get(run_url(live)).content.decode()
