"""`manage.py import_actionplan PATH [--dry-run] [--user USERNAME]`: the web import, from a shell.

Prints what was read (priorities, areas of focus, actions, outputs, milestones, risks), the
warnings and the unmatched initials. Any error: a non-zero exit and nothing saved.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actionplans.spreadsheets.read import MAX_UPLOAD_BYTES
from actionplans.spreadsheets.save import import_plan, read_plan

SHOWN = ["priorities", "focus areas", "actions", "outputs", "milestones", "risks"]


class Command(BaseCommand):
    help = "Import an action plan from an .xlsx, .csv or .docx file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The plan file.")
        parser.add_argument("--dry-run", action="store_true", help="Read and report; save nothing.")
        parser.add_argument(
            "--user", help="Username recorded as the author of the import (history, progress)."
        )

    def handle(self, *args, path, dry_run=False, user=None, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user called “{user}”.")
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_UPLOAD_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        parsed = read_plan(data, path)

        self.stdout.write(f"{parsed.title or parsed.filename} ({parsed.layout})")
        counts = parsed.counts()
        label = "themes" if parsed.layout == "themes" else "priorities"
        for name in SHOWN:
            self.stdout.write(f"  {label if name == 'priorities' else name}: {counts[name]}")
        for message in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {message}"))
        for message in parsed.notes:
            self.stdout.write(f"Note: {message}")
        for item in parsed.unmatched:
            self.stdout.write(self.style.WARNING(f"Initials not matched to staff: {item}"))
        if parsed.errors:
            for message in parsed.errors:
                self.stderr.write(f"Error: {message}")
            raise CommandError(f"{len(parsed.errors)} error(s): nothing was saved.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        plan = import_plan(parsed, user=author)
        self.stdout.write(self.style.SUCCESS(f"Saved action plan {plan.pk}: {plan}"))
