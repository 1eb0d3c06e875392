"""`manage.py import_actionplan PATH [--dry-run] [--user USERNAME] [--initials FILE]
[--as-new | --update PLAN_ID]`: the web import, from a shell.

Prints what was read (priorities, areas of focus, actions, outputs, milestones, risks), the
warnings and every responsibility name with who owns it. Nobody confirms proposals at a shell, so
owners come only from `--initials`, a CSV of token,assignment_number lines (an optional header
row "token,assignment_number"); without it every name is left as written text, and the command
lists them with the proposal the web preview would show, to help write the file. The file is not
remembered for the next import (the web preview's "remember" does that). Any error, in the plan
or in the file: a non-zero exit and nothing saved.

A file whose title is already a plan's (or a plan workbook whose plan still exists) is refused
unless told what to do: `--as-new` imports it as a new plan named "TITLE (imported 26 Nov 2026)";
`--update PLAN_ID` updates that plan in place, and only from a plan workbook of this app that was
exported from that same plan (its About sheet names the plan id), so no other file can overwrite it.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actionplans.models import ActionPlan
from actionplans.responsibility import MappingFileError, read_mapping_file
from actionplans.spreadsheets.duplicates import choices
from actionplans.spreadsheets.read import MAX_UPLOAD_BYTES
from actionplans.spreadsheets.save import import_plan, read_plan
from actionplans.spreadsheets.workbook_save import removals

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
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument(
            "--as-new",
            action="store_true",
            help="If the title is taken, import as a new plan with a dated title.",
        )
        choice.add_argument(
            "--update",
            type=int,
            metavar="PLAN_ID",
            help="Update this plan from a plan workbook exported from it.",
        )

    def handle(
        self, *args, path, dry_run=False, user=None, initials=None, as_new=False, update=None, **options
    ):
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
        target, title = self._choice(parsed, as_new, update)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        owners = {token.key: mapped[token.key].pk for token in parsed.tokens if token.key in mapped}
        plan = import_plan(parsed, user=author, owners=owners, title=title, update=target)
        verb = "Updated" if target else "Saved"
        self.stdout.write(self.style.SUCCESS(f"{verb} action plan {plan.pk}: {plan}"))

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

    def _choice(self, parsed, as_new: bool, update: int | None) -> tuple[ActionPlan | None, str | None]:
        """(the plan to update, the new plan's title): refuses a duplicate nobody chose for."""
        duplicate = choices(parsed)
        if update is not None:
            target = ActionPlan.objects.filter(pk=update).first()
            if target is None:
                raise CommandError(f"There is no action plan {update} to update.")
            if parsed.workbook is None:
                raise CommandError(
                    "Only a plan workbook exported from this app (export_actionplan --workbook) "
                    "can update a plan."
                )
            if parsed.workbook.plan_id != target.pk:
                raise CommandError(
                    f"This workbook was exported from plan {parsed.workbook.plan_id}, not plan {target.pk}: "
                    "nothing was saved."
                )
            for sheet, number in removals(parsed.workbook, target).items():
                if number:
                    self.stdout.write(self.style.WARNING(f"{number} {sheet.lower()} will be removed."))
            return target, None
        if not duplicate.needs_choice:
            return None, None
        if as_new:
            return None, duplicate.new_title
        existing = duplicate.source or duplicate.same_title
        how = (
            f" or --update {duplicate.source.pk} to update it from this workbook" if duplicate.source else ""
        )
        raise CommandError(
            f"A plan called “{existing}” already exists (plan {existing.pk}). Nothing was saved. "
            f"Use --as-new to import it as “{duplicate.new_title}”{how}."
        )
