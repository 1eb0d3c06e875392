"""The core's pages (home, staff, training) and the action plans'."""

from __future__ import annotations

import datetime

from bench.pages import Page


def finished_import_run(user) -> list:
    """A staff import run that failed listing 500 rows: the run page at its heaviest."""
    from workforce.runs import BackgroundRun

    rows = [[n, "Sam Smith", "Email", "'x' is not a valid email address.", "x"] for n in range(2, 502)]
    run = BackgroundRun.objects.create(
        kind="workforce.staff_import",
        requested_by=user,
        status=BackgroundRun.Status.FAILED,
        error="Checked again before saving, the file now has problems. Nothing was saved.",
        result={"problems": {"caption": "Problems in the file", "columns": ["Row"] * 5, "rows": rows}},
        input={"filename": "staff.csv"},
    )
    return [run.pk]


BENCH_PLAN = "Bench action plan"


def owner_with_actions(user) -> list:
    """A plan of 500 actions, 60 of them the owner's, due from 60 days ago to 60 days ahead: the
    home page's "My actions" panel at its heaviest (it lists at most 10). Made once."""
    from actionplans.models import Action, ActionPlan, Priority
    from workforce.permissions import own_staff_record

    me = own_staff_record(user)
    if me is None or ActionPlan.objects.filter(title=BENCH_PLAN).exists():
        return []
    today = datetime.date.today()
    plan = ActionPlan.objects.create(title=BENCH_PLAN)
    priority = Priority.objects.create(plan=plan, number="1", title="Bench priority")
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            priority=priority,
            number=f"1.{n}",
            description=f"Bench action {n}",
            due_date=today + datetime.timedelta(days=n % 121 - 60),
            position=n,
        )
        for n in range(500)
    )
    Action.owners.through.objects.bulk_create(
        Action.owners.through(action_id=action.pk, staffmember_id=me.pk) for action in actions[::8]
    )
    return []


def bench_plan(user) -> list:
    """The 500-action plan made for the action owner's home page (the owner's page comes first)."""
    from actionplans.models import ActionPlan

    plan = ActionPlan.objects.filter(title=BENCH_PLAN).first()
    if plan is None:
        raise LookupError("no bench plan (the action owner has no staff record at this size)")
    return [plan.pk]


def bench_priority(user) -> list:
    """The bench plan and its priority (all 500 actions): the fragment the collapsed plan page
    loads when the priority is opened (its first page of actions)."""
    from actionplans.models import Priority

    plan_pk = bench_plan(user)[0]
    return [plan_pk, Priority.objects.filter(plan_id=plan_pk).values_list("pk", flat=True).first()]


def bench_open_priority(user) -> str:
    """The plan page with its priority open, as a browser without JavaScript asks for it."""
    return f"open={bench_priority(user)[1]}"


def bench_action(user) -> list:
    """An action of the bench plan, with 20 progress updates, 5 milestones and 3 risks: the
    action page at a realistic weight. Made once."""
    from actionplans.models import Action, Milestone, ProgressUpdate, Risk

    action = Action.objects.filter(plan_id=bench_plan(user)[0]).order_by("position").first()
    if not action.progress_updates.exists():
        today = datetime.date.today()
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(action=action, date=today - datetime.timedelta(days=7 * n), note=f"Update {n}")
            for n in range(20)
        )
        Milestone.objects.bulk_create(
            Milestone(
                action=action, description=f"Milestone {n}", due_date=today + datetime.timedelta(days=30 * n)
            )
            for n in range(5)
        )
        for n in range(3):  # saved one by one: save() works out the score
            Risk.objects.create(action=action, description=f"Risk {n}", likelihood=3, impact=n + 2)
    return [action.pk]


def remembered_names(user) -> list:
    """One remembered responsibility name per 50 staff in post (300 at 15,000): the list page's
    data grows with the organisation. Returns no URL args (the page is a list)."""
    from actionplans.models import ResponsibilityMapping
    from workforce.models import StaffMember

    people = StaffMember.objects.in_post().exclude(responsibility_mappings__isnull=False).order_by("pk")
    wanted = StaffMember.objects.in_post().count() // 50 - ResponsibilityMapping.objects.count()
    ResponsibilityMapping.objects.bulk_create(
        ResponsibilityMapping(token=f"T{p.pk}", written=f"T{p.pk}", staff_member=p, confirmed_by=user)
        for p in people[: max(wanted, 0)]
    )
    return []


def training_requirements(user) -> list:
    """Every statutory/mandatory course required of everyone, unless the generated data already
    requires some: the compliance pages then have a column per course. Returns no URL args."""
    from workforce.models import Course, TrainingRequirement

    if not TrainingRequirement.objects.exists():
        TrainingRequirement.objects.bulk_create(
            TrainingRequirement(course=course)
            for course in Course.objects.filter(kind=Course.Kind.STATUTORY_MANDATORY, is_archived=False)
        )
    return []


def bench_managers_home(user) -> str:
    """The query listing the bench Home Manager's home on the session page (its staff to tick)."""
    from workforce.models import StaffMember

    home = StaffMember.objects.filter(user__username="bench-manager").values_list("org_unit_id", flat=True)
    return f"unit={home.first()}"


def audit_query(user) -> str:
    """The bench L&D manager's own changes since 1 January: person and date over every history."""
    return f"person={user.get_username()}&start={datetime.date.today().year}-01-01"


PAGES = [
    # The first page sets up the training requirements (if the data has none) for all that follow.
    Page("My work (L&D manager)", "home", "ld", make_args=training_requirements),
    Page("My work (Home Manager)", "home", "manager"),
    Page("My work (action owner, 60 actions owned)", "home", "owner", make_args=owner_with_actions),
    Page("Staff directory (L&D manager)", "staff:list", "ld"),
    Page("Staff directory, search (L&D manager)", "staff:list", "ld", "q=smith"),
    Page("Staff directory, last page (L&D manager)", "staff:list", "ld", "page=last"),
    Page("Staff directory (Home Manager)", "staff:list", "manager"),
    Page("Staff directory, expired training (L&D manager)", "staff:list", "ld", "training=expired"),
    Page("New staff member form (L&D manager)", "staff:create", "ld"),
    # The directory's unit filter renders only the chosen unit; others are found by this search.
    Page("Unit picker search (L&D manager)", "staff:unit_picker", "ld", "unit_q=ward"),
    Page("Unit picker search (Home Manager)", "staff:unit_picker", "manager", "unit_q=team"),
    Page("Staff picker search (L&D manager)", "staff:picker", "ld", "picker_q=smi&target=id_line_manager"),
    # names only, within the owner's scope and home: a subquery, not a second query
    Page("Staff picker search (action owner)", "staff:picker", "owner", "picker_q=smi&target=risk-owner"),
    Page("Background run, failed import (L&D manager)", "runs:detail", "ld", make_args=finished_import_run),
    Page("Your background work (L&D manager)", "runs:list", "ld"),
    Page("Training requirements (L&D manager)", "catalogue:requirement_list", "ld"),
    # The matrix counts the whole selection (every person, every required course) on each request.
    Page("Training matrix (L&D manager)", "training:matrix", "ld"),
    Page("Training matrix, most overdue first (L&D manager)", "training:matrix", "ld", "o=overdue"),
    Page("Training matrix, expired only (L&D manager)", "training:matrix", "ld", "status=expired"),
    Page("Training matrix (Home Manager)", "training:matrix", "manager"),
    Page("Training matrix Excel export (Home Manager)", "training:matrix_export", "manager", "format=xlsx"),
    Page("Compliance summary (L&D manager)", "training:summary", "ld", make_args=training_requirements),
    Page("Compliance summary, by staff group (L&D manager)", "training:summary", "ld", "by=staff_group"),
    Page("Compliance summary (Home Manager)", "training:summary", "manager", make_args=training_requirements),
    Page(
        "Remembered responsibility names (L&D manager)",
        "actionplans:mapping_list",
        "ld",
        make_args=remembered_names,
    ),
    # The home's staff in post to tick: one query however many there are.
    Page(
        "Record a session, a home's list (L&D manager)",
        "training:record_session",
        "ld",
        make_query=bench_managers_home,
    ),
    Page(
        "Record a session, a home's list (Home Manager)",
        "training:record_session",
        "manager",
        make_query=bench_managers_home,
    ),
    Page(
        "Record a session, search (Home Manager)",
        "training:session_people",
        "manager",
        "picker_q=smi&target=id_people",
    ),
    Page("Import completions (L&D manager)", "training:import", "ld"),
    Page("Email reminders setting (Home Manager)", "email_reminders", "manager"),
    # Action plans: the 500-action plan (made for the action owner's home page, first above).
    Page("Plan page, 500 actions (L&D manager)", "actionplans:plan_detail", "ld", make_args=bench_plan),
    # Collapsed above PLAN_PAGE_OPEN_UP_TO actions: a priority loads a page of them when opened.
    Page(
        "Plan page, 500 actions, priority opened (L&D manager)",
        "actionplans:plan_priority",
        "ld",
        make_args=bench_priority,
    ),
    Page(
        "Plan page, 500 actions, ?open= without JS (L&D manager)",
        "actionplans:plan_detail",
        "ld",
        make_args=bench_plan,
        make_query=bench_open_priority,
    ),
    Page("Plan summary, 500 actions (L&D manager)", "actionplans:plan_summary", "ld", make_args=bench_plan),
    Page("Action page (L&D manager)", "actionplans:action_detail", "ld", make_args=bench_action),
    Page("My actions, 60 owned (action owner)", "actionplans:my_actions", "owner"),
    Page("Action plans (L&D manager)", "actionplans:index", "ld"),
    # The audit trail: UNIONs over every app's history: the count, the page's keys, their records.
    Page("Audit trail, newest changes (L&D manager)", "audit:search", "ld"),
    Page("Audit trail, a record's name (L&D manager)", "audit:search", "ld", "text=smith"),
    Page(
        "Audit trail, a person's changes this year (L&D manager)",
        "audit:search",
        "ld",
        make_query=audit_query,
    ),
]
