"""`manage.py anonymise_applicants [--dry-run]`: the retention rule (traineeships/retention.py) now,
as beat runs it daily. Each real run is logged as a RetentionRun; a dry run only counts."""

from django.core.management.base import BaseCommand

from traineeships import retention


class Command(BaseCommand):
    help = (
        "Remove the personal details of applicants who did not start, once their intake's "
        "recruitment closed more than TRAINEESHIPS_RETENTION_MONTHS months ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        outcome = retention.anonymise(triggered_by="manage.py anonymise_applicants", dry_run=dry_run)
        people = f"{outcome.anonymised} applicant{'s' if outcome.anonymised != 1 else ''}"
        closed = f"in intakes whose recruitment closed before {outcome.cutoff:%d %b %Y}"
        if dry_run:
            self.stdout.write(f"Dry run: {people} would be anonymised ({closed}). Nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{people} anonymised ({closed})."))
