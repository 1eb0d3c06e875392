"""Retention: applicants who did not start lose their personal details (also from the change
history) once their intake's recruitment closed more than TRAINEESHIPS_RETENTION_MONTHS ago; the
funnel and the equality counts add up the same before and after; trainees are untouched; a second
run does nothing; every run is logged; the command, its dry run and the beat task."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from traineeships import letters, retention
from traineeships.models import (
    Applicant,
    EqualityMonitoring,
    PreEmploymentCheck,
    RetentionRun,
    Stage,
    StageChange,
)
from traineeships.tasks import anonymise_applicants
from traineeships.tests.factories import (
    ApplicantFactory,
    CheckFactory,
    EqualityMonitoringFactory,
    IntakeFactory,
    TraineeFactory,
)
from workforce import runs
from workforce.training import add_months

pytestmark = pytest.mark.django_db
# Dates count from the real today: the command and the beat task run "now".
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EM = EqualityMonitoring


def applicant(intake, first, stage, *, equality, **fields):
    person = ApplicantFactory(
        intake=intake,
        first_name=first,
        last_name="Smith",
        stage=stage,
        email=f"{first.lower()}@example.org",
        phone="07700 900123",
        address="1 High Street\nNorthshire",
        referred_by="Her key worker at Hope House",
        **fields,
    )
    # Earlier values in the history too: a phone number changed once.
    person.phone = "07700 900999"
    person.save()
    StageChange.objects.create(
        applicant=person, stage=Stage.APPLIED, on=intake.recruitment_opens_on, note=f"{first} rang"
    )
    StageChange.objects.create(
        applicant=person, stage=stage, on=intake.recruitment_closes_on, note=f"Told {first}"
    )
    CheckFactory(
        applicant=person, kind=PreEmploymentCheck.Kind.REFERENCE_1, note=f"From {first}'s key worker"
    )
    EqualityMonitoringFactory(applicant=person, **equality)
    return person


def intake(name, closed):
    return IntakeFactory(
        name=name,
        recruitment_opens_on=closed - 90 * DAY,
        recruitment_closes_on=closed,
        starts_on=closed + 7 * DAY,
        ends_on=closed + 190 * DAY,
    )


@pytest.fixture
def past(ld_manager):
    """An intake whose recruitment closed 13 months before TODAY (past retention) with three who did
    not start and one who did, and one closed 11 months before (not yet)."""
    old = intake("Old intake", closed=add_months(TODAY, -13))
    recent = intake("Recent intake", closed=add_months(TODAY, -11))
    female = {"sex": EM.Sex.FEMALE, "age_band": EM.AgeBand.AGE_18_24, "lived_experience": EM.YesNo.YES}
    male = {"sex": EM.Sex.MALE, "ethnicity": EM.Ethnicity.BLACK, "disability": EM.YesNo.YES}
    withdrew = applicant(
        old, "Wendy", Stage.WITHDRAWN, equality=female, closing_reason="Wendy moved to Leeds"
    )
    unsuccessful = applicant(old, "Ugo", Stage.UNSUCCESSFUL, equality=male, closing_reason="Not ready yet")
    stuck = applicant(old, "Stella", Stage.INTERVIEW, equality=female)
    started = applicant(old, "Sam", Stage.STARTED, equality=male)
    TraineeFactory(applicant=started, started_on=old.starts_on)
    waiting = applicant(recent, "Rita", Stage.WITHDRAWN, equality=female)
    return {
        "old": old,
        "gone": [withdrew, unsuccessful, stuck],
        "started": started,
        "waiting": waiting,
    }


def funnel():
    return list(
        Applicant.objects.values("intake", "stage").annotate(n=Count("pk")).order_by("intake", "stage")
    )


def stage_history():
    return list(
        StageChange.objects.values("applicant", "stage", "on")
        .annotate(n=Count("pk"))
        .order_by("applicant", "stage")
    )


def equality_counts():
    return {
        name: list(
            EqualityMonitoring.objects.values("applicant__intake", "applicant__stage", name)
            .annotate(n=Count("pk"))
            .order_by("applicant__intake", "applicant__stage", name)
        )
        for name in EqualityMonitoring.CHARACTERISTICS
    }


def checks():
    return list(
        PreEmploymentCheck.objects.values("applicant", "kind", "status", "status_on").order_by(
            "applicant", "kind"
        )
    )


def test_counts_are_kept_and_personal_details_are_gone(past):
    before = (funnel(), stage_history(), equality_counts(), checks())
    outcome = retention.anonymise(triggered_by="test", today=TODAY)
    assert outcome.anonymised == 3 and outcome.cutoff == add_months(TODAY, -12)
    assert (funnel(), stage_history(), equality_counts(), checks()) == before

    for person in past["gone"]:
        person = Applicant.objects.get(pk=person.pk)
        assert person.anonymised_on == TODAY
        for name in retention.PERSONAL_FIELDS:
            assert getattr(person, name) == "", name
        assert str(person) == f"Anonymised applicant {person.pk}"
        assert person.version > 1  # a form opened before cannot write the details back
        assert set(StageChange.objects.filter(applicant=person).values_list("note", flat=True)) == {""}
        assert set(PreEmploymentCheck.objects.filter(applicant=person).values_list("note", flat=True)) == {""}
        # Every history record of them, the earlier values included, is blanked; the records stay.
        records = Applicant.history.filter(id=person.pk).order_by("history_date", "history_id")
        assert records.count() == 3  # created, phone changed, anonymised
        for record in records:
            for name in retention.PERSONAL_FIELDS:
                assert getattr(record, name) == "", (name, record.history_type)
        assert [r.history_change_reason for r in records] == [None, None, retention.REASON]
        assert [r.stage for r in records][-1] == person.stage
        for record in PreEmploymentCheck.history.filter(applicant_id=person.pk):
            assert record.note == ""
    run = RetentionRun.objects.get()
    assert (run.cutoff, run.anonymised, run.triggered_by) == (outcome.cutoff, 3, "test")


def test_started_applicants_and_those_within_the_period_are_untouched(past):
    started = Applicant.objects.get(pk=past["started"].pk)
    waiting = Applicant.objects.get(pk=past["waiting"].pk)
    retention.anonymise(triggered_by="test", today=TODAY)
    for person in (started, waiting):
        after = Applicant.objects.get(pk=person.pk)
        assert after.anonymised_on is None
        assert (after.first_name, after.email, after.phone, after.referred_by) == (
            person.first_name,
            person.email,
            person.phone,
            person.referred_by,
        )
        assert after.version == person.version
        assert StageChange.objects.filter(applicant=person).exclude(note="").count() == 2
        assert Applicant.history.filter(id=person.pk, first_name=person.first_name).count() == 2
    # A month later, the recent intake is past its period too.
    assert retention.anonymise(triggered_by="test", today=add_months(TODAY, 2)).anonymised == 1


def test_a_second_run_does_nothing_and_is_logged(past):
    retention.anonymise(triggered_by="test", today=TODAY)
    snapshot = (list(Applicant.objects.values()), Applicant.history.count(), funnel(), equality_counts())
    again = retention.anonymise(triggered_by="test", today=TODAY)
    assert again.anonymised == 0
    assert (
        list(Applicant.objects.values()),
        Applicant.history.count(),
        funnel(),
        equality_counts(),
    ) == snapshot
    assert list(RetentionRun.objects.order_by("pk").values_list("anonymised", flat=True)) == [3, 0]


def test_the_retention_period_is_a_setting(past, settings):
    settings.TRAINEESHIPS_RETENTION_MONTHS = 24
    assert retention.anonymise(triggered_by="test", today=TODAY).anonymised == 0
    settings.TRAINEESHIPS_RETENTION_MONTHS = 1
    assert retention.anonymise(triggered_by="test", today=TODAY).anonymised == 4


def test_their_letter_pdfs_are_deleted_with_their_files(
    past, ld_manager, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    gone, kept = past["gone"][0], past["waiting"]
    made = {}
    for person in (gone, kept):
        run = letters.request_pdf(person, "offer", ld_manager)
        runs.store_output(
            run,
            b"%PDF-1.4",
            filename=f"Offer letter - {person.first_name} Smith.pdf",
            content_type="application/pdf",
        )
        made[person.pk] = run
    with django_capture_on_commit_callbacks(execute=True):
        retention.anonymise(triggered_by="test", today=TODAY)
    assert not runs.BackgroundRun.objects.filter(pk=made[gone.pk].pk).exists()
    assert not default_storage.exists(made[gone.pk].output_name)
    assert runs.BackgroundRun.objects.filter(pk=made[kept.pk].pk).exists()
    assert default_storage.exists(made[kept.pk].output_name)


def test_the_command_and_its_dry_run(past):
    out = io.StringIO()
    call_command("anonymise_applicants", "--dry-run", stdout=out)
    assert "Dry run: 3 applicants would be anonymised" in out.getvalue()
    assert not RetentionRun.objects.exists()
    assert Applicant.objects.filter(anonymised_on__isnull=False).count() == 0

    out = io.StringIO()
    call_command("anonymise_applicants", stdout=out)
    assert "3 applicants anonymised" in out.getvalue()
    assert RetentionRun.objects.get().triggered_by == "manage.py anonymise_applicants"


def test_the_beat_task_runs_it(past, eager_celery):
    assert anonymise_applicants.delay().get() == 3
    assert RetentionRun.objects.get().triggered_by == "schedule"


def test_the_retention_runs_page_lists_runs_and_who_is_due(client, ld_manager, past):
    client.force_login(ld_manager)
    page = client.get(reverse("traineeships:retention_runs")).content.decode()
    assert "The retention rule has not run yet." in page
    assert "3 applicants will be anonymised at the next run." in page
    retention.anonymise(triggered_by="manage.py anonymise_applicants")
    anonymise_applicants()
    page = client.get(reverse("traineeships:retention_runs")).content.decode()
    assert "Nobody is waiting to be anonymised." in page
    assert "The nightly schedule" in page and "manage.py anonymise_applicants" in page


@pytest.mark.parametrize("months, refused", [(12, False), (1, False), (0, True), (-3, True)])
def test_a_retention_period_under_a_month_is_refused_at_start(settings, months, refused):
    settings.TRAINEESHIPS_RETENTION_MONTHS = months
    errors = retention.check_retention_months(None)
    assert [e.id for e in errors] == (["traineeships.E001"] if refused else [])
