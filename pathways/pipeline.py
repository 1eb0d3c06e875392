"""Pipeline figures: where a pathway's people are, and how fast they move. Shared by the pathway
list, the `pathways.progressions` indicator and (through them) the board report, so a page and a
report count the same thing the same way.

"In development" in the period means: a mentor was assigned (a nomination accepted) on or before
the period's last day, and the enrolment was still open on its first day (closed ones keep the
day they closed as `status_changed_on`, since a final status never changes again).
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from pathways.models import CareerPathway, Enrolment, MentorAssignment

Status = Enrolment.Status
IN_DEVELOPMENT = [Status.ACCEPTED, Status.IN_DEVELOPMENT]


def progressed_between(enrolments, start: datetime.date, end: datetime.date):
    return enrolments.filter(status=Status.PROGRESSED, progressed_on__gte=start, progressed_on__lte=end)


def in_development_between(enrolments, start: datetime.date, end: datetime.date):
    mentored = MentorAssignment.objects.filter(enrolment=OuterRef("pk"), started_on__lte=end)
    still_open = Q(status__in=Enrolment.OPEN) | Q(status_changed_on__gte=start)
    return enrolments.filter(Exists(mentored)).filter(still_open)


@dataclass
class Pipeline:
    nominated: int = 0
    in_development: int = 0
    ready: int = 0
    progressed_this_year: int = 0
    median_days: float | None = None  # nomination to progression, every progression on record


def year_start(today: datetime.date) -> datetime.date:
    return today.replace(month=1, day=1)


def pipelines(enrolments, pathway_ids, today: datetime.date) -> dict[int, Pipeline]:
    """{pathway id: Pipeline} over `enrolments` (already scoped to the reader): one grouped query
    for the counts and one for the progressions' durations, however many pathways or people."""
    since = year_start(today)
    rows = (
        enrolments.filter(pathway_id__in=pathway_ids)
        .order_by()
        .values("pathway_id")
        .annotate(
            nominated=Count("pk", filter=Q(status=Status.NOMINATED)),
            in_development=Count("pk", filter=Q(status__in=IN_DEVELOPMENT)),
            ready=Count("pk", filter=Q(status=Status.READY)),
            progressed_this_year=Count(
                "pk", filter=Q(status=Status.PROGRESSED, progressed_on__gte=since, progressed_on__lte=today)
            ),
        )
    )
    found = {pk: Pipeline() for pk in pathway_ids}
    for row in rows:
        pathway_id = row.pop("pathway_id")
        found[pathway_id] = Pipeline(**row)
    durations: dict[int, list[int]] = {}
    progressed = enrolments.filter(pathway_id__in=pathway_ids, status=Status.PROGRESSED).exclude(
        progressed_on=None
    )
    for pathway_id, nominated_on, progressed_on in progressed.values_list(
        "pathway_id", "nominated_on", "progressed_on"
    ):
        durations.setdefault(pathway_id, []).append((progressed_on - nominated_on).days)
    for pathway_id, days in durations.items():
        found[pathway_id].median_days = statistics.median(days)
    return found


def pathway_pipeline(pathway: CareerPathway, enrolments, today: datetime.date) -> Pipeline:
    return pipelines(enrolments, [pathway.pk], today)[pathway.pk]
