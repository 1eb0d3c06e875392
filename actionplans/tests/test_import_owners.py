"""Initials are proposed, never imposed: responsibility tokens, the preview's owner choices, the
remembered mappings they leave behind, and the command line's --initials file."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplans.models import Action, ActionPlan, Output, ResponsibilityMapping
from actionplans.responsibility import MappingFileError, read_mapping_file, remember
from actionplans.spreadsheets.owners import INITIALS, NAME, REMEMBERED, StaffLookup, as_initials
from actionplans.spreadsheets.save import import_plan, read_plan
from actionplans.tests.factories import ResponsibilityMappingFactory
from actionplans.tests.test_spreadsheet_import import HEADER_A, xlsx
from workforce.tests.factories import StaffMemberFactory

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "action_plan_layout_a.xlsx"
UPLOAD = reverse("actionplans:import_upload")
CONFIRM = reverse("actionplans:import_confirm")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def priya(db):
    return StaffMemberFactory(first_name="Priya", last_name="Kaur", assignment_number="100001")


@pytest.fixture
def james(db):
    return StaffMemberFactory(first_name="James", last_name="Moss", assignment_number="100002")


@pytest.fixture
def rachel(db):
    """Not "RT" by her initials (Rachel Okafor): the user has to pick her for RT."""
    return StaffMemberFactory(first_name="Rachel", last_name="Okafor", assignment_number="100003")


def preview(client, content=None, name=SAMPLE.name):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content or SAMPLE.read_bytes())})
    assert response.status_code == 200 and response.context["token"]
    return response


def choices_post(response, **changes) -> dict:
    """The confirm form as the preview rendered it (its defaults), with `changes`:
    token key -> "confirm" / "text" / ("pick", person) / ("confirm", tampered staff id)."""
    formset = response.context["owner_choices"]
    data = {"token": response.context["token"], "remember": "on"}
    data.update({f"owners-{name}": value for name, value in formset.management_form.initial.items()})
    for form in formset:
        initial = form.initial
        data[f"{form.prefix}-key"] = initial["key"]
        data[f"{form.prefix}-proposed"] = initial["proposed"] or ""
        data[f"{form.prefix}-choice"] = initial["choice"]
        change = changes.get(initial["key"])
        if isinstance(change, tuple) and change[0] == "pick":
            data[f"{form.prefix}-choice"], data[f"{form.prefix}-person"] = "pick", change[1].pk
        elif isinstance(change, tuple):
            data[f"{form.prefix}-choice"], data[f"{form.prefix}-proposed"] = change
        elif change:
            data[f"{form.prefix}-choice"] = change
    return data


def owners_by_output() -> dict[str, set[str]]:
    return {
        f"{o.action.number}{o.letter}": {p.full_name for p in o.owners.all()}
        for o in Output.objects.select_related("action").prefetch_related("owners")
    }


# --- Tokens and proposals -----------------------------------------------------------------------------


def test_every_token_is_kept_as_written_with_its_rows_and_a_proposal(db):
    rows = [
        ["Plan 2026-27"],
        ["Priority 1. People"],
        HEADER_A,
        ["1.1 Area", "1.1.1 One", "a. First", "SB/GF", "", "", ""],
        ["", "", "b. Second", "SB, G F", "", "", ""],
        ["", "1.1.2 Two", "a. Third", "SB & HR team", "", "", ""],
        ["", "", "b. Fourth", "CWD G", "", "", ""],
        ["", "1.1.3 Three", "a. Fifth", "Connexions", "", "", ""],
        ["", "", "b. Sixth", "Gina Fox", "", "", ""],
    ]
    lookup = StaffLookup(
        [(1, "Sarah", "Bennett"), (2, "Gina", "Fox"), (3, "Sam", "Brown"), (4, "Chris", "Wood-Davies")],
        remembered=[(9, "SB", 1, "Sarah Bennett")],
    )
    parsed = read_plan(xlsx(rows), "odd.xlsx", staff_lookup=lookup)

    tokens = {t.written: t for t in parsed.tokens}
    assert list(tokens) == ["SB", "GF", "G F", "HR team", "CWD G", "Connexions", "Gina Fox"]
    assert tokens["SB"].rows == ["Row 4", "Row 5", "Row 6"]
    # SB is ambiguous by initials (Sarah Bennett, Sam Brown) but remembered: the mapping wins.
    assert (tokens["SB"].proposed_id, tokens["SB"].source) == (1, REMEMBERED)
    assert (tokens["GF"].proposed_id, tokens["GF"].source) == (2, INITIALS)
    assert (tokens["G F"].proposed_id, tokens["G F"].reason) == (2, "read as initials GF")
    assert (tokens["Gina Fox"].proposed_id, tokens["Gina Fox"].source) == (2, NAME)
    for odd in ("HR team", "CWD G", "Connexions"):  # shown, never dropped, nobody proposed
        assert not tokens[odd].proposed and tokens[odd].reason
    assert parsed.outputs[2].responsibility == "SB & HR team"
    assert [o.key for o in parsed.outputs[2].owners] == ["SB", "HR TEAM"]


def test_initials_read_from_double_barrelled_names_and_spaced_letters():
    lookup = StaffLookup([(4, "Chris", "Wood-Davies"), (5, "Ann", "Lee")])
    assert lookup.match("CWD") == (4, "Chris Wood-Davies")
    assert lookup.match("CW") == (4, "Chris Wood-Davies")
    assert lookup.match("A.L.") == (5, "Ann Lee")
    assert (as_initials("G F"), as_initials("g f"), as_initials("CWD G"), as_initials("HR")) == (
        "GF",
        None,
        None,
        "HR",
    )


def test_a_remembered_person_who_has_left_is_not_proposed(db, priya):
    priya.leaving_date = datetime.date(2020, 1, 1)
    priya.save()
    ResponsibilityMappingFactory(written="PK", staff_member=priya)
    parsed = read_plan(SAMPLE, SAMPLE.name)
    pk = next(t for t in parsed.tokens if t.key == "PK")
    assert not pk.proposed and "remembered as Priya Kaur, who is no longer in post" in pk.reason


def test_import_plan_makes_no_owner_from_a_proposal(db, priya, james):
    parsed = read_plan(SAMPLE, SAMPLE.name)
    assert {t.key for t in parsed.tokens if t.proposed} == {"PK", "JM"}

    plan = import_plan(parsed)

    assert not Output.objects.filter(action__plan=plan, owners__isnull=False).exists()
    assert not Action.objects.filter(plan=plan, owners__isnull=False).exists()
    assert Output.objects.get(action__number="1.1.1", letter="b").responsibility == "PK/RT"


# --- The preview's choices ------------------------------------------------------------------------------


def test_nothing_is_owned_unless_the_user_confirms_it(client, ld_manager, priya, james):
    client.force_login(ld_manager)
    response = preview(client)
    page = response.content.decode()
    assert "Confirm Priya Kaur (matched by initials)" in page
    # A proposal by initials is offered, not chosen: the default is "Leave as text".
    assert {f.token.key: f.initial["choice"] for f in response.context["owner_choices"]} == dict.fromkeys(
        ["PK", "RT", "JM", "SB"], "text"
    )

    saved = client.post(CONFIRM, choices_post(response))

    assert saved.status_code == 302
    assert owners_by_output() == dict.fromkeys(owners_by_output(), set())
    assert not Action.objects.filter(owners__isnull=False).exists()
    assert ResponsibilityMapping.objects.count() == 0  # nothing confirmed, nothing remembered


def test_confirm_pick_and_leave_make_exactly_those_owners_and_are_remembered(
    client, ld_manager, priya, james, rachel
):
    client.force_login(ld_manager)
    response = preview(client)

    saved = client.post(CONFIRM, choices_post(response, PK="confirm", RT=("pick", rachel), JM="text"))

    plan = ActionPlan.objects.get()
    assert saved.status_code == 302 and saved.url == plan.get_absolute_url()
    owners = owners_by_output()
    assert owners["1.1.1b"] == {"Priya Kaur", "Rachel Okafor"}  # "PK/RT"
    assert owners["1.1.2a"] == {"Rachel Okafor"}  # "RT"
    assert owners["3.1.1a"] == set()  # "JM/SB": one left as text, one never matched
    assert Output.objects.get(action__number="3.1.1", letter="a").responsibility == "JM/SB"
    remembered = {m.token: (m.staff_member, m.confirmed_by) for m in ResponsibilityMapping.objects.all()}
    assert remembered == {"PK": (priya, ld_manager), "RT": (rachel, ld_manager)}
    assert ResponsibilityMapping.history.filter(history_type="+").count() == 2


def test_a_remembered_mapping_is_proposed_and_chosen_at_the_next_import(client, ld_manager, priya, rachel):
    ResponsibilityMappingFactory(written="RT", staff_member=rachel)
    client.force_login(ld_manager)

    response = preview(client)

    forms = {f.token.key: f for f in response.context["owner_choices"]}
    rt = forms["RT"].token
    assert (rt.proposed_name, rt.source) == ("Rachel Okafor", REMEMBERED)
    assert forms["RT"].initial["choice"] == "confirm" and forms["PK"].initial["choice"] == "text"
    assert "Confirm Rachel Okafor (remembered)" in response.content.decode()

    client.post(CONFIRM, choices_post(response))  # saved as shown, RT as remembered

    assert owners_by_output()["1.1.2a"] == {"Rachel Okafor"}
    assert owners_by_output()["1.1.1a"] == set()  # PK was only proposed


def test_a_remembered_mapping_can_be_overridden_at_the_import(client, ld_manager, priya, rachel):
    mapping = ResponsibilityMappingFactory(written="RT", staff_member=rachel)
    client.force_login(ld_manager)
    response = preview(client)

    client.post(CONFIRM, choices_post(response, RT=("pick", priya)))

    assert owners_by_output()["1.1.2a"] == {"Priya Kaur"}
    mapping.refresh_from_db()
    assert mapping.staff_member == priya and mapping.version == 2  # remembered the new choice


def test_remember_unticked_stores_nothing(client, ld_manager, priya):
    client.force_login(ld_manager)
    response = preview(client)
    data = choices_post(response, PK="confirm")
    del data["remember"]

    client.post(CONFIRM, data)

    assert owners_by_output()["1.1.1a"] == {"Priya Kaur"}
    assert ResponsibilityMapping.objects.count() == 0


@pytest.mark.parametrize("problem", ["no person", "a leaver", "a tampered proposal"])
def test_a_bad_choice_is_shown_at_its_row_and_nothing_is_saved(client, ld_manager, priya, problem):
    leaver = StaffMemberFactory(first_name="Lee", last_name="Ver", leaving_date=datetime.date(2020, 1, 1))
    client.force_login(ld_manager)
    response = preview(client)
    changes = {
        "no person": {"RT": "pick"},
        "a leaver": {"RT": ("pick", leaver)},
        "a tampered proposal": {"PK": ("confirm", leaver.pk)},
    }[problem]

    refused = client.post(CONFIRM, choices_post(response, **changes))

    assert refused.status_code == 400
    forms = {f.token.key: f for f in refused.context["owner_choices"]}
    key = next(iter(changes))
    errors = forms[key].errors
    assert errors and ("person" in errors or "choice" in errors)
    assert "Some owner choices need another look" in refused.content.decode()
    assert ActionPlan.objects.count() == 0 and ResponsibilityMapping.objects.count() == 0
    # The upload is kept: fixing the choice and saving again works.
    again = client.post(CONFIRM, choices_post(refused, **{key: "text"}))
    assert again.status_code == 302 and ActionPlan.objects.count() == 1


def test_remember_changes_only_what_changed(db, ld_manager, priya, rachel):
    parsed = read_plan(SAMPLE, SAMPLE.name)
    assert remember(parsed.tokens, {"PK": priya, "RT": rachel}, ld_manager) == 2
    assert remember(parsed.tokens, {"PK": priya, "RT": priya}, ld_manager) == 1
    assert ResponsibilityMapping.objects.get(token="RT").staff_member == priya
    assert ResponsibilityMapping.history.count() == 3


# --- The command line ----------------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_actionplan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_without_a_mapping_file_owns_nothing_and_lists_every_name(db, priya):
    output = run(str(SAMPLE))

    assert not Output.objects.filter(owners__isnull=False).exists()
    assert "No --initials file: 4 responsibility name(s) left as written text, owned by nobody:" in output
    assert "  PK (Row 5, Row 6, Row 13, Row 14); proposed in the web preview: Priya Kaur (initials)" in output
    assert "  SB (no member of staff in post has these initials; Row 15, Row 19)" in output


def test_the_command_applies_a_mapping_file(db, tmp_path, priya, rachel):
    mapping = tmp_path / "initials.csv"
    mapping.write_text("token,assignment_number\nPK,100001\nrt, 100003\nZZ,100001\n", encoding="utf-8")

    output = run(str(SAMPLE), "--initials", str(mapping))

    owners = owners_by_output()
    assert owners["1.1.1b"] == {"Priya Kaur", "Rachel Okafor"} and owners["3.1.1a"] == set()
    assert "Owner: RT -> Rachel Okafor (100003)" in output
    assert f"Not in {mapping}: 2 name(s) left as written text:" in output and "  JM (" in output
    assert "Not in this plan, so unused: ZZ" in output
    assert ResponsibilityMapping.objects.count() == 0  # a file is not a confirmation to remember


def test_a_bad_mapping_file_names_its_lines_and_saves_nothing(db, tmp_path, priya):
    mapping = tmp_path / "initials.csv"
    mapping.write_text("PK,100001\nRT\nJM,999999\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: expected .*line 3: no member of staff in post"):
        run(str(SAMPLE), "--initials", str(mapping))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(SAMPLE), "--initials", str(tmp_path / "missing.csv"))
    assert ActionPlan.objects.count() == 0


def test_read_mapping_file_refuses_a_token_mapped_twice(db, priya, rachel):
    with pytest.raises(MappingFileError, match="“pk” is mapped twice"):
        read_mapping_file("PK,100001\npk,100003\n")
    assert read_mapping_file("\ufeffG F,100001\n") == {"G F": priya}


def test_a_duplicate_title_imported_as_new_keeps_the_owner_choices(client, ld_manager, priya, rachel):
    """The duplicate-title buttons submit the same form as the owner choices: choosing "import as a
    new plan" saves exactly the owners the user confirmed, under the new plan's dated title."""
    client.force_login(ld_manager)
    client.post(CONFIRM, choices_post(preview(client)))  # the first import: the title now exists
    first = ActionPlan.objects.get()

    response = preview(client)
    assert response.context["duplicate"].needs_choice
    page = response.content.decode()
    assert page.index('name="choice" value="new"') > page.index("owners-TOTAL_FORMS")  # one form
    assert "{#" not in page  # no template comment leaks into the page
    data = choices_post(response, PK="confirm", RT=("pick", rachel))
    refused = client.post(CONFIRM, data)  # no choice made: nothing saved, the choices kept
    assert refused.status_code == 400 and ActionPlan.objects.count() == 1
    assert "Choose what to do with this plan." in refused.content.decode()

    saved = client.post(CONFIRM, {**data, "choice": "new"})

    copy = ActionPlan.objects.exclude(pk=first.pk).get()
    assert saved.status_code == 302 and copy.title.startswith(f"{first.title} (imported ")
    output = Output.objects.get(action__plan=copy, action__number="1.1.1", letter="b")  # "PK/RT"
    assert {p.full_name for p in output.owners.all()} == {"Priya Kaur", "Rachel Okafor"}
