import pytest

from workforce.tasks import count_staff, ping
from workforce.tests.factories import StaffMemberFactory


@pytest.mark.celery_worker
def test_a_real_worker_runs_tasks_against_the_test_database(celery_worker_process):
    StaffMemberFactory.create_batch(3)
    assert ping.delay().get(timeout=20) == "pong"
    # The worker reads the same (test) database the test wrote to.
    assert count_staff.delay().get(timeout=20) == 3


def test_celery_is_configured_for_idempotent_late_acknowledged_tasks(settings):
    from workforce.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    # Redis redelivers after the visibility timeout: it must outlast the hard limit.
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
