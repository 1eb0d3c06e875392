"""The core's indicators about people moving in, staying and moving up: starters, stability and
promotions to a higher band. Registered with the others by `indicators.register_core_indicators`;
kept apart so that module stays readable.

- Starters (recruitment): people whose start date falls in the period.
- Stability: of the people in post on the first day of the 12 months ending on the period's last
  day, the share still in post on that last day (the NHS stability index). It always looks back
  12 months, whatever the period, so a monthly series is a rolling annual figure.
- Promotions to a higher band: people whose job role changed, within the period, to one with a
  higher Agenda for Change band than the role they held before. Read from the staff record's
  history (every saved change is a dated row); bands are the roles' current bands. A move from a
  role with no band, or to one, is not a promotion: there is nothing to compare.

Archived records (mistakes, duplicates) never count, as for leavers.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Subquery, Value, When

from workforce.indicators import Formula, Tally, register


def band_rank(field: str) -> Case:
    """Agenda for Change bands in order (1 .. 7, 8a .. 8d, 9) as numbers; None for no band."""
    from workforce.models import PayBand

    whens = [When(**{field: band.value}, then=Value(rank)) for rank, band in enumerate(PayBand, 1)]
    return Case(*whens, default=None, output_field=IntegerField())


def promoted_between(start: datetime.date, end: datetime.date):
    """People with a change of job role to a higher band from `start` to `end` (inclusive): one
    EXISTS over the history, each change compared with the row just before it."""
    from workforce.models import StaffMember

    history = StaffMember.history.model
    band_before = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("job_role__pay_band")[:1]
    )
    promotions = (
        history.objects.filter(id=OuterRef("pk"), history_date__date__gte=start, history_date__date__lte=end)
        .alias(band_before=Subquery(band_before))
        .alias(rank_now=band_rank("job_role__pay_band"), rank_before=band_rank("band_before"))
        .filter(rank_now__gt=F("rank_before"))
    )
    return StaffMember.objects.active().filter(Exists(promotions))


def stability_start(end: datetime.date) -> datetime.date:
    """The first day of the 12 months ending on `end` (31 Mar 2026 -> 1 Apr 2025)."""
    from workforce.training import add_months

    return add_months(end, -12) + datetime.timedelta(days=1)


def register_people_indicators() -> None:
    from workforce.models import StaffMember

    # More starters is counted as better: boards read recruitment as a success measure.
    @register(
        "workforce.starters", "People who started in the period (recruitment)", good="up", headline=True
    )
    def starters(start, end):
        return Formula(Tally(StaffMember.objects.active().filter(start_date__gte=start, start_date__lte=end)))

    @register(
        "workforce.stability",
        "Stability (people in post 12 months before the period's end still in post at its end)",
        "%",
        good="up",
        headline=True,
    )
    def stability(start, end):
        at_start = StaffMember.objects.in_post(stability_start(end))
        return Formula(Tally(at_start.in_post(end)), (Tally(at_start),))

    @register(
        "workforce.promotions", "People promoted to a higher pay band in the period", good="up", headline=True
    )
    def promotions(start, end):
        return Formula(Tally(promoted_between(start, end)))
