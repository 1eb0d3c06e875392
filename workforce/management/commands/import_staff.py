"""`manage.py import_staff PATH [--dry-run]`: the staff import without the web page, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workforce import importing


class Command(BaseCommand):
    help = "Import staff from an HR export (CSV or XLSX). Nothing is saved if any row is wrong."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV or .xlsx file exported from the HR system.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")

    def handle(self, *args, path, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        # Refuse before reading: the same limit as the web upload.
        if file.stat().st_size > importing.MAX_FILE_BYTES:
            raise CommandError(
                f"{file.name}: the file is larger than {importing.MAX_FILE_BYTES // 2**20} MB."
            )
        try:
            result = importing.import_staff(
                file.read_bytes(), file.name, dry_run=dry_run, reason=f"Staff import from {file.name}"
            )
        except importing.ImportFileError as exc:
            raise CommandError(f"{file.name}: {exc}") from exc

        for warning in result.warnings:
            self.stderr.write(f"Warning: row {warning.row}, {warning.column}: {warning.message}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"Row {error.row}, {error.column}: {error.message}")
            rows = len({error.row for error in result.errors})
            raise CommandError(
                f"{file.name} was refused: {len(result.errors)} problem(s) in {rows} row(s). "
                "Nothing was saved."
            )
        for role in result.new_roles.values():
            self.stdout.write(f"New job role: {role.title} ({role.pay_band_label or 'no band'})")
        for unit in result.new_units.values():
            self.stdout.write(f"New organisation unit: {unit.name}")
        self.stdout.write(
            f"created: {result.created}, updated: {result.updated}, unchanged: {result.unchanged}, "
            f"job roles created: {result.roles_created}, units created: {result.units_created}"
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS(result.summary()))
