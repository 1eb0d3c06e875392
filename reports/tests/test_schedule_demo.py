"""The demo's report schedule (reports/schedule_demo.py) and the digest's default."""

from django.utils import timezone

from reports import schedules
from reports.schedule_models import ReportSchedule
from workforce.demo import load_all
from workforce.reminders import ReminderSettings


def test_the_demo_schedules_a_monthly_report_for_the_director_and_the_ld_manager(db):
    core = load_all()
    schedule = ReportSchedule.objects.get()
    assert schedule.kind_key in ("board_pack", "training_compliance")
    assert schedule.frequency == ReportSchedule.Frequency.FIRST_WORKING_DAY
    assert schedule.owner == core.people["ld"].user
    assert set(schedule.recipients.all()) == {core.people["ld"].user, core.people["director"].user}
    # Not sent the moment beat starts, and its report can be made as it stands.
    assert schedules.due_period(schedule, timezone.now()) is None
    kind_form = schedules.kind_form(
        schedules.kinds.get(schedule.kind_key), schedule.report_data, schedule.period, timezone.localdate()
    )
    assert kind_form.is_valid(), kind_form.errors
    # Digests are on for everyone by default: no setting rows are needed.
    assert not ReminderSettings.objects.exists()

    load_all()
    assert ReportSchedule.objects.count() == 1
