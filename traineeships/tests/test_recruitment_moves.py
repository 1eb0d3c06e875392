"""The recruitment use cases (traineeships/recruitment.py): stage moves and their history, the
checks gate on starting and the L&D manager's override."""

import datetime

import pytest

from traineeships import recruitment
from traineeships.models import Applicant, PreEmploymentCheck, Stage, StageChange, Trainee
from traineeships.recruitment import MoveRefused
from traineeships.tests.factories import ApplicantFactory, CheckFactory
from workforce.versioning import StaleEdit

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Check = PreEmploymentCheck


def fresh(applicant) -> Applicant:
    return Applicant.objects.get(pk=applicant.pk)


def test_a_move_records_the_stage_change_and_the_history(cohort, ld_manager):
    ava = cohort["applied"]
    recruitment.move(ava, Stage.INTERVIEW, TODAY, "Strong at the assessed visit.", ld_manager)
    ava = fresh(ava)
    assert ava.stage == Stage.INTERVIEW
    assert ava.stage_changed_on == TODAY
    change = StageChange.objects.get(applicant=ava)
    assert (change.stage, change.on, change.note, change.recorded_by) == (
        Stage.INTERVIEW,
        TODAY,
        "Strong at the assessed visit.",
        ld_manager,
    )
    latest = ava.history.order_by("-history_id").first()
    assert latest.history_user == ld_manager
    assert latest.history_change_reason == "Moved to interview"
    assert latest.stage == Stage.INTERVIEW


def test_moves_go_forward_only(cohort, ld_manager):
    ava = cohort["applied"]
    with pytest.raises(MoveRefused, match="cannot be moved to enquiry") as refused:
        recruitment.move(ava, Stage.ENQUIRY, TODAY, "", ld_manager)
    assert refused.value.field == "to_stage"
    assert fresh(ava).stage == Stage.APPLIED
    assert not StageChange.objects.filter(applicant=ava).exists()


def test_started_only_through_start(cohort, ld_manager):
    with pytest.raises(MoveRefused, match="start page"):
        recruitment.move(cohort["offered"], Stage.STARTED, TODAY, "", ld_manager)
    assert not Trainee.objects.filter(applicant=cohort["offered"]).exists()


def test_closing_needs_a_reason_and_keeps_it(cohort, ld_manager):
    ava = cohort["applied"]
    with pytest.raises(MoveRefused, match="Say why") as refused:
        recruitment.move(ava, Stage.WITHDRAWN, TODAY, "  ", ld_manager)
    assert refused.value.field == "note"
    recruitment.move(ava, Stage.WITHDRAWN, TODAY, "Found work elsewhere.", ld_manager)
    assert (fresh(ava).stage, fresh(ava).closing_reason) == (Stage.WITHDRAWN, "Found work elsewhere.")


def test_reopen_only_by_the_ld_manager_and_only_back_to_where_they_left(cohort, ld_manager, director):
    ava = cohort["applied"]
    recruitment.move(ava, Stage.INTERVIEW, TODAY, "", ld_manager)
    recruitment.move(ava, Stage.WITHDRAWN, TODAY, "Caring for a relative.", ld_manager)
    with pytest.raises(MoveRefused, match="Only the L&D manager"):
        recruitment.move(ava, Stage.INTERVIEW, TODAY, "", director)
    with pytest.raises(MoveRefused, match="cannot be moved to offered"):
        recruitment.move(ava, Stage.OFFERED, TODAY, "", ld_manager)
    recruitment.move(ava, Stage.INTERVIEW, TODAY, "Back in touch, wants to continue.", ld_manager)
    ava = fresh(ava)
    assert (ava.stage, ava.closing_reason) == (Stage.INTERVIEW, "")
    assert list(ava.stage_changes.values_list("stage", flat=True)) == [
        Stage.INTERVIEW,
        Stage.WITHDRAWN,
        Stage.INTERVIEW,
    ]


def test_a_move_is_dated_neither_in_the_future_nor_before_the_last(cohort, ld_manager):
    ava = cohort["applied"]
    with pytest.raises(MoveRefused, match="future") as refused:
        recruitment.move(ava, Stage.INTERVIEW, TODAY + datetime.timedelta(days=1), "", ld_manager)
    assert refused.value.field == "on"
    with pytest.raises(MoveRefused, match="before the last step"):
        recruitment.move(ava, Stage.INTERVIEW, TODAY - datetime.timedelta(days=1), "", ld_manager)


def test_a_stale_page_is_refused_and_nothing_is_written(cohort, ld_manager):
    ava = cohort["applied"]
    read = ava.version
    recruitment.move(ava, Stage.ASSESSED_VISIT, TODAY, "", ld_manager, read_version=read)
    with pytest.raises(StaleEdit):
        recruitment.move(ava, Stage.INTERVIEW, TODAY, "", ld_manager, read_version=read)
    assert fresh(ava).stage == Stage.ASSESSED_VISIT
    assert StageChange.objects.filter(applicant=ava).count() == 1


def test_moving_into_checks_lays_out_the_six_checks(cohort, ld_manager):
    ava = cohort["applied"]
    recruitment.move(ava, Stage.CHECKS, TODAY, "Offer accepted.", ld_manager)
    assert sorted(ava.checks.values_list("kind", flat=True)) == sorted(Check.Kind.values)
    assert set(ava.checks.values_list("status", flat=True)) == {Check.Status.NOT_STARTED}
    assert Check.history.filter(applicant_id=ava.pk).count() == 6


def clear(applicant, *kinds):
    for kind in kinds:
        Check.objects.update_or_create(
            applicant=applicant, kind=kind, defaults={"status": Check.Status.CLEARED, "status_on": TODAY}
        )


def test_start_refused_without_dbs_and_both_references(cohort, ld_manager):
    ben = cohort["offered"]  # DBS cleared, no references yet
    with pytest.raises(MoveRefused) as refused:
        recruitment.start(ben, TODAY, ld_manager)
    assert refused.value.field == "override_reason"
    assert "First reference, Second reference" in refused.value.message
    assert "DBS" not in refused.value.message
    assert not Trainee.objects.filter(applicant=ben).exists()
    assert fresh(ben).stage == Stage.CHECKS


def test_start_with_the_checks_cleared_creates_the_trainee(cohort, ld_manager):
    ben = cohort["offered"]
    clear(ben, Check.Kind.REFERENCE_1, Check.Kind.REFERENCE_2)
    trainee = recruitment.start(ben, TODAY, ld_manager)
    assert trainee.started_on == TODAY
    ben = fresh(ben)
    assert ben.stage == Stage.STARTED
    assert ben.checks_override_reason == ""
    assert ben.stage_changes.get().stage == Stage.STARTED
    with pytest.raises(MoveRefused, match="trainee now"):
        recruitment.move(ben, Stage.WITHDRAWN, TODAY, "Changed their mind", ld_manager)


def test_the_ld_manager_overrides_with_a_reason_recorded(cohort, ld_manager):
    ben = cohort["offered"]
    recruitment.start(ben, TODAY, ld_manager, override_reason="References chased; both referees on leave.")
    ben = fresh(ben)
    assert Trainee.objects.filter(applicant=ben).exists()
    assert ben.checks_override_reason == "References chased; both referees on leave."
    assert (ben.checks_override_by, ben.checks_override_on) == (ld_manager, TODAY)
    assert "First reference, Second reference" in ben.stage_changes.get().note


def test_nobody_but_the_ld_manager_overrides(cohort, director):
    ben = cohort["offered"]
    with pytest.raises(MoveRefused, match="Only the L&D manager"):
        recruitment.start(ben, TODAY, director, override_reason="Urgent")
    assert not Trainee.objects.filter(applicant=ben).exists()
    assert fresh(ben).checks_override_reason == ""


def test_only_someone_at_checks_starts(cohort, ld_manager):
    with pytest.raises(MoveRefused, match="Only someone at pre-employment checks"):
        recruitment.start(cohort["applied"], TODAY, ld_manager, override_reason="Keen")


def test_a_concern_on_the_dbs_check_blocks_the_start(ld_manager):
    applicant = ApplicantFactory(stage=Stage.CHECKS)
    CheckFactory(applicant=applicant, kind=Check.Kind.DBS, status=Check.Status.CONCERN)
    clear(applicant, Check.Kind.REFERENCE_1, Check.Kind.REFERENCE_2)
    with pytest.raises(MoveRefused, match="DBS"):
        recruitment.start(applicant, TODAY, ld_manager)


def test_record_checks_writes_only_what_changed(cohort, ld_manager):
    ben = cohort["offered"]
    version = fresh(ben).version
    answers = dict.fromkeys(Check.Kind, (Check.Status.NOT_STARTED, None, ""))
    answers[Check.Kind.DBS] = (Check.Status.CLEARED, TODAY, "")  # as it is
    answers[Check.Kind.REFERENCE_1] = (Check.Status.REQUESTED, TODAY, "Sent to the hostel manager")
    changed = recruitment.record_checks(ben, answers, ld_manager)
    assert changed == 5  # the first reference, and four laid out not started
    ref = ben.checks.get(kind=Check.Kind.REFERENCE_1)
    assert (ref.status, ref.note) == (Check.Status.REQUESTED, "Sent to the hostel manager")
    assert ref.history.get().history_user == ld_manager
    assert fresh(ben).version == version + 1  # a start page opened before is refused
