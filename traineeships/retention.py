"""Retention: applicants who did not start lose their personal details once their intake's
recruitment closed more than TRAINEESHIPS_RETENTION_MONTHS (default 12) months ago.

What goes, on the applicant: first and last name, email, phone, address, who referred them, why
they withdrew or were unsuccessful, and a checks override reason (all free text or contact details
that name or describe the person). In what is kept around them: the notes of their stage changes
and of their pre-employment checks (free text: "reference from her key worker at Hope House").
In django-simple-history's records of the applicant and of their checks, which hold every earlier
value: the same fields are blanked, and so are the records' change reasons (free text written by
other parts of the app). The records themselves stay, blanked rather than deleted, so the dated
story of stages and checks still reads. Letters made as PDFs for them (background runs whose file
and file name name them) are deleted with their files.

What stays, so funnel and diversity figures of past intakes still add up: the applicant row (its
intake, stage, dates, how they heard), every StageChange row, the checks' kinds, statuses and dates,
and the EqualityMonitoring row (which never held a name).

Started applicants (trainees) are never touched: their record belongs to the trainee's.

`anonymise(triggered_by=...)` does it in one transaction and writes a RetentionRun; a second run
finds nobody left to do (idempotent). `manage.py anonymise_applicants [--dry-run]` and the daily
beat task (traineeships.tasks) call it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from traineeships.models import Applicant, PreEmploymentCheck, RetentionRun, Stage, StageChange
from workforce import figure_store, runs
from workforce.history import request_user
from workforce.training import add_months

# The applicant's fields removed, and what each becomes.
PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "address": "",
    "referred_by": "",
    "closing_reason": "",
    "checks_override_reason": "",
}
REASON = "Anonymised after the retention period"


def retention_months() -> int:
    return settings.TRAINEESHIPS_RETENTION_MONTHS


def cutoff_for(today: datetime.date) -> datetime.date:
    """Intakes whose recruitment closed before this date are past the retention period."""
    return add_months(today, -retention_months())


def due(today: datetime.date):
    """Applicants due for anonymisation on `today`: not started, not yet anonymised, in an intake
    whose recruitment closed before the cutoff. The retention page counts it; the run does it."""
    return Applicant.objects.filter(
        anonymised_on__isnull=True,
        intake__recruitment_closes_on__lt=cutoff_for(today),
        trainee__isnull=True,
    ).exclude(stage=Stage.STARTED)


@dataclass
class Outcome:
    cutoff: datetime.date
    anonymised: int
    run: RetentionRun | None  # None for a dry run


def anonymise(*, triggered_by: str, today: datetime.date | None = None, dry_run: bool = False) -> Outcome:
    """Anonymise every applicant due, all or nothing, and log the run (not for a dry run)."""
    today = today or timezone.localdate()
    cutoff = cutoff_for(today)
    if dry_run:
        return Outcome(cutoff, due(today).count(), None)
    with transaction.atomic():
        # Locked, so a second run at the same moment (the command while beat runs) waits, then
        # finds these anonymised and leaves them alone.
        ids = list(due(today).select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
        if ids:
            _remove_personal_details(ids, today)
        run = RetentionRun.objects.create(cutoff=cutoff, anonymised=len(ids), triggered_by=triggered_by[:100])
    return Outcome(cutoff, len(ids), run)


def _remove_personal_details(ids: list[int], today: datetime.date) -> None:
    # History first: every earlier record of them loses the personal values and free-text reasons.
    Applicant.history.filter(id__in=ids).update(**PERSONAL_FIELDS, history_change_reason=None)
    checks = PreEmploymentCheck.objects.filter(applicant_id__in=ids)
    PreEmploymentCheck.history.filter(applicant_id__in=ids).update(note="", history_change_reason=None)
    checks.exclude(note="").update(note="")
    StageChange.objects.filter(applicant_id__in=ids).exclude(note="").update(note="")
    # The version moves on, so an edit form opened before cannot write the old details back.
    Applicant.objects.filter(pk__in=ids).update(
        **PERSONAL_FIELDS, anonymised_on=today, version=F("version") + 1
    )
    # One record of the anonymisation each, saying why (update() writes none by itself).
    anonymised = list(Applicant.objects.filter(pk__in=ids))
    Applicant.history.bulk_history_create(
        anonymised, update=True, default_user=request_user(), default_change_reason=REASON
    )
    _delete_letter_pdfs(ids)
    figure_store.mark_changed("traineeships")  # update() sends no signals


def _delete_letter_pdfs(ids: list[int]) -> None:
    from traineeships.letters import PDF_JOB

    letters = runs.BackgroundRun.objects.filter(kind=PDF_JOB, input__applicant_id__in=ids)
    names = [name for name in letters.values_list("output_name", flat=True) if name]
    letters.delete()
    # Files after the rows' delete is certain: a rollback must not leave a row pointing at nothing.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


@register()
def check_retention_months(app_configs, **kwargs):
    """A retention period under a month would anonymise applicants of intakes still deciding, the
    night after their recruitment closed: refuse to start rather than lose people's applications."""
    months = retention_months()
    if not isinstance(months, int) or months < 1:
        return [
            Error(
                f"TRAINEESHIPS_RETENTION_MONTHS is {months!r}; it must be a whole number of months, "
                "1 or more.",
                hint="Set TRAINEESHIPS_RETENTION_MONTHS (default 12) to how long applicants' details "
                "are kept.",
                id="traineeships.E001",
            )
        ]
    return []
