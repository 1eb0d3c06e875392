"""The figures part: a list of programmes and intakes to report on, and the diversity of their
applicants (suppressed, with its CSV/XLSX export). Read by the L&D manager and directors
(`traineeships.figures`); only counts are shown, never a person.

Each page is about a programme or one intake of it (`Scope`); the programme's pages count every
intake of it, anonymised applicants included (their answers are kept for these figures).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from traineeships import diversity
from traineeships.evaluation import Scope
from traineeships.models import Intake, Programme
from traineeships.permissions import FIGURES
from workforce import exports
from workforce.permissions import requires


def scope_for(programme_pk=None, intake_pk=None) -> Scope:
    """The programme or intake asked for, or 404."""
    if intake_pk is not None:
        return Scope.of(get_object_or_404(Intake.objects.select_related("programme"), pk=intake_pk))
    return Scope(get_object_or_404(Programme, pk=programme_pk))


def scope_urls(scope: Scope) -> dict[str, str]:
    """The figures pages of this programme or intake, for their links to each other."""
    if scope.intake is not None:
        args, prefix = [scope.intake.pk], "traineeships:intake_"
    else:
        args, prefix = [scope.programme.pk], "traineeships:programme_"
    return {
        name: reverse(f"{prefix}{name}", args=args)
        for name in ("diversity", "diversity_export", "evaluation")
    }


def breadcrumbs(scope: Scope) -> list[tuple[str, str]]:
    crumbs = [("Traineeship figures", reverse("traineeships:figures"))]
    if scope.intake is not None:
        crumbs.append(
            (scope.programme.name, reverse("traineeships:programme_evaluation", args=[scope.programme.pk]))
        )
    return crumbs


@require_safe
@requires(FIGURES)
def index(request):
    """Every programme with its intakes and their applicant counts: three queries."""
    intakes = Intake.objects.annotate(applicant_count=Count("applicants")).order_by("-starts_on", "pk")
    programmes = Programme.objects.annotate(applicant_count=Count("intakes__applicants")).prefetch_related(
        Prefetch("intakes", queryset=intakes)
    )
    return render(request, "traineeships/figures/index.html", {"programmes": programmes.order_by("name")})


@require_safe
@requires(FIGURES)
def diversity_page(request, programme_pk=None, intake_pk=None):
    scope = scope_for(programme_pk, intake_pk)
    tables = diversity.diversity(scope.applicants())
    return render(
        request,
        "traineeships/figures/diversity.html",
        {
            "scope": scope,
            "tables": tables,
            "columns": [label for label, _ in diversity.COLUMNS],
            "threshold": diversity.suppress_below(),
            "urls": scope_urls(scope),
            "breadcrumbs": breadcrumbs(scope),
        },
    )


@require_safe
@requires(FIGURES)
def diversity_export(request, programme_pk=None, intake_pk=None):
    scope = scope_for(programme_pk, intake_pk)
    headers, rows = diversity.export_rows(diversity.diversity(scope.applicants()))
    pk = scope.intake.pk if scope.intake else scope.programme.pk
    filename = f"diversity-{scope.kind}-{pk}"
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(f"{filename}.xlsx", headers, rows, sheet_title="Diversity of applicants")
    return exports.csv_response(f"{filename}.csv", headers, rows)
