"""The core's permission table: every URL of the staff pages, the catalogue, the staff import, the
training pages (the matrix, the compliance summary, recording a session, importing completions)
and the root pages (home, health, Django's sign-in pages), with who reads, who writes and what the
others get. The tests are generated from it (see workforce/tests/permission_table.py).

Rules: everyone signed in reads the directory and the catalogue; only the L&D manager (and a
superuser) changes staff records, the catalogue, and imports; a manager sees and records training
for the staff of their own unit; L&D managers, directors and managers see the training matrix (a
manager only their own unit's people: workforce/tests/test_training_matrix.py); someone outside a
user's scope is a 404, so scope is not revealed; abilities are checked first (403), scope second
(404).

The Django admin (namespace "admin") is Django's own, with its own permission model and tests; it
is not in the table.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    ReminderSettings,
    StaffMember,
    TrainingRecord,
    TrainingRequirement,
)
from workforce.runs import BackgroundRun
from workforce.tests.factories import (
    CompetencyFactory,
    CourseFactory,
    JobRoleFactory,
    OrgUnitFactory,
    RoleRequirementFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
    UserFactory,
)
from workforce.tests.permission_table import (
    ANONYMOUS,
    DIRECTOR,
    EVERYONE,
    LD,
    LEAVER,
    MANAGER,
    OTHER_MANAGER,
    OWNER,
    PUBLIC,
    SUPERUSER,
    PermissionTable,
    Row,
)

EDITORS = {LD, SUPERUSER}  # staff.change, staff.import, catalogue.change
SEES_EVERYONE = {LD, SUPERUSER, DIRECTOR}  # staff.view_all
MANAGER_IN_SCOPE = MANAGER  # the world's carer works in the manager's unit...
MANAGER_OUT_OF_SCOPE = OTHER_MANAGER  # ...and outside the other manager's

IMPORTED_NUMBER = "49990002"
STAFF_IMPORT = "workforce.staff_import"
IMPORT_FILE = (
    "Assignment Number,First Name,Last Name,Email,Job Title,Band,Staff Group,Organisation Unit,"
    "Line Manager Assignment Number,Start Date,Leaving Date,Leaving Reason\n"
    f"{IMPORTED_NUMBER},Tom,Import,tom.import@northshire.example,Care Assistant,3,"
    "Additional Clinical Services,Oak House,,2024-01-08,,\n"
).encode()


def import_upload(world):
    return {"file": SimpleUploadedFile("staff_export.csv", IMPORT_FILE)}


def upload_first(client, world):
    response = client.post(reverse("staffimport:upload"), import_upload(world))
    assert response.status_code == 200 and b"confirm" in response.content.lower()


def staff_exists(number):
    return lambda world: StaffMember.objects.filter(assignment_number=number).exists()


# --- The staff pages --------------------------------------------------------------------------------

STAFF_ROWS = [
    Row("staff:list", readers=EVERYONE),
    Row("staff:detail", args=["carer"], readers=SEES_EVERYONE | {MANAGER_IN_SCOPE}, others=404),
    Row("staff:export", query="?format=csv", readers=SEES_EVERYONE | {MANAGER, OTHER_MANAGER}),
    # Name search for the person fields of the forms these roles fill in (line manager, owners).
    Row("staff:picker", query="?picker_q=Khan&target=id_line_manager", readers=EDITORS | {OWNER}),
    # The directory's unit search: anyone who reads the directory, each among the units they see.
    Row("staff:unit_picker", query="?unit_q=oak", readers=EVERYONE),
    Row(
        "staff:create",
        readers=EDITORS,
        writers=EDITORS,
        post=lambda w: {"first_name": "Nia", "last_name": "Starter", "assignment_number": "49990001"},
        done=staff_exists("49990001"),
        then=lambda w: "/staff/",
    ),
    Row(
        "staff:edit",
        args=["carer"],
        readers=EDITORS,
        writers=EDITORS,
        post=lambda w: {
            "first_name": "Amira",
            "last_name": "Khan-Ali",
            "assignment_number": "40001001",
            "org_unit": w["carer"].org_unit_id,
            "job_role": w["carer"].job_role_id,
            "start_date": "2020-01-06",
            "version": w["carer"].version,  # the version check (workforce/versioning.py)
        },
        done=lambda w: StaffMember.objects.get(pk=w["carer"].pk).last_name == "Khan-Ali",
        then=lambda w: w["carer"].get_absolute_url(),
    ),
    Row(
        "staff:archive",
        args=["carer"],
        readers=EDITORS,
        writers=EDITORS,
        post=lambda w: {"archive": "1"},
        done=lambda w: StaffMember.objects.get(pk=w["carer"].pk).is_archived,
    ),
    # The carer re-joined after their sign-in was ended: only an L&D manager turns it back on.
    Row(
        "staff:restore_sign_in",
        args=["carer"],
        writers=EDITORS,
        done=lambda w: StaffMember.objects.get(pk=w["carer"].pk).user.is_active,
    ),
    # training.change is held by managers too, but only for the staff in their scope.
    Row(
        "staff:training_add",
        args=["carer"],
        readers=EDITORS | {MANAGER_IN_SCOPE},
        writers=EDITORS | {MANAGER_IN_SCOPE},
        hidden_from={MANAGER_OUT_OF_SCOPE},
        post=lambda w: {"course": w["course"].pk, "status": "planned"},
        done=lambda w: TrainingRecord.objects.filter(staff_member=w["carer"], course=w["course"]).exists(),
        then=lambda w: w["carer"].get_absolute_url(),
    ),
    Row(
        "staff:training_edit",
        args=["record"],
        readers=EDITORS | {MANAGER_IN_SCOPE},
        writers=EDITORS | {MANAGER_IN_SCOPE},
        hidden_from={MANAGER_OUT_OF_SCOPE},
        post=lambda w: {
            "course": w["record"].course_id,
            "status": "completed",
            "started_on": "2025-01-06",
            "completed_on": "2025-01-10",
            "note": "After",
        },
        done=lambda w: TrainingRecord.objects.get(pk=w["record"].pk).note == "After",
        then=lambda w: w["carer"].get_absolute_url(),
    ),
]

IMPORT_ROWS = [
    # A good file answers with the preview (200); nothing is saved until confirm.
    Row("staffimport:upload", readers=EDITORS, writers=EDITORS, post=import_upload, done_status=200),
    Row(
        "staffimport:confirm",
        writers=EDITORS,
        before_post=upload_first,
        # Confirming queues the save as a background run (workforce/tests/test_import_runs.py
        # follows it to the end) and sends the user to the run's page, under /runs/.
        done=lambda w: BackgroundRun.objects.exclude(pk=w["run"].pk).filter(kind=STAFF_IMPORT).exists(),
        then=lambda w: reverse("runs:list"),
    ),
]

# --- Training: recording a session (L&D for anyone, a manager for their own staff), importing ------

SESSION_DAY = "2026-01-12"
COMPLETIONS_IMPORT = "workforce.completions_import"


def session_recorded(world):
    return TrainingRecord.objects.filter(
        staff_member=world["carer"], course=world["course"], completed_on=SESSION_DAY
    ).exists()


def completions_upload(world):
    content = f"Assignment Number,Course,Completion Date\n40001001,Moving and handling,{SESSION_DAY}\n"
    return {"file": SimpleUploadedFile("completions.csv", content.encode())}


def completions_upload_first(client, world):
    response = client.post(reverse("training:import"), completions_upload(world))
    assert response.status_code == 200 and b"Confirm and save" in response.content


SESSION_ROWS = [
    # Both managers hold training.change; the carer is in the manager's unit. The other manager's
    # save is refused in the form (the carer is not among their staff): the page again, nothing saved.
    Row(
        "training:record_session",
        readers=EDITORS | {MANAGER_IN_SCOPE, MANAGER_OUT_OF_SCOPE},
        writers=EDITORS | {MANAGER_IN_SCOPE},
        status_for={MANAGER_OUT_OF_SCOPE: 200},
        post=lambda w: {"course": w["course"].pk, "completed_on": SESSION_DAY, "ticked": [w["carer"].pk]},
        done=session_recorded,
        then=lambda w: f"{reverse('training:matrix')}?course={w['course'].pk}",
    ),
    Row(
        "training:session_people",
        query="?picker_q=Khan&target=id_people",
        readers=EDITORS | {MANAGER_IN_SCOPE, MANAGER_OUT_OF_SCOPE},
    ),
    # A good file answers with the preview (200); nothing is saved until confirm.
    Row("training:import", readers=EDITORS, writers=EDITORS, post=completions_upload, done_status=200),
    Row(
        "training:import_confirm",
        writers=EDITORS,
        before_post=completions_upload_first,
        done=lambda w: BackgroundRun.objects.filter(kind=COMPLETIONS_IMPORT).exists(),
        then=lambda w: reverse("runs:list"),
    ),
]


# --- Background runs: each seen only by the person who started it -----------------------------------

RUN_ROWS = [
    Row("runs:list", readers=EVERYONE),
    # Not even a superuser reads someone else's run: it may list rows of their file.
    Row("runs:detail", args=["run"], readers={LD}, others=404),
]


# --- Training compliance: L&D managers and directors see everyone, managers their own unit -------

SEES_COMPLIANCE = SEES_EVERYONE | {MANAGER, OTHER_MANAGER}  # training.view_compliance, then scoped
TRAINING_ROWS = [
    Row("training:matrix", readers=SEES_COMPLIANCE),
    Row("training:matrix_export", query="?format=xlsx", readers=SEES_COMPLIANCE, label="xlsx"),
    Row("training:matrix_export", query="?format=csv", readers=SEES_COMPLIANCE, label="csv"),
    # A manager's page shows their unit and below (scoped through visible_to), never a 404: the
    # page is about the units in their scope, whichever those are.
    Row("training:summary", readers=SEES_COMPLIANCE),
]

# --- The catalogue: read by all, changed by the L&D manager ----------------------------------------


def _role_data(w, title):
    requirement = w["requirement"]
    return {
        "title": title,
        "pay_band": "4",
        "staff_group": "education_and_training",
        "occupational_group": "",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "1",
        "requirements-0-id": str(requirement.pk),
        "requirements-0-competency": str(requirement.competency_id),
        "requirements-0-required_level": "3",
        "version": w["jobrole"].version,
    }


def _new_role_data(w):
    return {
        "title": "Healthcare assistant",
        "pay_band": "",
        "staff_group": "direct_care_support",
        "occupational_group": "",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "0",
        "requirements-0-competency": str(w["competency"].pk),
        "requirements-0-required_level": "1",
    }


def _named(model, key, **fields):
    """done: the world's object (or, for a create, some object) now has these fields."""
    if key is None:
        return lambda w: model.objects.filter(**fields).exists()
    return lambda w: model.objects.filter(pk=w[key].pk, **fields).exists()


CATALOGUE_WRITES = {
    # kind: (world key, model, create data + check, edit data + check)
    "orgunit": (
        OrgUnit,
        (lambda w: {"name": "Night team", "kind": "team", "parent": w["oak"].pk}, {"name": "Night team"}),
        (
            lambda w: {
                "name": "Day shift team",
                "kind": "team",
                "parent": w["oak"].pk,
                "version": w["orgunit"].version,
            },
            {"name": "Day shift team"},
        ),
    ),
    "jobrole": (
        JobRole,
        (_new_role_data, {"title": "Healthcare assistant"}),
        (lambda w: _role_data(w, "Link Trainer (renamed)"), {"title": "Link Trainer (renamed)"}),
    ),
    "competency": (
        Competency,
        (lambda w: {"name": "Coaching", "category": "Leadership"}, {"name": "Coaching"}),
        (
            lambda w: {"name": "Delivering group training", "category": "Training delivery"},
            {"name": "Delivering group training"},
        ),
    ),
    "course": (
        Course,
        (lambda w: {"title": "Care Certificate", "kind": "care_certificate"}, {"title": "Care Certificate"}),
        (
            lambda w: {"title": "Moving and handling people", "kind": "statutory_mandatory"},
            {"title": "Moving and handling people"},
        ),
    ),
}

CATALOGUE_ROWS = []
for kind, (model, (create_data, created), (edit_data, edited)) in CATALOGUE_WRITES.items():
    CATALOGUE_ROWS += [
        Row(f"catalogue:{kind}_list", readers=EVERYONE),
        Row(f"catalogue:{kind}_detail", args=[kind], readers=EVERYONE),
        Row(
            f"catalogue:{kind}_create",
            readers=EDITORS,
            writers=EDITORS,
            post=create_data,
            done=_named(model, None, **created),
        ),
        Row(
            f"catalogue:{kind}_edit",
            args=[kind],
            readers=EDITORS,
            writers=EDITORS,
            post=edit_data,
            done=_named(model, kind, **edited),
        ),
        Row(
            f"catalogue:{kind}_archive",
            args=[kind],
            readers=EDITORS,
            writers=EDITORS,
            done=_named(model, kind, is_archived=True),
        ),
    ]


REQUIREMENT_ROWS = [
    Row("catalogue:requirement_list", readers=EVERYONE),
    Row(
        "catalogue:requirement_create",
        readers=EDITORS,
        writers=EDITORS,
        post=lambda w: {"course": w["course"].pk, "applies_to": "job_role", "job_role": w["jobrole"].pk},
        done=lambda w: TrainingRequirement.objects.filter(course=w["course"], job_role=w["jobrole"]).exists(),
    ),
    Row(
        "catalogue:requirement_edit",
        args=["training_requirement"],
        readers=EDITORS,
        writers=EDITORS,
        post=lambda w: {"course": w["course"].pk, "applies_to": "everyone", "renewal_months": "6"},
        done=lambda w: TrainingRequirement.objects.filter(
            pk=w["training_requirement"].pk, renewal_months=6
        ).exists(),
    ),
    Row(
        "catalogue:requirement_remove",
        args=["training_requirement"],
        readers=EDITORS,
        writers=EDITORS,
        done=lambda w: not TrainingRequirement.objects.filter(pk=w["training_requirement"].pk).exists(),
    ),
]


# --- Root pages: home, health and Django's sign-in pages -------------------------------------------

ROOT_ROWS = [
    Row("home", readers=EVERYONE),
    # A monitoring probe: no sign-in, and it answers any method. 503 is its answer when no Celery
    # worker replies (a test run with Redis and no worker): still an answer, to anyone.
    Row("health", readers=PUBLIC, ok=(200, 503), methods=("POST", "PUT", "DELETE")),
    # Signed-in users are sent on to the home page (302) rather than shown the form. Django's
    # form views take PUT like POST.
    # A leaver may reach it too (to hand the browser to a colleague): signed in, they are sent on.
    Row(
        "login",
        readers={ANONYMOUS},
        others=302,
        status_for={LEAVER: 302},
        methods=("POST", "PUT"),
        htmx_login=False,
    ),
    Row("logout", writers=PUBLIC | {LEAVER}, then=lambda w: reverse("login")),
    Row("password_change", readers=EVERYONE, methods=("POST", "PUT"), htmx_login=False),
    Row("password_change_done", readers=EVERYONE, htmx_login=False),
    Row("password_reset", readers=PUBLIC, methods=("POST", "PUT")),
    Row("password_reset_done", readers=PUBLIC),
    # A made-up link: the page says it is invalid, to anyone (Django renders that page before it
    # looks at the method, so PUT and DELETE get it too).
    Row(
        "password_reset_confirm",
        url=lambda w: reverse("password_reset_confirm", args=["MQ", "set-password"]),
        readers=PUBLIC,
        methods=("POST", "PUT", "DELETE"),
    ),
    Row("password_reset_complete", readers=PUBLIC),
    # Everyone signed in switches their own weekly digest on or off (workforce/digests.py).
    Row(
        "email_reminders",
        readers=EVERYONE,
        writers=EVERYONE,
        post=lambda w: {},  # the box unticked: off
        done=lambda w: ReminderSettings.objects.filter(weekly_digest=False).exists(),
        then=lambda w: reverse("email_reminders"),
    ),
]


# --- The audit trail: every app's change history, the L&D manager's (and a superuser's) ---------

AUDIT_ROWS = [
    Row("audit:search", readers=EDITORS),
    # Searching is a GET form: a search with bad input is still read (200), never written.
    Row("audit:search", label="a search", query="?person=lena+dawes&start=2026-01-01", readers=EDITORS),
]


@pytest.fixture
def world(org, actors, leaver, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # pending staff imports go to this test's own folder
    carer = StaffMemberFactory(
        first_name="Amira",
        last_name="Khan",
        assignment_number="40001001",
        org_unit=org["oak"],
        job_role=JobRoleFactory(title="Care Assistant"),
        line_manager=actors["manager"].staff_member,
        user=UserFactory(username="amira", is_active=False),  # a re-joiner whose sign-in was ended
    )
    role = JobRoleFactory(title="Link Trainer")
    competency = CompetencyFactory(name="Delivering training sessions")
    return {
        "oak": org["oak"],
        "carer": carer,
        "record": TrainingRecordFactory(staff_member=carer, note="Before"),
        # An empty team, so archiving it is allowed.
        "orgunit": OrgUnitFactory(name="Day team", kind=OrgUnit.Kind.TEAM, parent=org["oak"]),
        "jobrole": role,
        "competency": competency,
        "requirement": RoleRequirementFactory(job_role=role, competency=competency, required_level=2),
        "course": CourseFactory(title="Moving and handling"),
        "training_requirement": TrainingRequirementFactory(course=CourseFactory(title="Fire safety")),
        "run": BackgroundRun.objects.create(
            kind=STAFF_IMPORT,
            requested_by=actors["ld_manager"],
            status=BackgroundRun.Status.DONE,
            result={"message": "12 staff records imported."},
        ),
    }


class TestCorePermissions(PermissionTable):
    rows = (
        STAFF_ROWS
        + IMPORT_ROWS
        + RUN_ROWS
        + TRAINING_ROWS
        + SESSION_ROWS
        + CATALOGUE_ROWS
        + REQUIREMENT_ROWS
        + ROOT_ROWS
        + AUDIT_ROWS
    )
    namespaces = [None, "staff", "staffimport", "runs", "training", "catalogue", "audit"]
    apps = ["workforce"]


# --- What the table cannot say: the buttons each role is offered -----------------------------------

KINDS = list(CATALOGUE_WRITES)


def test_read_only_roles_see_no_catalogue_edit_buttons(client, director, world):
    client.force_login(director)
    for kind in KINDS:
        content = client.get(world[kind].get_absolute_url()).content.decode()
        assert reverse(f"catalogue:{kind}_edit", args=[world[kind].pk]) not in content
        assert reverse(f"catalogue:{kind}_archive", args=[world[kind].pk]) not in content
        listing = client.get(reverse(f"catalogue:{kind}_list")).content.decode()
        assert reverse(f"catalogue:{kind}_create") not in listing


def test_the_ld_manager_sees_catalogue_edit_and_archive_buttons(client, ld_manager, world):
    client.force_login(ld_manager)
    for kind in KINDS:
        content = client.get(world[kind].get_absolute_url()).content.decode()
        assert reverse(f"catalogue:{kind}_edit", args=[world[kind].pk]) in content
        assert reverse(f"catalogue:{kind}_archive", args=[world[kind].pk]) in content
