"""Succession: for each job role that is a stage of an active pathway, who holds it (incumbents:
staff in post in that role) and who could step in (open enrolments aiming at it), by readiness.

A role is at risk where nobody is ready within a year: across the whole selection (no one ready
now or within a year anywhere), and place by place, where "place" is each unit directly below
the chosen one (regions for the whole organisation, homes for a region; `indicators.unit_groups`,
as the compliance summary groups its columns): a place where the role has incumbents but no
candidate ready now or within a year. The organisation has no posts (establishment) model, so a
role's presence in a place is read from its incumbents.

`build(user, unit)` scopes everything to what `user` may see (StaffMember and Enrolment
`visible_to`); `user=None` is the whole organisation, for board reports. It costs the same
handful of queries however many roles, people and candidates there are: one per kind of read,
never one per role or person.

The page names the first `CANDIDATES_SHOWN` candidates of each role and readiness (a window,
filtered on: a large trust's candidates by the thousand were most of its 325 KB) with counts
always whole; the rest of a readiness are one "show all" away (`opened`), and the export and the
board report name them all (`candidates_shown=None`, the default).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.urls import NoReverseMatch

from pathways.models import Enrolment, PathwayStage, Readiness
from workforce import indicators
from workforce.first_of_each import by_name, first_of_each, first_of_listed
from workforce.models import JobRole, OrgUnit, StaffMember
from workforce.url_patterns import UrlPattern

# "Ready within a year" means ready now or within 1 year: the successors a role can count on.
READY_SOON = (Readiness.READY_NOW, Readiness.WITHIN_1_YEAR)
NOT_JUDGED = ""
READINESS_COLUMNS = [*Readiness.choices, (NOT_JUDGED, "Not judged yet")]
NOT_JUDGED_KEY = "not-judged"
# Incumbents named per role; the count is always whole. A pathway through a large role (care
# assistants) would otherwise list thousands of names nobody reads on this page.
NAMES_SHOWN = 30
# Candidates named per role and readiness on the page; their counts are always whole.
CANDIDATES_SHOWN = 10


def candidate_url(enrolment: Enrolment) -> str | None:
    """The candidate page (the plan part's `pathways:candidate`); None while it does not exist,
    so this page shows names without links rather than failing."""
    try:
        return enrolment.get_absolute_url()
    except NoReverseMatch:
        return None


@dataclass
class Place:
    """A unit directly below the chosen one (or the chosen unit itself, for people working there)."""

    path: str
    label: str
    incumbents: int = 0
    candidates: int = 0
    ready_soon: int = 0

    @property
    def at_risk(self) -> bool:
        return self.incumbents > 0 and self.ready_soon == 0


@dataclass
class ReadinessGroup:
    value: str
    label: str
    candidates: list[Enrolment] = field(default_factory=list)  # all, or the first CANDIDATES_SHOWN
    count: int = 0  # always whole

    @property
    def more(self) -> int:
        return self.count - len(self.candidates)

    @property
    def key(self) -> str:
        """The readiness in URLs and ids ("Not judged yet" is the empty value)."""
        return self.value or NOT_JUDGED_KEY

    @property
    def is_ready_soon(self) -> bool:
        return self.value in READY_SOON


@dataclass
class RoleSuccession:
    role: JobRole
    pathways: list[str]
    incumbent_count: int = 0
    incumbents: list[StaffMember] = field(default_factory=list)  # the first NAMES_SHOWN, by name
    readiness: list[ReadinessGroup] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    @property
    def candidate_count(self) -> int:
        return sum(group.count for group in self.readiness)

    @property
    def ready_soon(self) -> int:
        return sum(group.count for group in self.readiness if group.is_ready_soon)

    @property
    def no_one_ready(self) -> bool:
        return self.ready_soon == 0

    @property
    def risk_places(self) -> list[Place]:
        return [place for place in self.places if place.at_risk]

    @property
    def at_risk(self) -> bool:
        return self.no_one_ready or bool(self.risk_places)

    @property
    def occupied_places(self) -> list[Place]:
        return [place for place in self.places if place.incumbents or place.candidates]

    @property
    def more_incumbents(self) -> int:
        return self.incumbent_count - len(self.incumbents)


@dataclass
class Succession:
    unit: OrgUnit | None
    on: datetime.date
    roles: list[RoleSuccession]

    @property
    def at_risk(self) -> list[RoleSuccession]:
        return [entry for entry in self.roles if entry.at_risk]


def readiness_value(key: str | None) -> str | None:
    """The readiness value a group's `key` stands for; None for anything else."""
    values = {ReadinessGroup(value, label).key: value for value, label in READINESS_COLUMNS}
    return values.get(key)


def succession_stages(role_id: int | None = None):
    """Stages of active pathways with their roles, lowest rung first (the ladder's order); those
    to `role_id` only when given."""
    stages = PathwayStage.objects.filter(pathway__is_active=True)
    if role_id is not None:
        stages = stages.filter(job_role_id=role_id)
    return stages.select_related("job_role", "pathway").order_by(
        "position", "job_role__title", "pathway__name"
    )


def incumbents(user, unit: OrgUnit | None, on: datetime.date):
    """Staff in post on `on`, within `unit` and below, that `user` sees (everyone for None)."""
    staff = StaffMember.objects.in_post(on)
    if user is not None:
        staff = staff.visible_to(user)
    if unit is not None:
        staff = staff.filter(org_unit__path__startswith=unit.path)
    return staff


def candidates(user, unit: OrgUnit | None):
    """Open enrolments (nominated to ready) that `user` may read, of people within `unit`."""
    enrolments = Enrolment.objects.open()
    if user is not None:
        enrolments = enrolments.visible_to(user)
    if unit is not None:
        enrolments = enrolments.filter(staff_member__org_unit__path__startswith=unit.path)
    return enrolments


def build(
    user,
    unit: OrgUnit | None = None,
    on: datetime.date | None = None,
    *,
    role_id: int | None = None,
    candidates_shown: int | None = None,
    opened: tuple[int, str] | None = None,
) -> Succession:
    """The succession of every role on an active pathway (or of `role_id` only), naming every
    candidate, or with `candidates_shown` the first of each role and readiness but those of
    `opened`, a (role id, readiness value) whose "show all" was followed."""
    on = on or datetime.date.today()
    entries: dict[int, RoleSuccession] = {}
    for stage in succession_stages(role_id):
        entry = entries.get(stage.job_role_id)
        if entry is None:
            entry = entries[stage.job_role_id] = RoleSuccession(stage.job_role, [])
        entry.pathways.append(stage.pathway.name)
    role_ids = list(entries)
    labels, width = indicators.unit_groups(unit)
    place = Substr("org_unit__path", 1, width)

    def places_of(entry):
        if not entry.places:
            entry.places = [Place(path, label) for path, label in labels.items()]
        return {p.path: p for p in entry.places}

    staff = incumbents(user, unit, on).filter(job_role_id__in=role_ids)
    counted = staff.order_by().values("job_role_id", place=place).annotate(n=Count("pk"))
    for row in counted:
        entry = entries[row["job_role_id"]]
        entry.incumbent_count += row["n"]
        found = places_of(entry).get(row["place"])
        if found is not None:
            found.incumbents += row["n"]
    # The first NAMES_SHOWN of each role by name, in one query, as counted just now: every one of
    # a role with no more, and a role with more its first few by name (first_of_listed: the
    # roles are a handful), rather than a window ranking every incumbent of every role (13 ms at
    # 15,000 staff). A role nobody holds is not asked about at all.
    few = [pk for pk, entry in entries.items() if 0 < entry.incumbent_count <= NAMES_SHOWN]
    many = [pk for pk, entry in entries.items() if entry.incumbent_count > NAMES_SHOWN]
    first = Q(job_role_id__in=few) | first_of_listed(staff, "job_role_id", many, by_name(), NAMES_SHOWN)
    named = staff.filter(first).select_related("org_unit").order_by("last_name", "first_name", "pk")
    for person in named:
        entries[person.job_role_id].incumbents.append(person)

    for entry in entries.values():
        entry.readiness = [ReadinessGroup(value, label) for value, label in READINESS_COLUMNS]
    columns = {value: index for index, (value, _) in enumerate(READINESS_COLUMNS)}
    aiming = candidates(user, unit).filter(target_stage__job_role_id__in=role_ids)
    # Counted whole in one grouped query, so naming only some of them changes no figure.
    counted = (
        aiming.order_by()
        .values(
            "target_stage__job_role_id", "readiness", place=Substr("staff_member__org_unit__path", 1, width)
        )
        .annotate(n=Count("pk"))
    )
    for row in counted:
        entry = entries[row["target_stage__job_role_id"]]
        entry.readiness[columns.get(row["readiness"], columns[NOT_JUDGED])].count += row["n"]
        found = places_of(entry).get(row["place"])
        if found is not None:
            found.candidates += row["n"]
            if row["readiness"] in READY_SOON:
                found.ready_soon += row["n"]
    named = aiming.select_related("staff_member__org_unit", "pathway").order_by(
        "staff_member__last_name", "staff_member__first_name", "pk"
    )
    if candidates_shown is not None:
        # The first of each role and readiness by name, in one query (a window, filtered on: a
        # role's readinesses are too many for a LIMIT each, as its incumbents have above). The
        # rows are read by id alone: the scope and status again, around the ids already
        # chosen within them, only made the read slower.
        also = Q(target_stage__job_role_id=opened[0], readiness=opened[1]) if opened is not None else None
        groups = ["target_stage__job_role_id", "readiness"]
        first = first_of_each(aiming, groups, by_name("staff_member__"), candidates_shown, also).values("pk")
        named = Enrolment.objects.filter(pk__in=first).select_related("staff_member__org_unit", "pathway")
        named = named.order_by("staff_member__last_name", "staff_member__first_name", "pk")
    # Reversed once, filled in per candidate: reverse() per row was most of the loop's time.
    candidate_page = UrlPattern("pathways:candidate")
    for enrolment in named.annotate(role_id=F("target_stage__job_role_id")):
        enrolment.url = candidate_page(enrolment.pk)
        entry = entries[enrolment.role_id]
        entry.readiness[columns.get(enrolment.readiness, columns[NOT_JUDGED])].candidates.append(enrolment)
    for entry in entries.values():
        places_of(entry)  # every role lists every place, even where it has nobody
    return Succession(unit, on, list(entries.values()))


# --- the export ----------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Job role",
    "Band",
    "Role at risk",
    "Person",
    "Assignment number",
    "Unit",
    "Incumbent or candidate",
    "Readiness",
    "Pathway",
    "Status",
    "Nominated on",
]


def _rows(succession: Succession, people: dict[int, list[StaffMember]]):
    for entry in succession.roles:
        role = entry.role
        risk = _risk_words(entry)
        for person in people.get(role.pk, entry.incumbents):
            yield [
                role.title,
                role.get_pay_band_display(),
                risk,
                person.full_name,
                person.assignment_number,
                person.org_unit.name if person.org_unit else "",
                "Incumbent",
                "",
                "",
                "In post",
                None,
            ]
        for group in entry.readiness:
            for enrolment in group.candidates:
                person = enrolment.staff_member
                yield [
                    role.title,
                    role.get_pay_band_display(),
                    risk,
                    person.full_name,
                    person.assignment_number,
                    person.org_unit.name if person.org_unit else "",
                    "Candidate",
                    group.label,
                    enrolment.pathway.name,
                    enrolment.get_status_display(),
                    enrolment.nominated_on,
                ]


def _risk_words(entry: RoleSuccession) -> str:
    if entry.no_one_ready:
        return "Yes: no one ready within a year"
    if entry.risk_places:
        return "Yes: no one ready within a year in " + ", ".join(p.label for p in entry.risk_places)
    return "No"


def all_incumbents(user, succession: Succession) -> dict[int, list[StaffMember]]:
    """Every incumbent of the succession's roles (the export lists them all): one query."""
    people: dict[int, list[StaffMember]] = defaultdict(list)
    role_ids = [entry.role.pk for entry in succession.roles]
    staff = (
        incumbents(user, succession.unit, succession.on)
        .filter(job_role_id__in=role_ids)
        .select_related("org_unit")
        .order_by("last_name", "first_name", "pk")
    )
    for person in staff:
        people[person.job_role_id].append(person)
    return people


def export_table(user, succession: Succession):
    """(headers, rows) for the CSV and XLSX downloads."""
    return EXPORT_HEADERS, list(_rows(succession, all_incumbents(user, succession)))
