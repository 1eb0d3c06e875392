"""Traineeships' scheduled work. Beat runs `traineeships.anonymise_applicants` daily (a
django-celery-beat row made by migration 0002_tletters, editable in the admin)."""

from celery import shared_task


@shared_task(name="traineeships.anonymise_applicants")
def anonymise_applicants() -> int:
    """The retention rule (traineeships/retention.py). Idempotent: a second run the same day finds
    nobody left to anonymise, and logs a run of none."""
    from traineeships import retention

    return retention.anonymise(triggered_by="schedule").anonymised
