"""The pathways app's indicator for the core's registry (workforce/indicators.py).

`pathways.progressions`: people who progressed to the stage they were developed for in the
period (numerator), of the people in development at any time in the period (denominator), as a
percentage. Counted over staff members, so the registry's breakdowns by unit, staff group and
band apply as to the core's indicators; a person on two pathways counts once. The breakdown by
pathway is this indicator's own. A progression where the band rises also counts in the core's
`workforce.promotions` (read from the staff record's history, written by pathways/progression.py).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from workforce.indicators import BreakdownRow, Formula, Tally, formula_measure, register


def _people(enrolments):
    from workforce.models import StaffMember

    return StaffMember.objects.active().filter(Exists(enrolments.filter(staff_member=OuterRef("pk"))))


def formula_for(start, end, pathway_id=None) -> Formula:
    from pathways.models import Enrolment
    from pathways.pipeline import in_development_between, progressed_between

    enrolments = Enrolment.objects.all()
    if pathway_id is not None:
        enrolments = enrolments.filter(pathway_id=pathway_id)
    return Formula(
        Tally(_people(progressed_between(enrolments, start, end))),
        (Tally(_people(in_development_between(enrolments, start, end))),),
    )


def by_pathway(start, end, population=None, unit=None) -> list[BreakdownRow]:
    """One row per pathway (two queries each: pathways are few, a handful per organisation)."""
    from pathways.models import CareerPathway

    rows = []
    for pathway in CareerPathway.objects.order_by("name"):
        formula = formula_for(start, end, pathway.pk)
        rows.append(
            BreakdownRow(
                str(pathway.pk), pathway.name, formula_measure(formula, population=population, unit=unit)
            )
        )
    return rows


def register_pathway_indicators() -> None:
    @register(
        "pathways.progressions",
        "Progressions on career pathways (people progressed / people in development in the period)",
        "%",
        breakdowns={"pathway": ("Pathway", by_pathway)},
        good="up",
    )
    def progressions(start, end):
        return formula_for(start, end)
