"""The action plans' permission table: every URL of actionplans/urls.py, with who reads, who writes
and what the others get. The tests are generated from it (see workforce/tests/permission_table.py).

Rules (actionplans/permissions.py): everyone signed in reads every plan, action, summary and export;
the L&D manager (and a superuser) builds plans and imports them, everyone else gets 403 before the
object is looked up; an owner of an action, or of one of its outputs, writes that action's progress,
milestones and risks, and gets 403 on anyone else's.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import (
    Action,
    ActionPlan,
    FocusArea,
    Milestone,
    Output,
    Priority,
    ProgressUpdate,
    ResponsibilityMapping,
    Risk,
)
from actionplans.tests.factories import (
    ActionFactory,
    FocusAreaFactory,
    MilestoneFactory,
    OutputFactory,
    PriorityFactory,
    ResponsibilityMappingFactory,
    RiskFactory,
)
from actionplans.tests.plan_data import (
    edit_action_post,
    formset_management,
    layout_a_plan,
    new_action_post,
    output_post,
    plan_post,
)
from workforce.tests.factories import StaffMemberFactory
from workforce.tests.permission_table import EVERYONE, LD, OWNER, SUPERUSER, PermissionTable, Row

EDITORS = {LD, SUPERUSER}  # can_edit_plans
SAMPLE = Path(__file__).parent / "fixtures" / "action_plan_layout_a.xlsx"


def exists(model, **fields):
    return lambda w: model.objects.filter(**fields).exists()


def gone(model, key):
    return lambda w: not model.objects.filter(pk=w[key].pk).exists()


def plan_file(world):
    return {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())}


def upload_first(client, world):
    response = client.post(reverse("actionplans:import_upload"), plan_file(world))
    assert response.status_code == 200 and response.context["token"], "the sample did not preview"
    world["token"] = response.context["token"]


READ_ROWS = [
    Row("actionplans:index", readers=EVERYONE),
    Row("actionplans:my_actions", readers=EVERYONE),
    Row("actionplans:plan_detail", args=["plan"], readers=EVERYONE),
    # A priority's actions loaded into the plan page: read like the plan page itself.
    Row("actionplans:plan_priority", args=["plan", "p1"], readers=EVERYONE),
    Row("actionplans:plan_summary", args=["plan"], readers=EVERYONE),
    Row("actionplans:plan_export", args=["plan"], query="?format=csv", readers=EVERYONE),
    Row("actionplans:plan_download", args=["plan"], query="?format=csv", readers=EVERYONE),
    Row("actionplans:action_detail", args=["action"], readers=EVERYONE),
]


def build(name, args, post, done, **extra):
    """A page that builds a plan: the form (GET) and its save (POST), for editors only."""
    return Row(
        f"actionplans:{name}", args=args, readers=EDITORS, writers=EDITORS, post=post, done=done, **extra
    )


BUILD_ROWS = [
    build("plan_create", [], lambda w: plan_post(), exists(ActionPlan, title=plan_post()["title"])),
    build(
        "plan_edit",
        ["plan"],
        lambda w: plan_post(
            title="Renamed", version=w["plan"].version, **formset_management("signatories", total=0)
        ),
        exists(ActionPlan, title="Renamed"),
    ),
    build(
        "plan_reorder",
        ["plan"],
        lambda w: {"kind": "priority", "pk": w["p1"].pk, "direction": "down"},
        lambda w: Priority.objects.get(pk=w["p1"].pk).number == "2",
    ),
    build(
        "priority_create",
        ["plan"],
        lambda w: {"number": "", "title": "Grow our own"},
        exists(Priority, title="Grow our own"),
    ),
    build(
        "priority_edit",
        ["p1"],
        lambda w: {"number": "1", "title": "Renamed priority", "version": w["p1"].version},
        exists(Priority, title="Renamed priority"),
    ),
    build("priority_delete", ["doomed_priority"], lambda w: {}, gone(Priority, "doomed_priority")),
    build(
        "focusarea_create",
        ["p2"],
        lambda w: {"priority": w["p2"].pk, "number": "", "title": "Retention", "note": ""},
        exists(FocusArea, title="Retention"),
    ),
    build(
        "focusarea_edit",
        ["a11"],
        lambda w: {
            "priority": w["p1"].pk,
            "number": "1.1",
            "title": "Renamed area",
            "note": "",
            "version": w["a11"].version,
        },
        exists(FocusArea, title="Renamed area"),
    ),
    build("focusarea_delete", ["doomed_area"], lambda w: {}, gone(FocusArea, "doomed_area")),
    build(
        "action_create",
        ["plan"],
        lambda w: new_action_post(focus_area=w["a11"].pk),
        exists(Action, description=new_action_post()["description"]),
    ),
    build(
        "action_edit",
        ["action"],
        lambda w: edit_action_post(w["action"], description="Renamed action"),
        exists(Action, description="Renamed action"),
    ),
    build("action_delete", ["doomed_action"], lambda w: {}, gone(Action, "doomed_action")),
    build(
        "output_create",
        ["action"],
        lambda w: output_post(),
        exists(Output, description=output_post()["description"]),
    ),
    build(
        "output_edit",
        ["output"],
        lambda w: output_post(
            letter="a",
            description="Renamed output",
            version=w["output"].version,
            **formset_management("targets", 0),
        ),
        exists(Output, description="Renamed output"),
    ),
    build("output_delete", ["doomed_output"], lambda w: {}, gone(Output, "doomed_output")),
    # A readable file answers with the preview (200); nothing is saved until confirm.
    Row(
        "actionplans:import_upload",
        readers=EDITORS,
        writers=EDITORS,
        post=plan_file,
        done_status=200,
    ),
    Row(
        "actionplans:import_confirm",
        writers=EDITORS,
        before_post=upload_first,
        post=lambda w: {"token": w.get("token", "not-a-token")},
        done=lambda w: ActionPlan.objects.count() == 2,
    ),
    # Remembered responsibility names (views/mappings.py): plan editors only, like the import.
    Row("actionplans:mapping_list", readers=EDITORS),
    build(
        "mapping_edit",
        ["mapping"],
        lambda w: {"staff_member": w["mapping_person"].pk, "version": w["mapping"].version},
        lambda w: ResponsibilityMapping.objects.get(pk=w["mapping"].pk).staff_member == w["mapping_person"],
    ),
    Row(
        "actionplans:mapping_delete",
        args=["mapping"],
        writers=EDITORS,
        post=lambda w: {},
        done=gone(ResponsibilityMapping, "mapping"),
    ),
]


# What an owner writes on an action; `whose` is the world key of the action (or of its milestone
# or risk), so the same writes are declared for an owner's action and for another's.
def update_rows(whose: str, writers: set[str], label: str) -> list[Row]:
    action, milestone, risk = whose, f"{whose}_milestone", f"{whose}_risk"

    def back(w):
        return w[action].get_absolute_url()

    def row(name, args, **fields):
        return Row(
            f"actionplans:{name}",
            args=[args],
            writers=writers,
            then=back,
            label=label,
            # Ownership is a rule about the action: a missing one is 404 whoever asks.
            ability_first=False,
            **fields,
        )

    return [
        row(
            "progress_add",
            action,
            post=lambda w: {"rag": "red", "note": "Off track"},
            done=lambda w: ProgressUpdate.objects.filter(action=w[action]).exists(),
        ),
        row(
            "milestone_add",
            action,
            post=lambda w: {"description": "Pilot"},
            done=exists(Milestone, description="Pilot"),
        ),
        row(
            "milestone_toggle",
            milestone,
            post=lambda w: {"done": "1"},
            done=lambda w: Milestone.objects.get(pk=w[milestone].pk).completed_on is not None,
        ),
        row(
            "risk_add",
            action,
            post=lambda w: {"description": "Cuts", "likelihood": "2", "impact": "3", "status": "open"},
            done=exists(Risk, description="Cuts"),
        ),
        row(
            "risk_edit",
            risk,
            readers=writers,
            post=lambda w: {
                "description": "Cuts",
                "likelihood": "5",
                "impact": "5",
                "status": "open",
                "version": w[risk].version,
            },
            done=lambda w: Risk.objects.get(pk=w[risk].pk).likelihood == 5,
        ),
    ]


UPDATE_ROWS = [
    *update_rows("action", EDITORS | {OWNER}, "own action"),
    *update_rows("others_action", EDITORS, "another's action"),
    # Owning one output of an action is enough to update the action.
    *update_rows("output_action", EDITORS | {OWNER}, "owner of an output")[:1],
    # A risk's owner edits that risk on another's action (and nothing else of that action).
    Row(
        "actionplans:risk_edit",
        args=["owned_risk"],
        readers=EDITORS | {OWNER},
        writers=EDITORS | {OWNER},
        post=lambda w: {
            "description": "Trainers not released",
            "likelihood": "5",
            "impact": "4",
            "status": "open",
            "owner": w["owned_risk"].owner_id,
            "version": w["owned_risk"].version,
        },
        done=lambda w: Risk.objects.get(pk=w["owned_risk"].pk).likelihood == 5,
        then=lambda w: w["others_action"].get_absolute_url(),
        label="risk owner on another's action",
        ability_first=False,
    ),
]


@pytest.fixture
def world(db, action_owner, settings, tmp_path):
    """A plan; the owner's action 1.1.1 with an output; action 2.1.1, another's; action 1.1.2, whose
    output the owner owns; and a priority, area, action and output of their own for each delete."""
    settings.MEDIA_ROOT = tmp_path / "media"  # kept import files go to this test's own folder
    tree = layout_a_plan()
    me = action_owner.staff_member
    action, others, via_output = tree.actions["1.1.1"], tree.actions["2.1.1"], tree.actions["1.1.2"]
    action.owners.add(me)
    OutputFactory(action=via_output, letter="a").owners.add(me)
    world = {
        "plan": tree.plan,
        "p1": tree.p1,
        "p2": tree.p2,
        "a11": tree.a11,
        "action": action,
        "others_action": others,
        "output_action": via_output,
        "output": OutputFactory(action=action, letter="a"),
        "doomed_priority": PriorityFactory(plan=tree.plan, number="3", title="To delete", position=3),
        "doomed_area": FocusAreaFactory(priority=tree.p2, number="2.2", title="To delete", position=2),
        "doomed_action": tree.actions["1.2.1"],
        "doomed_output": OutputFactory(action=others, letter="b", description="To delete"),
        "mapping": ResponsibilityMappingFactory(written="SB"),
        "mapping_person": StaffMemberFactory(first_name="Sam", last_name="Bell"),
    }
    world["owned_risk"] = RiskFactory(action=others, likelihood=2, impact=2, owner=me)
    for key in ("action", "others_action"):
        world[f"{key}_milestone"] = MilestoneFactory(action=world[key])
        world[f"{key}_risk"] = RiskFactory(action=world[key], likelihood=1, impact=1)
    return world


class TestActionPlanPermissions(PermissionTable):
    rows = READ_ROWS + BUILD_ROWS + UPDATE_ROWS
    namespaces = ["actionplans"]
    apps = ["actionplans"]


def test_an_action_made_in_the_fixture_is_not_owned_by_accident(world, action_owner):
    """The table's "another's action" rows rely on the owner owning nothing of that action."""
    me = action_owner.staff_member
    assert not world["others_action"].owners.filter(pk=me.pk).exists()
    assert not Output.objects.filter(action=world["others_action"], owners=me).exists()
    assert ActionFactory().owners.count() == 0
