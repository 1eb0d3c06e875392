"""The traineeships app's indicators for the core's registry (workforce/indicators.py), registered
from TraineeshipsConfig.ready; the reports app's measuring-success pages and board reports read
them through the registry like any other.

- `traineeships.starts`: trainees who started a traineeship in the period (service-user
  traineeships, apprenticeships and other programmes; work experience and pre-employment
  placements are counted by their own two indicators, so nobody counts twice).
- `traineeships.completions`: of the trainees on those programmes whose programme ended in the
  period (their own end date, else their intake's), those who completed it, as a percentage.
- `traineeships.breakdowns`: placements (any programme) that broke down in the period, of the
  placements running at some time in it.
- `traineeships.job_outcomes`: trainees (any programme) whose programme ended in the period and
  whose outcome at the end is a job (employed here or elsewhere, or an apprenticeship), of all
  those whose programme ended in it.
- `traineeships.work_experience`, `traineeships.pre_employment`: people who started a
  work-experience or a pre-employment placement programme in the period.

Each is counted over trainees, who are mostly not staff: the registry's tallies lead from a row to
a staff member, which for a trainee is their staff record once employed here (`staff_member`). So
the registry's own breakdowns by unit, staff group and band put trainees not employed here under
"Not recorded", and a restriction to a unit or population counts only those employed there. The
breakdown that means something here is each indicator's own: by programme (and, for placement
breakdowns, by the host team).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from workforce.indicators import BreakdownRow, Formula, Tally, formula_measure, measure, register, unit_groups

TRAINEE_STAFF = "staff_member"
PLACEMENT_STAFF = "trainee__staff_member"


def _kinds():
    from traineeships.models import Programme

    Kind = Programme.Kind
    return {
        "traineeship": [Kind.SERVICE_USER_TRAINEESHIP, Kind.APPRENTICESHIP, Kind.OTHER],
        "work_experience": [Kind.WORK_EXPERIENCE],
        "pre_employment": [Kind.PRE_EMPLOYMENT],
        "all": list(Kind),
    }


def _trainees(kinds: str, programme_id=None):
    from traineeships.models import Trainee

    trainees = Trainee.objects.filter(applicant__intake__programme__kind__in=_kinds()[kinds])
    if programme_id is not None:
        trainees = trainees.filter(applicant__intake__programme_id=programme_id)
    return trainees


def starts(kinds: str):
    def formula(start, end, programme_id=None) -> Formula:
        started = _trainees(kinds, programme_id).filter(started_on__gte=start, started_on__lte=end)
        return Formula(Tally(started, staff=TRAINEE_STAFF))

    return formula


# Made once, so registering again (a reloaded app) finds the same functions and is harmless.
traineeship_starts = starts("traineeship")
work_experience_starts = starts("work_experience")
pre_employment_starts = starts("pre_employment")


def completions(start, end, programme_id=None) -> Formula:
    from traineeships.models import Trainee

    ended = (
        _trainees("traineeship", programme_id)
        .with_end()
        .filter(end_on__gte=start, end_on__lte=end)
        .exclude(status=Trainee.Status.ACTIVE)
    )
    return Formula(
        Tally(ended.filter(status=Trainee.Status.COMPLETED), staff=TRAINEE_STAFF),
        (Tally(ended, staff=TRAINEE_STAFF),),
    )


def breakdowns(start, end, programme_id=None) -> Formula:
    from traineeships.models import Placement

    placements = Placement.objects.exclude(status=Placement.Status.PLANNED)
    if programme_id is not None:
        placements = placements.filter(trainee__applicant__intake__programme_id=programme_id)
    running = placements.filter(
        Q(starts_on__lte=end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=start),
        Q(broke_down_on__isnull=True) | Q(broke_down_on__gte=start),
    )
    broke_down = placements.filter(
        status=Placement.Status.BROKEN_DOWN, broke_down_on__gte=start, broke_down_on__lte=end
    )
    return Formula(Tally(broke_down, staff=PLACEMENT_STAFF), (Tally(running, staff=PLACEMENT_STAFF),))


def job_outcomes(start, end, programme_id=None) -> Formula:
    from traineeships.models import Outcome

    ended = _trainees("all", programme_id).with_end().filter(end_on__gte=start, end_on__lte=end)
    in_a_job = Outcome.objects.filter(trainee=OuterRef("pk"), when=Outcome.When.AT_END, kind__in=Outcome.JOBS)
    return Formula(
        Tally(ended.filter(Exists(in_a_job)), staff=TRAINEE_STAFF), (Tally(ended, staff=TRAINEE_STAFF),)
    )


def by_programme(formula_for, kinds: str):
    """The indicator's own breakdown: one row per programme of the kinds it counts (two queries
    each: programmes are few, a handful per organisation)."""

    def breakdown(start, end, population=None, unit=None) -> list[BreakdownRow]:
        from traineeships.models import Programme

        rows = []
        for programme in Programme.objects.filter(kind__in=_kinds()[kinds]).order_by("name"):
            measure = formula_measure(formula_for(start, end, programme.pk), population=population, unit=unit)
            rows.append(BreakdownRow(str(programme.pk), programme.name, measure))
        return rows

    return {"programme": ("Programme", breakdown)}


def by_host_unit(start, end, population=None, unit=None) -> list[BreakdownRow]:
    """Placement breakdowns by the team that hosted the placement, grouped as the registry groups
    staff by unit (the units directly below `unit`, or below the organisation): one GROUP BY
    query per tally. `population` is a set of staff; placements are of trainees, so it does not
    apply here, and `unit` means the host unit."""
    labels, width = unit_groups(unit)
    formula = breakdowns(start, end)
    counts = []
    for tally in (formula.numerator, *formula.denominators):
        rows = tally.rows
        if unit is not None:
            rows = rows.filter(host_unit__path__startswith=unit.path)
        grouped = (
            rows.order_by()
            .annotate(group=Substr("host_unit__path", 1, width))
            .values("group")
            .annotate(n=Count("pk"))
            .values_list("group", "n")
        )
        counts.append(dict(grouped))
    return [
        BreakdownRow(group, label, measure(counts[0].get(group, 0), [counts[1].get(group, 0)]))
        for group, label in labels.items()
    ]


def register_traineeship_indicators() -> None:
    indicators = [
        (
            "traineeships.starts",
            "Traineeship starts in the period",
            "",
            traineeship_starts,
            "traineeship",
            "up",
        ),
        (
            "traineeships.completions",
            "Traineeship completions (completed / trainees whose programme ended in the period)",
            "%",
            completions,
            "traineeship",
            "up",
        ),
        (
            "traineeships.breakdowns",
            "Placement breakdowns (broken down / placements running in the period)",
            "%",
            breakdowns,
            "all",
            "down",
        ),
        (
            "traineeships.job_outcomes",
            "Job outcomes of trainees (in a job at the end / trainees whose programme ended in the period)",
            "%",
            job_outcomes,
            "all",
            "up",
        ),
        (
            "traineeships.work_experience",
            "Work-experience placements started in the period",
            "",
            work_experience_starts,
            "work_experience",
            "up",
        ),
        (
            "traineeships.pre_employment",
            "Pre-employment placements started in the period",
            "",
            pre_employment_starts,
            "pre_employment",
            "up",
        ),
    ]
    for key, label, unit, formula_for, kinds, good in indicators:
        # The registry calls formula(start, end): programme_id is left to the breakdown.
        own = by_programme(formula_for, kinds)
        if key == "traineeships.breakdowns":
            own["host_unit"] = ("Host team (placement)", by_host_unit)
        register(key, label, unit, breakdowns=own, good=good)(formula_for)
