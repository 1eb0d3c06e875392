"""The workforce indicators report: each chosen indicator as an SPC chart for the Board.

Every figure comes from `reports.figures.figures_for`, the function the indicator pages use, and
every chart from `IndicatorFigures.chart()` (reports/charts.py), so the board sees the chart,
icons, reading, baseline and target the L&D manager sees on the page. The indicators offered
are the registry's at the moment the form is shown, so an indicator an app registers later is
offered, and shown by default when registered as a headline one, with no change here.

The period: the figures run up to a day the person chooses; the chart shows the complete
months (or quarters, or years) before the one after that day, so a report "up to 30 November"
ends with November and one "up to today" with last month, as on the pages.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone

from reports import figures as figures_module
from reports import spc
from reports.kinds import Report, ReportKind, ReportUnavailable, Section
from reports.pdf import long_date
from reports.series import Granularity
from workforce import indicators
from workforce.forms.staff import DateInput

# How many of the latest periods each indicator's table lists (its chart shows them all).
RECENT = {Granularity.MONTH: 12, Granularity.QUARTER: 8, Granularity.YEAR: 3}


class IndicatorsField(forms.MultipleChoiceField):
    """The registered indicators, read when the form is made (never frozen at import)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=indicators.choices, **kwargs)


def indicators_field() -> IndicatorsField:
    return IndicatorsField(
        label="Indicators",
        help_text="The headline indicators are chosen to begin with; each is a page with its SPC chart.",
        error_messages={"required": "Choose at least one indicator."},
    )


def default_indicators() -> list[str]:
    return indicators.headline_keys() or [indicator.key for indicator in indicators.all_indicators()]


class WorkforceIndicatorsForm(forms.Form):
    indicators = indicators_field()
    granularity = forms.ChoiceField(
        label="Periods", choices=Granularity.choices, initial=Granularity.MONTH, widget=forms.RadioSelect
    )
    period_end = forms.DateField(
        label="Figures up to",
        widget=DateInput(),
        help_text="The charts end with the last complete month (or quarter, or year) on or before this day.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].initial = default_indicators()
        self.fields["period_end"].initial = timezone.localdate()

    def clean_period_end(self):
        day = self.cleaned_data["period_end"]
        if day > timezone.localdate():
            raise forms.ValidationError("The figures can only run up to today.")
        return day

    def params(self) -> dict:
        return {
            "indicators": list(self.cleaned_data["indicators"]),
            "granularity": self.cleaned_data["granularity"],
            "end": self.cleaned_data["period_end"].isoformat(),
        }

    @staticmethod
    def describe(params: dict) -> str:
        count = len(params.get("indicators", []))
        how = Granularity(params.get("granularity", Granularity.MONTH)).label.lower()
        up_to = long_date(datetime.date.fromisoformat(params["end"]))
        return f"{count} indicator{'s' if count != 1 else ''}, {how}, up to {up_to}"


def anchor(key: str) -> str:
    """An indicator key as part of an HTML id: "workforce.completions.cpd" -> "workforce-completions-cpd"."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def chosen(params: dict) -> list[indicators.Indicator]:
    """The chosen indicators that are still registered, in the registry's order."""
    wanted = set(params.get("indicators") or default_indicators())
    return [indicator for indicator in indicators.all_indicators() if indicator.key in wanted]


def _change_words(change, unit: str) -> str:
    """ "+5.3" (a difference of percentages is in percentage points, said beside it)."""
    if change is None:
        return ""
    figure = f"{change:f}".rstrip("0").rstrip(".") if "." in f"{change:f}" else f"{change:f}"
    return f"+{figure}" if change > 0 else figure


def indicator_sections(params: dict) -> list[Section]:
    """A summary of every chosen indicator, then a page for each, then how to read them."""
    shown = chosen(params)
    if not shown:
        raise ReportUnavailable("None of the indicators this report was asked for is offered any more.")
    granularity = params.get("granularity", Granularity.MONTH)
    end = datetime.date.fromisoformat(params["end"])
    today = end + datetime.timedelta(days=1)  # complete periods on or before `end`
    all_figures = [figures_module.figures_for(i.key, granularity, today=today) for i in shown]
    pages = []
    for figures in all_figures:
        key = anchor(figures.indicator.key)
        latest = figures.latest
        pages.append(
            Section(
                f"indicator-{key}",
                figures.indicator.label,
                "reports/pdf/indicators/indicator.html",
                {
                    "figures": figures,
                    "chart": figures.chart(chart_id=f"xmr-{key}"),
                    "icons": figures.icons(),
                    "latest": latest,
                    "change": _change_words(latest.change if latest else None, figures.unit),
                    "recent": list(reversed(figures.rows[-RECENT[Granularity(granularity)] :])),
                    "new_page": True,
                },
            )
        )
    summary_rows = [
        {
            "figures": figures,
            "section": section,  # its key may change in a board pack: link through it
            "change": section.context["change"],
        }
        for figures, section in zip(all_figures, pages, strict=True)
    ]
    span = all_figures[0].rows
    return [
        Section(
            "indicators-summary",
            "Indicators at a glance",
            "reports/pdf/indicators/summary.html",
            {
                "rows": summary_rows,
                "granularity": Granularity(granularity).label.lower(),
                "first": span[0].period.label if span else "",
                "last": span[-1].period.label if span else "",
            },
        ),
        *pages,
        Section("indicators-method", "How to read the SPC charts", "reports/pdf/indicators/method.html", {}),
    ]


def build(params: dict) -> Report:
    sections = indicator_sections(params)
    rows = sections[0].context["rows"]
    end = datetime.date.fromisoformat(params["end"])
    variations = [row["figures"].analysis.variation for row in rows]
    signals = [v for v in variations if v not in (None, spc.Variation.COMMON)]
    concerns = [v for v in signals if v in (spc.Variation.CONCERN_HIGH, spc.Variation.CONCERN_LOW)]
    last = sections[0].context["last"]
    return Report(
        title="Workforce indicators report",
        subject=f"{len(rows)} indicator{'s' if len(rows) != 1 else ''} as SPC charts",
        period=f"Up to {last}" if last else f"Up to {long_date(end)}",
        sections=sections,
        as_at=end,
        summary_lines=[
            f"{len(signals)} of {len(rows)} indicators show a special cause; "
            f"{len(concerns)} of them a concern",
            f"Figures to {last}, {sections[0].context['granularity']}, from {sections[0].context['first']}",
        ],
    )


KIND = ReportKind(
    key="workforce_indicators",
    title="Workforce indicators report",
    description=(
        "The indicators you choose as SPC charts, with their variation and assurance icons, reading, "
        "baseline, target and recent figures."
    ),
    form_class=WorkforceIndicatorsForm,
    build=build,
)
