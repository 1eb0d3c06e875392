"""Demo action plans: one of each layout, imported from `demo_data/` the way a user would, then
given a life: dated progress updates with RAG, scored risks, milestones done, owners, due dates
around today (some overdue, some due soon) and dependencies.

`load(core=None, stdout=None)` is the `workforce.demo` extension point (`load_demo` finds it);
it can also be called on its own. Idempotent: a plan whose title already exists is left alone,
so a second run writes nothing. Dates count from `core.today` (the first of this month).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model

from actionplans.models import Action, ActionPlan, Milestone, Output, ProgressUpdate, Risk
from actionplans.spreadsheets.owners import every_proposal
from actionplans.spreadsheets.parse import month_end, split_owners
from actionplans.spreadsheets.save import import_plan, read_plan
from workforce.models import StaffMember, add_months

DEMO_DATA = Path(__file__).parent / "demo_data"
PLAN_FILES = ["action_plan_layout_a.xlsx", "action_plan_layout_b.xlsx"]

# Layout A outputs, "action number + letter": (months from this month to the due month, or None
# to keep the written timeframe), milestones done (by position), [(days ago, note, RAG)].
OUTPUT_STORY = {
    "1.1.1a": (
        -2,
        [0],
        [
            (160, "Survey drafted with two Home Managers", "green"),
            (95, "Survey sent; 9 of 20 homes returned it", "amber"),
            (40, "South region returns still missing; map delayed", "red"),
        ],
    ),
    "1.1.2a": (
        -5,
        [0, 1, 2],
        [(150, "Draft profile shared", "green"), (120, "Approved at people committee", "complete")],
    ),
    "1.1.2b": (
        0,
        [0],
        [(60, "Nominations open in all regions", "green"), (20, "6 nominated; north region slow", "amber")],
    ),
    "2.1.1a": (3, [0], [(75, "Compliance at 74%", "amber"), (25, "Compliance at 78%", "green")]),
    "2.1.1b": (16, [], []),
}
# Risk scores (likelihood, impact) in the order the plan lists its risks; cycled.
RISK_SCORES = [(4, 4), (3, 5), (2, 3), (4, 3), (3, 3), (5, 4), (2, 2), (3, 4)]
MITIGATIONS = [
    "Home Managers chased at the monthly managers' meeting.",
    "Bank Home Trainers cover homes without one.",
    "Regional Training Officers nominate from every home.",
]
# Layout B actions, by their first words: (months to due, [(days ago, note, RAG)]).
THEME_STORY = {
    "run taster days": (
        -1,
        [
            (70, "First taster day held with Northshire College", "green"),
            (30, "Second college has not confirmed a date", "red"),
        ],
    ),
    "offer pre-employment": (4, [(45, "Community partner agreed; first cohort recruiting", "green")]),
    "support care assistants": (9, [(20, "14 apprentices started this year", "amber")]),
}


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _importer(core):
    """The L&D manager's login: the demo's imports and updates are theirs."""
    person = core.people.get("ld") if core is not None else None
    if person is not None and person.user_id:
        return person.user
    return get_user_model().objects.filter(groups__name="L&D manager").order_by("pk").first()


def load(core=None, stdout=None) -> list[ActionPlan]:
    """Import the demo plans that are not there yet and give them a history; returns the new plans."""
    today = core.today if core is not None else datetime.date.today().replace(day=1)
    user = _importer(core)
    created = []
    for filename in PLAN_FILES:
        parsed = read_plan(DEMO_DATA / filename, filename)
        if parsed.errors:
            raise RuntimeError(f"Demo plan {filename} does not import: {parsed.errors}")
        if ActionPlan.objects.filter(title=parsed.title).exists():
            _say(stdout, f"Action plan already loaded: {parsed.title}")
            continue
        # The demo stands in for an editor who confirms every proposed owner in the preview.
        plan = import_plan(
            parsed, user=user, owners=every_proposal(parsed), today=today - datetime.timedelta(days=10)
        )
        _map_initials(plan, core)
        if plan.layout == ActionPlan.Layout.PRIORITIES:
            _tell_layout_a(plan, today, user, core)
        else:
            _tell_layout_b(plan, today, user, core)
        created.append(plan)
        _say(stdout, f"Action plan loaded: {plan} ({plan.actions.count()} actions)")
    if core is not None and created:
        core.count_created(ActionPlan, len(created))
    return created


def _map_initials(plan: ActionPlan, core) -> None:
    """What an editor does after an import: give unmatched initials to the demo people who have them."""
    people = list(core.people.values()) if core is not None else []
    for output in Output.objects.filter(action__plan=plan).prefetch_related("owners"):
        owners = {owner.initials for owner in output.owners.all()}
        written = split_owners(output.responsibility)
        for person in people:
            if person.initials in written and person.initials not in owners:
                output.owners.add(person)


def _due(today: datetime.date, months: int) -> tuple[str, datetime.date]:
    day = add_months(today, months)
    return f"{day:%B %Y}", month_end(day.year, day.month)


def _history(target, action, story, today, user) -> None:
    for days_ago, note, rag in story:
        ProgressUpdate.objects.create(
            action=action,
            output=target if isinstance(target, Output) else None,
            date=today - datetime.timedelta(days=days_ago),
            note=note,
            rag=rag,
            author=user,
        )


def _tell_layout_a(plan: ActionPlan, today: datetime.date, user, core) -> None:
    outputs = Output.objects.filter(action__plan=plan).select_related("action")
    for output in outputs:
        story = OUTPUT_STORY.get(f"{output.action.number}{output.letter}")
        if story is None:
            continue
        months, done, updates = story
        output.timeframe, output.due_date = _due(today, months)
        output.save()
        for position, milestone in enumerate(output.milestones.order_by("position", "pk")):
            if position in done:
                finished = min(output.due_date, today) - datetime.timedelta(days=14 * (len(done) - position))
                milestone.completed_on = finished
            milestone.due_date = milestone.due_date or output.due_date
            milestone.save()
        _history(output, output.action, updates, today, user)
    for action in Action.objects.filter(plan=plan).prefetch_related("outputs"):
        # As the importer does: an action is due when its last output is.
        dates = [output.due_date for output in action.outputs.all() if output.due_date]
        action.due_date = max(dates) if dates else None
        action.save()
    owner = core.people.get("owner") if core is not None else None
    for index, risk in enumerate(
        Risk.objects.filter(action__plan=plan).order_by("action__position", "position")
    ):
        risk.likelihood, risk.impact = RISK_SCORES[index % len(RISK_SCORES)]
        risk.mitigation = MITIGATIONS[index % len(MITIGATIONS)] if index % 2 == 0 else ""
        risk.owner = owner if index % 3 == 0 else None
        risk.save()
    by_number = {action.number: action for action in Action.objects.filter(plan=plan)}
    if "1.2.1" in by_number and "1.1.2" in by_number:
        # Mentors can only be named once the Link Trainers are in post.
        by_number["1.2.1"].dependencies.add(by_number["1.1.2"])


def _tell_layout_b(plan: ActionPlan, today: datetime.date, user, core) -> None:
    owners = [core.people.get("gf"), core.people.get("owner")] if core is not None else []
    owners = [person for person in owners if isinstance(person, StaffMember)]
    for index, action in enumerate(Action.objects.filter(plan=plan).order_by("position")):
        story = next(
            (value for key, value in THEME_STORY.items() if action.description.startswith(key)), None
        )
        if owners:
            action.owners.add(owners[index % len(owners)])
        if story is None:
            continue
        months, updates = story
        action.timeframe, action.due_date = _due(today, months)
        action.status = Action.Status.IN_PROGRESS
        action.save()
        Milestone.objects.create(
            action=action, description="Agree dates with partners", due_date=action.due_date
        )
        _history(action, action, updates, today, user)
    _overdue_for_the_owner(plan, today, core)


def _overdue_for_the_owner(plan: ActionPlan, today: datetime.date, core) -> None:
    """The demo action owner's day starts on the home page with something overdue: the first
    action without a story is theirs, was due last month and has not started, and nobody has
    reported on it, so it shows "Red: Overdue, not started"."""
    owner = core.people.get("owner") if core is not None else None
    if not isinstance(owner, StaffMember):
        return
    quiet = Action.objects.filter(plan=plan, progress_updates__isnull=True).order_by("position", "pk").first()
    if quiet is None:
        return
    quiet.owners.add(owner)
    quiet.timeframe, quiet.due_date = _due(today, -1)
    quiet.status = Action.Status.NOT_STARTED
    quiet.save()
