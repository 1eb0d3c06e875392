"""`manage.py export_actionplan PLAN_ID --out FILE [--workbook]`: a plan's exports, from a shell.

Without --workbook, the spreadsheet people read, as CSV when FILE ends in .csv and as Excel
otherwise; with it, the plan workbook (always .xlsx), which `import_actionplan` reads back.
"""

from django.core.management.base import BaseCommand, CommandError

from actionplans.models import ActionPlan
from actionplans.spreadsheets.export import plan_csv, plan_xlsx
from actionplans.spreadsheets.workbook import plan_workbook


class Command(BaseCommand):
    help = "Write an action plan as a spreadsheet (or, with --workbook, as the lossless plan workbook)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int, help="The plan's id (the number in its page address).")
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument(
            "--workbook", action="store_true", help="Write the plan workbook, which imports back exactly."
        )

    def handle(self, *args, plan_id, out, workbook=False, **options):
        plan = ActionPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"There is no action plan {plan_id}.")
        if workbook:
            if not out.lower().endswith(".xlsx"):
                raise CommandError("A plan workbook is an Excel file: give --out a name ending in .xlsx.")
            data, kind = plan_workbook(plan), "plan workbook"
        elif out.lower().endswith(".csv"):
            data, kind = plan_csv(plan), "spreadsheet (CSV)"
        else:
            data, kind = plan_xlsx(plan), "spreadsheet (Excel)"
        try:
            with open(out, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote the {kind} of “{plan}” to {out}."))
