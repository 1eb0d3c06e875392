"""`manage.py import_actionplan PATH [--dry-run] [--user USERNAME] [--initials FILE]`: the web
import, from a shell.

Prints what was read (priorities, areas of focus, actions, outputs, milestones, risks), the
warnings and every responsibility name with who owns it. Nobody confirms proposals at a shell, so
owners come only from `--initials`, a CSV of token,assignment_number lines (an optional header
row "token,assignment_number"); without it every name is left as written text, and the command
lists them with the proposal the web preview would show, to help write the file. The file is not
remembered for the next import (the web preview's "remember" does that). Any error, in the plan
or in the file: a non-zero exit and nothing saved.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actionplans.responsibility import MappingFileError, read_mapping_file
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
        parser.add_argument(
            "--initials",
            metavar="FILE",
            help="CSV of token,assignment_number: who each responsibility name is. Without it, "
            "nobody is made an owner.",
        )

    def handle(self, *args, path, dry_run=False, user=None, initials=None, **options):
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
        mapped = self._read_initials(initials) if initials else {}

        self.stdout.write(f"{parsed.title or parsed.filename} ({parsed.layout})")
        counts = parsed.counts()
        label = "themes" if parsed.layout == "themes" else "priorities"
        for name in SHOWN:
            self.stdout.write(f"  {label if name == 'priorities' else name}: {counts[name]}")
        for message in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {message}"))
        for message in parsed.notes:
            self.stdout.write(f"Note: {message}")
        self._report_owners(parsed, mapped, initials)
        if parsed.errors:
            for message in parsed.errors:
                self.stderr.write(f"Error: {message}")
            raise CommandError(f"{len(parsed.errors)} error(s): nothing was saved.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        owners = {token.key: mapped[token.key].pk for token in parsed.tokens if token.key in mapped}
        plan = import_plan(parsed, user=author, owners=owners)
        self.stdout.write(self.style.SUCCESS(f"Saved action plan {plan.pk}: {plan}"))

    @staticmethod
    def _read_initials(name: str) -> dict:
        try:
            with open(name, encoding="utf-8-sig") as handle:
                return read_mapping_file(handle.read(MAX_UPLOAD_BYTES))
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{name} is not a UTF-8 CSV file.") from error
        except MappingFileError as error:
            raise CommandError(f"{name}: {error}. Nothing was saved.") from error

    def _report_owners(self, parsed, mapped: dict, initials: str | None) -> None:
        left = [token for token in parsed.tokens if token.key not in mapped]
        for token in parsed.tokens:
            if token.key in mapped:
                person = mapped[token.key]
                self.stdout.write(
                    f"Owner: {token.written} -> {person.full_name} ({person.assignment_number})"
                )
        if left and not initials:
            self.stdout.write(
                self.style.WARNING(
                    f"No --initials file: {len(left)} responsibility name(s) left as written text, "
                    "owned by nobody:"
                )
            )
        elif left:
            self.stdout.write(
                self.style.WARNING(f"Not in {initials}: {len(left)} name(s) left as written text:")
            )
        for token in left:
            hint = (
                f"; proposed in the web preview: {token.proposed_name} ({token.source})"
                if token.proposed
                else ""
            )
            self.stdout.write(self.style.WARNING(f"  {token}{hint}"))
        unused = sorted(set(mapped) - {token.key for token in parsed.tokens})
        if unused:
            self.stdout.write(f"Not in this plan, so unused: {', '.join(unused)}")
