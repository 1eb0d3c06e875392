"""Demo traineeships (traineeships/demo_data.py has the tables): the Lived Experience Traineeship
with three intakes (the first finished with outcomes and feedback, its unsuccessful applicants
anonymised by a retention run; the second in placement, with a broken-down placement, an overdue
quarterly meeting and two confidential plans; the third recruiting, someone at every stage), a work
experience fortnight with Northshire College, and a pre-employment cohort with The Prince's Trust.

Two logins of their own, without a role (they see trainees through their placements, the scope
rule): `supervisor`, a Senior Care Assistant at the demo manager's home supervising the second
intake's trainees placed there (one after her first placement broke down) and pre-employment
trainees, and `coach`, a care worker in another home, life coach to three of the second
intake: the one whose placement broke down, one overdue for a quarterly meeting, one more.

`load(core)` is the `workforce.demo` extension point. Rows are written directly and in bulk, dated
as the story happened (months from `core.today`); the use cases (stage moves, placing, retention)
date things today. Idempotent: programmes and intakes are upserted by name, and an intake's people
are written once, when it has no applicants yet; the retention run happens once. Equality answers
come from `core.random("traineeships")`, varied enough that small cells are suppressed.
"""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from traineeships import demo_trainees, retention
from traineeships.demo_data import (
    HEARD_VIA,
    INTAKES,
    PARTNERS,
    PROGRAMMES,
    REFERRERS,
    STAGE_NOTES,
    IntakePlan,
)
from traineeships.models import (
    FUNNEL,
    Applicant,
    EqualityMonitoring,
    Intake,
    PartnerOrganisation,
    PreEmploymentCheck,
    Programme,
    RetentionRun,
    Stage,
    StageChange,
)
from workforce.demo.base import NO_ROLE
from workforce.demo.data import FIRST_NAMES, LAST_NAMES
from workforce.training import add_months

DAY = datetime.timedelta(days=1)
EM = EqualityMonitoring
CHECK = PreEmploymentCheck
RETENTION_BY = "Demo data"
LOGINS = ("supervisor", "coach")


def load(core) -> None:
    rng = core.random("traineeships")
    cast = _cast(core)
    partners = {name: core.upsert(PartnerOrganisation, {"name": name}, {})[0] for name in PARTNERS}
    first_name_number = 0  # each intake's applicants have names of their own, the same every run
    for plan in INTAKES:
        intake = _intake(core, partners, plan)
        names = itertools.count(first_name_number)
        first_name_number += sum(count for count, _, _ in plan.applicants)
        if intake.applicants.exists():
            continue
        applicants = _recruit(core, rng, intake, plan, names, cast)
        trainees = demo_trainees.start(core, intake, [a for a in applicants if a.stage == Stage.STARTED])
        demo_trainees.place(core, intake, plan, trainees, cast)
    # The first intake's unsuccessful and withdrawn applicants are past retention: anonymised once.
    if not RetentionRun.objects.filter(triggered_by=RETENTION_BY).exists():
        retention.anonymise(triggered_by=RETENTION_BY, today=core.today)
        core.count_created(RetentionRun, 1)
    core.ensure_login(
        "supervisor", NO_ROLE, cast["supervisor"], described_as="Placement supervisor (no role)"
    )
    core.ensure_login("coach", NO_ROLE, cast["coach"], described_as="Life coach (no role)")


# --- people -------------------------------------------------------------------------------------


def _cast(core) -> dict:
    """Who supervises, coaches and manages the placements: staff of the core demo."""
    manager = core.people["manager"]
    home = manager.org_unit
    others = [h for h in core.homes if h.pk != home.pk][:4]

    # The demo's own logins may be linked already (a second run); nobody else's login is taken.
    ours = set(get_user_model().objects.filter(username__in=LOGINS).values_list("pk", flat=True))

    def first(title, unit, *, any_login=False):
        """The first `title` in `unit` (else a Care Assistant), not someone with another login."""
        free = [p for p in core.staff_in(unit) if any_login or p.user_id is None or p.user_id in ours]
        for wanted in (title, "Care Assistant"):
            people = [p for p in free if p.job_role_id == core.job_roles[wanted].pk]
            if people:
                return people[0]
        return free[0]

    coaches = [first("Activities Coordinator", unit) for unit in others]
    return {
        "ld": core.people["ld"].user,
        "home": home,
        "others": others,
        "supervisor": first("Senior Care Assistant", home),
        "coach": coaches[0],
        "coaches": coaches,
        "supervisors": {unit.pk: first("Senior Care Assistant", unit) for unit in [home, *others]},
        "managers": {unit.pk: first("Home Manager", unit, any_login=True) for unit in [home, *others]},
    }


# --- programmes and intakes ------------------------------------------------------------------------


def _intake(core, partners, plan: IntakePlan) -> Intake:
    spec = PROGRAMMES[plan.programme]
    coordinator = core.people["ld"]
    programme, _ = core.upsert(
        Programme,
        {"name": plan.programme},
        {k: v for k, v in spec.items() if k != "partners"} | {"coordinator": coordinator},
    )
    programme.partners.set([partners[name] for name in spec["partners"]])
    month = lambda n: add_months(core.today, n)  # noqa: E731
    intake, _ = core.upsert(
        Intake,
        {"programme": programme, "name": plan.name},
        {
            "recruitment_opens_on": month(plan.opens),
            "recruitment_closes_on": month(plan.closes),
            "starts_on": month(plan.starts),
            "ends_on": month(plan.ends) + plan.ends_days * DAY,
            "places": plan.places,
            "status": plan.status,
        },
        history_date=demo_trainees.at(month(plan.opens) - 14 * DAY),
    )
    return intake


# --- recruitment ----------------------------------------------------------------------------------


def _path(furthest: str, closed: str) -> list[str]:
    return FUNNEL[: FUNNEL.index(furthest) + 1] + ([closed] if closed else [])


def _dates(intake: Intake, steps: list[str], today: datetime.date) -> list[datetime.date]:
    """Steps spread over recruitment (up to yesterday for an intake still recruiting); the start on
    the intake's first day."""
    first = intake.recruitment_opens_on
    last = min(intake.recruitment_closes_on, today - DAY)
    span = (last - first).days
    return [
        intake.starts_on
        if step == Stage.STARTED
        else first + datetime.timedelta(days=span * (i + 1) // (len(steps) + 1))
        for i, step in enumerate(steps)
    ]


def _equality(rng, applicant, lived_experience_likely: bool) -> EqualityMonitoring:
    pick = lambda weights: rng.choices(list(weights), list(weights.values()))[0]  # noqa: E731
    return EqualityMonitoring(
        applicant=applicant,
        age_band=pick(
            {
                EM.AgeBand.AGE_18_24: 5,
                EM.AgeBand.AGE_25_34: 6,
                EM.AgeBand.AGE_35_49: 4,
                EM.AgeBand.AGE_50_64: 2,
                EM.AgeBand.PREFER_NOT_TO_SAY: 1,
            }
        ),
        sex=pick({EM.Sex.FEMALE: 6, EM.Sex.MALE: 5, EM.Sex.PREFER_NOT_TO_SAY: 1}),
        ethnicity=pick(
            {
                EM.Ethnicity.WHITE: 10,
                EM.Ethnicity.BLACK: 3,
                EM.Ethnicity.ASIAN: 3,
                EM.Ethnicity.MIXED: 2,
                EM.Ethnicity.OTHER: 1,
                EM.Ethnicity.PREFER_NOT_TO_SAY: 1,
            }
        ),
        disability=pick({EM.YesNo.YES: 3, EM.YesNo.NO: 8, EM.YesNo.PREFER_NOT_TO_SAY: 1}),
        lived_experience=pick(
            {EM.YesNo.YES: 8 if lived_experience_likely else 1, EM.YesNo.NO: 3, EM.YesNo.PREFER_NOT_TO_SAY: 1}
        ),
    )


def _recruit(core, rng, intake: Intake, plan: IntakePlan, names, cast) -> list[Applicant]:
    people, trails = [], []
    for count, furthest, closed in plan.applicants:
        for _ in range(count):
            n = next(names)
            first, last = FIRST_NAMES[(n * 7) % len(FIRST_NAMES)], LAST_NAMES[(n * 11 + 3) % len(LAST_NAMES)]
            steps = _path(furthest, closed)
            dates = _dates(intake, steps, core.today)
            heard = HEARD_VIA[n % len(HEARD_VIA)]
            people.append(
                Applicant(
                    intake=intake,
                    first_name=first,
                    last_name=last,
                    # Every seventh has no email address: their letters are printed and posted.
                    email="" if n % 7 == 3 else f"{first}.{last}@example.org".lower().replace("'", ""),
                    phone=f"07700 9{n:05d}",
                    address=f"{10 + n} Mill Lane\nNorthshire\nNS{1 + n % 9} {n % 10}AB",
                    heard_via=heard,
                    referred_by=REFERRERS[n % len(REFERRERS)] if heard == "service_referral" else "",
                    stage=steps[-1],
                    stage_changed_on=dates[-1],
                    closing_reason=STAGE_NOTES[closed] if closed else "",
                )
            )
            trails.append(list(zip(steps, dates, strict=True)))
    people = bulk_create_with_history(
        people, Applicant, default_date=demo_trainees.at(intake.recruitment_opens_on)
    )
    core.count_created(Applicant, len(people))
    StageChange.objects.bulk_create(
        StageChange(
            applicant=person, stage=stage, on=on, note=STAGE_NOTES.get(stage, ""), recorded_by=cast["ld"]
        )
        for person, trail in zip(people, trails, strict=True)
        for stage, on in trail
    )
    lived = intake.programme.kind == Programme.Kind.SERVICE_USER_TRAINEESHIP
    EqualityMonitoring.objects.bulk_create(_equality(rng, person, lived) for person in people)
    _checks(core, intake, people, trails, cast, override=plan.key == "placement")
    return people


def _checks(core, intake, people, trails, cast, *, override: bool) -> None:
    """Checks for everyone who reached them: cleared for those who started (one started on the L&D
    manager's override while the DBS check was outstanding); mixed for those waiting now."""
    checks, overridden = [], None
    waiting = itertools.cycle(
        [
            {
                CHECK.Kind.DBS: "requested",
                CHECK.Kind.REFERENCE_1: "cleared",
                CHECK.Kind.RIGHT_TO_WORK: "cleared",
            },
            {CHECK.Kind.REFERENCE_1: "cleared", CHECK.Kind.REFERENCE_2: "concern"},
            {
                CHECK.Kind.DBS: "cleared",
                CHECK.Kind.REFERENCE_1: "requested",
                CHECK.Kind.REFERENCE_2: "requested",
            },
        ]
    )
    for person, trail in zip(people, trails, strict=True):
        reached = [stage for stage, _ in trail]
        if Stage.CHECKS not in reached:
            continue
        checks_on = dict(trail)[Stage.CHECKS]
        started = person.stage == Stage.STARTED
        statuses = {} if started else next(waiting)
        if started and override and overridden is None:
            overridden = person
            statuses = {CHECK.Kind.DBS: "requested"}
        for kind in CHECK.Kind.values:
            status = statuses.get(kind, "cleared" if started else "not_started")
            checks.append(
                CHECK(
                    applicant=person,
                    kind=kind,
                    status=status,
                    status_on=None if status == "not_started" else checks_on + 7 * DAY,
                )
            )
    bulk_create_with_history(checks, CHECK, default_date=demo_trainees.at(intake.recruitment_closes_on))
    core.count_created(CHECK, len(checks))
    if overridden is not None:
        Applicant.objects.filter(pk=overridden.pk).update(
            checks_override_reason="DBS applied for and references cleared; starts on supervised shifts only "
            "until the DBS certificate arrives.",
            checks_override_by=cast["ld"],
            checks_override_on=intake.starts_on - 2 * DAY,
        )
