"""Render a report synchronously to a file, for scripted use (no worker, no run row).

    python manage.py board_report --plan 3 --out board.pdf
    python manage.py board_report --plan 3 --from 2026-10-01 --to 2026-10-31 --out october.pdf
    python manage.py board_report --kind training_compliance --out c.pdf [--unit 7] [--as-at 2026-10-31]
    python manage.py board_report --kind workforce_indicators --out i.pdf [--to 2026-10-31] [--indicator K]
    python manage.py board_report --kind board_pack --out pack.pdf [--from/--to] [--plan 3] [--indicator K]

(--indicator again for each indicator; without it, the headline ones.)

The parameters go through the report's own form, so a script gets the same checks and
messages as the page does.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import kinds, pdf


class Command(BaseCommand):
    help = "Render a board report (default: the Trust Board progress report of --plan) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            default="board_progress",
            help="board_progress, training_compliance, workforce_indicators or board_pack",
        )
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument("--plan", type=int, help="the action plan's id (board_progress)")
        parser.add_argument("--from", dest="start", help="period start, YYYY-MM-DD (default: a month back)")
        parser.add_argument("--to", dest="end", help="period end, YYYY-MM-DD (default: today)")
        parser.add_argument("--unit", type=int, help="an organisation unit's id (training_compliance)")
        parser.add_argument("--as-at", dest="as_at", help="YYYY-MM-DD (training_compliance; default: today)")
        parser.add_argument(
            "--indicator",
            dest="indicators",
            action="append",
            help="an indicator key, again for each (workforce_indicators, board_pack; default: headline)",
        )

    def handle(self, *args, **options):
        try:
            kind = kinds.get(options["kind"])
        except KeyError:
            known = ", ".join(k.key for k in kinds.all_kinds())
            raise CommandError(f"No report kind {options['kind']!r}; choose from {known}") from None
        form = kind.form_class(self._data(kind, options))
        if not form.is_valid():
            problems = "; ".join(
                f"{'' if name == '__all__' else name + ': '}{' '.join(errors)}"
                for name, errors in form.errors.items()
            )
            raise CommandError(f"Cannot make the {kind.title}: {problems}")
        try:
            report = kind.build(form.params())
        except kinds.ReportUnavailable as exc:
            raise CommandError(str(exc)) from exc
        rendered = pdf.render(report)
        out = Path(options["out"])
        out.write_bytes(rendered.content)
        self.stdout.write(f"Wrote {out} ({rendered.pages} pages, {len(rendered.content):,} bytes).")

    @staticmethod
    def _data(kind, options) -> dict:
        """Form data from the options, the form's initial values filling what was not given."""
        form = kind.form_class()
        data = {}
        for name, field in form.fields.items():
            initial = form.get_initial_for_field(field, name)
            if initial is not None:
                data[name] = initial.isoformat() if hasattr(initial, "isoformat") else initial
        given = {
            "plan": options["plan"],
            "period_start": options["start"],
            "period_end": options["end"],
            "unit": options["unit"],
            "as_at": options["as_at"],
            "indicators": options.get("indicators"),
            # The board pack takes several plans; the option names one (none: every active plan).
            "plans": [options["plan"]] if options["plan"] is not None else None,
        }
        data.update(
            {name: value for name, value in given.items() if value is not None and name in form.fields}
        )
        return data
