"""The measuring-success pages: every indicator at a glance, and one indicator's figures by
period with its SPC chart, breakdowns and export. Read by L&D managers and directors; the L&D
manager also captures baselines, sets targets and records process changes.

Indicators are named by their registry key in the URL; an unknown key is a 404 (after the
ability check, so the answer reveals nothing to those who may not read the pages).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from reports import figures as figures_module
from reports.indicator_forms import BaselineForm, ProcessChangeForm, TargetForm
from reports.models import Target
from reports.series import Granularity
from workforce import exports, figure_store, indicators
from workforce.permissions import can, requires
from workforce.views.catalogue import form_page, submitted

VIEW, MANAGE = "reports.view", "reports.manage_indicators"
LIST_LABEL = "Measuring success"


def _indicator(key: str):
    try:
        return indicators.get(key)
    except KeyError:
        raise Http404("No such indicator") from None


def _granularity(request) -> str:
    value = request.GET.get("period", Granularity.MONTH)
    return value if value in Granularity.values else Granularity.MONTH


def detail_url(key: str, granularity: str = Granularity.MONTH) -> str:
    url = reverse("reports:indicator_detail", args=[key])
    return url if granularity == Granularity.MONTH else f"{url}?period={granularity}"


@require_safe
@requires(VIEW)
def indicator_list(request):
    all_figures = figures_module.figures_for_all(Granularity.MONTH, budget=settings.INDICATOR_INLINE_SECONDS)
    return render(
        request,
        "reports/indicator_list.html",
        {
            "all_figures": all_figures,
            "waiting": sum(figures.waiting for figures in all_figures),
            "can_manage": can(request.user, MANAGE),
        },
    )


@require_safe
@requires(VIEW)
def indicator_detail(request, key):
    indicator = _indicator(key)
    granularity = _granularity(request)
    figures = figures_module.figures_for(key, granularity, budget=settings.INDICATOR_INLINE_SECONDS)
    choices = indicator.breakdown_choices()
    by = request.GET.get("by", "unit")
    by = by if by in dict(choices) else "unit"
    breakdown = []
    if figures.latest:
        period = figures.latest.period
        breakdown = figure_store.breakdown(key, period.start, period.end, by)
    return render(
        request,
        "reports/indicator_detail.html",
        {
            "indicator": indicator,
            "figures": figures,
            "rows": list(reversed(figures.rows)),  # newest first
            "granularity": granularity,
            "granularities": [(value, label, detail_url(key, value)) for value, label in Granularity.choices],
            "by": by,
            "breakdown_choices": choices,
            "breakdown": breakdown,
            "targets": list(Target.objects.for_indicator(key).order_by("by_date")),
            "can_manage": can(request.user, MANAGE),
            "breadcrumbs": [(LIST_LABEL, reverse("reports:indicator_list"))],
        },
    )


EXPORT_HEADERS = [
    "Period",
    "From",
    "To",
    "Value",
    "Numerator",
    "Denominator",
    "Baseline",
    "Change against baseline",
    "Target",
    "SPC signal",
]


@require_safe
@requires(VIEW)
def indicator_export(request, key):
    indicator = _indicator(key)
    granularity = _granularity(request)
    figures = figures_module.figures_for(key, granularity, budget=settings.INDICATOR_INLINE_SECONDS)
    if figures.waiting:
        # An export with blanks would be taken for the figures: send them back until it is whole.
        messages.info(
            request,
            "Some of these figures are still being worked out. Export again in a minute or two, "
            "once the page shows them all.",
        )
        return redirect(detail_url(key, granularity))
    baseline = figures.baseline.value if figures.baseline else None
    target = figures.target.value if figures.target else None
    rows = [
        [
            row.period.label,
            row.period.start,
            row.period.end,
            row.measure.value,
            row.measure.numerator,
            row.measure.denominator,
            baseline,
            row.change,
            target,
            row.signal,
        ]
        for row in figures.rows
    ]
    filename = f"{key.replace('.', '-')}-{granularity}"
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(f"{filename}.xlsx", EXPORT_HEADERS, rows, sheet_title=indicator.label)
    return exports.csv_response(f"{filename}.csv", EXPORT_HEADERS, rows)


def _manage_page(request, key, form_class, heading, saved):
    indicator = _indicator(key)
    initial = {name: request.GET[name] for name in ("period_start", "period_end") if name in request.GET}
    form = form_class(submitted(request), indicator=indicator, user=request.user, initial=initial)
    if form.is_bound and form.is_valid():
        record = form.save()
        messages.success(request, saved(record))
        return redirect(detail_url(key))
    return form_page(
        request,
        form,
        heading=f"{heading}: {indicator.label}",
        cancel_url=detail_url(key),
        breadcrumbs=[(LIST_LABEL, reverse("reports:indicator_list")), (indicator.label, detail_url(key))],
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def baseline_capture(request, key):
    return _manage_page(
        request,
        key,
        BaselineForm,
        "Capture a baseline",
        lambda baseline: f"Baseline captured for {baseline.period_label}: {baseline.value}.",
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def target_set(request, key):
    return _manage_page(
        request,
        key,
        TargetForm,
        "Set a target",
        lambda target: f"Target of {target.value} by {target.by_date:%-d %b %Y} set.",
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def process_change_add(request, key):
    return _manage_page(
        request,
        key,
        ProcessChangeForm,
        "Record a process change",
        lambda change: (
            f"Process change from {change.from_date:%-d %b %Y} recorded: the limits are worked out afresh."
        ),
    )
