"""The applicant pages: adding one (equality monitoring stored apart and never shown again), the
board and the stage move (htmx and plain POST, refusals next to the field), checks and the start."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import Applicant, EqualityMonitoring, PreEmploymentCheck, Stage, Trainee
from traineeships.tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Check = PreEmploymentCheck


def text(response) -> str:
    return response.content.decode()


# --- Applicants ---------------------------------------------------------------------------------


def new_applicant_data(**overrides):
    return {
        "first_name": "Dan",
        "last_name": "Reid",
        "email": "dan@example.org",
        "heard_via": "partner",
        "referred_by": "St Mungo's outreach",
        "stage": Stage.APPLIED,
        "stage_changed_on": TODAY.isoformat(),
        "equality_age_band": "25_34",
        "equality_sex": "male",
        "equality_ethnicity": "black",
        "equality_disability": "yes",
        "equality_lived_experience": "yes",
        **overrides,
    }


def test_adding_an_applicant_saves_equality_apart_and_never_shows_it(client, ld_manager, cohort):
    client.force_login(ld_manager)
    form_page = text(client.get(reverse("traineeships:applicant_create", args=[cohort["intake"].pk])))
    assert "Equality monitoring" in form_page
    assert form_page.count('value="prefer_not_to_say" selected') == 5  # the default on each
    response = client.post(
        reverse("traineeships:applicant_create", args=[cohort["intake"].pk]), new_applicant_data()
    )
    dan = Applicant.objects.get(last_name="Reid")
    assert response.url == dan.get_absolute_url()
    answers = EqualityMonitoring.objects.get(applicant=dan)
    assert (answers.age_band, answers.ethnicity, answers.disability) == ("25_34", "black", "yes")
    assert dan.stage_changes.get().stage == Stage.APPLIED
    for url in (dan.get_absolute_url(), reverse("traineeships:applicant_edit", args=[dan.pk])):
        page = text(client.get(url))
        assert "Dan Reid" in page
        for shown in ("25-34", "Black, Black British", "Equality monitoring", "Lived experience"):
            assert shown not in page, (url, shown)
    assert "Offer letter" in text(client.get(dan.get_absolute_url()))  # the letters part


def test_a_bad_applicant_form_keeps_what_was_typed_and_saves_nothing(client, ld_manager, cohort):
    client.force_login(ld_manager)
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("traineeships:applicant_create", args=[cohort["intake"].pk]),
        new_applicant_data(email="not an email", stage_changed_on=future),
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in text(response)
    assert "The date cannot be in the future." in text(response)
    assert 'value="Reid"' in text(response)
    assert not Applicant.objects.filter(last_name="Reid").exists()
    assert EqualityMonitoring.objects.count() == 0


# --- The board and the move -------------------------------------------------------------------


def move_data(applicant, to_stage, note="", on=None):
    prefix = f"move-{applicant.pk}"
    return {
        f"{prefix}-to_stage": to_stage,
        f"{prefix}-on": (on or TODAY).isoformat(),
        f"{prefix}-note": note,
        f"{prefix}-version": applicant.version,
    }


def test_the_board_groups_applicants_by_stage(client, ld_manager, cohort):
    client.force_login(ld_manager)
    response = client.get(reverse("traineeships:board", args=[cohort["intake"].pk]))
    columns = {
        column["stage"]: [card["applicant"] for card in column["cards"]]
        for column in response.context["columns"]
    }
    assert columns[Stage.APPLIED] == [cohort["applied"]]
    assert columns[Stage.CHECKS] == [cohort["offered"]]
    assert columns[Stage.STARTED] == [cohort["trainee"].applicant]
    page = text(response)
    assert "1 of 6 cleared; First reference: not started; Second reference: not started" in page
    assert 'hx-post="' + reverse("traineeships:applicant_move", args=[cohort["applied"].pk]) in page


def test_a_move_without_javascript_redirects_back_to_the_board(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    board = reverse("traineeships:board", args=[cohort["intake"].pk])
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        {**move_data(ava, Stage.INTERVIEW, "Invited for Tuesday"), "next": board},
    )
    assert response.status_code == 302 and response.url == board
    assert Applicant.objects.get(pk=ava.pk).stage == Stage.INTERVIEW
    assert "Ava Green moved to interview." in text(client.get(board))


def test_a_move_with_htmx_returns_the_board_in_place(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    board = reverse("traineeships:board", args=[cohort["intake"].pk])
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        {**move_data(ava, Stage.UNSUCCESSFUL, "Not ready for shifts yet"), "next": board},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="board"' in text(response) and "Ava Green moved to unsuccessful." in text(response)
    # The moved card, and only it, takes the keyboard focus once htmx has swapped the board in.
    assert text(response).count("data-focus-after-swap") == 1
    assert f'aria-labelledby="applicant-{ava.pk}" tabindex="-1" data-focus-after-swap' in text(response)
    assert Applicant.objects.get(pk=ava.pk).closing_reason == "Not ready for shifts yet"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_move_shows_the_reason_next_to_the_field(client, ld_manager, cohort, htmx):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        move_data(ava, Stage.WITHDRAWN),
        headers=headers,
    )
    assert response.status_code == (200 if htmx else 400)
    assert f'id="id_move-{ava.pk}-note-error"' in text(response)
    assert "Say why they are withdrawn" in text(response)
    # The link to what stopped the move takes the keyboard focus after htmx swaps the board in.
    assert (
        f'Not moved: <a href="#move-{ava.pk}" data-focus-after-swap>see what to change for Ava Green</a>'
        in text(response)
    )
    assert Applicant.objects.get(pk=ava.pk).stage == Stage.APPLIED


def test_anonymised_applicants_count_but_are_never_listed(client, ld_manager, cohort):
    gone = ApplicantFactory(
        intake=cohort["intake"], first_name="Zed", stage=Stage.WITHDRAWN, anonymised_on=TODAY
    )
    client.force_login(ld_manager)
    board = text(client.get(reverse("traineeships:board", args=[cohort["intake"].pk])))
    assert "Zed" not in board and f"Anonymised applicant {gone.pk}" not in board
    assert client.get(reverse("traineeships:applicant", args=[gone.pk])).status_code == 404
    intake_page = client.get(reverse("traineeships:intake", args=[cohort["intake"].pk]))
    assert intake_page.context["overview"].funnel.total == 4


def test_starting_from_the_board_is_refused_while_references_are_missing(client, ld_manager, cohort):
    ben = cohort["offered"]
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:applicant_move", args=[ben.pk]), move_data(ben, Stage.STARTED)
    )
    assert response.status_code == 400
    assert "Not cleared yet: First reference, Second reference" in text(response)
    assert "use Start on their page" in text(response)
    assert not Trainee.objects.filter(applicant=ben).exists()


def test_a_move_from_the_applicant_page_returns_there(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        {**move_data(ava, Stage.ASSESSED_VISIT), "next": ava.get_absolute_url()},
    )
    assert response.url == ava.get_absolute_url()
    refused = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        {**move_data(Applicant.objects.get(pk=ava.pk), Stage.APPLIED), "next": ava.get_absolute_url()},
    )
    assert refused.status_code == 400
    assert refused.templates[0].name == "traineeships/recruitment/applicant.html"


def test_a_move_to_somewhere_else_is_not_followed(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        {**move_data(ava, Stage.ASSESSED_VISIT), "next": "https://evil.example/"},
    )
    assert response.url == reverse("traineeships:board", args=[cohort["intake"].pk])


# --- Checks and the start ---------------------------------------------------------------------


def checks_data(**overrides):
    data = {}
    for kind in Check.Kind:
        data.update({f"{kind}_status": "cleared", f"{kind}_on": TODAY.isoformat(), f"{kind}_note": ""})
    return {**data, **overrides}


def test_a_check_given_a_status_needs_a_date(client, ld_manager, cohort):
    ben = cohort["offered"]
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:applicant_checks", args=[ben.pk]), checks_data(reference_1_on="")
    )
    assert response.status_code == 400
    assert 'id="id_reference_1_on-error"' in text(response)
    assert "Give the date the first reference was cleared." in text(response)
    assert ben.checks.count() == 1  # nothing half-saved


def test_the_start_page_refuses_then_takes_an_override(client, ld_manager, cohort):
    ben = cohort["offered"]
    client.force_login(ld_manager)
    url = reverse("traineeships:applicant_start", args=[ben.pk])
    page = text(client.get(url))
    assert "Not cleared yet: First reference, Second reference" in page
    refused = client.post(url, {"on": TODAY.isoformat(), "version": ben.version})
    assert refused.status_code == 400
    assert 'id="error_1_id_override_reason"' in text(refused) or "override_reason" in str(
        refused.context["form"].errors
    )
    response = client.post(
        url,
        {"on": TODAY.isoformat(), "override_reason": "DBS update service checked", "version": ben.version},
    )
    assert response.status_code == 302
    assert Trainee.objects.filter(applicant=ben).exists()
    page = text(client.get(ben.get_absolute_url()))
    assert "Started before the checks were cleared" in page and "DBS update service checked" in page


def test_checks_then_start_without_override(client, ld_manager, cohort):
    ben = cohort["offered"]
    client.force_login(ld_manager)
    assert (
        client.post(reverse("traineeships:applicant_checks", args=[ben.pk]), checks_data()).status_code == 302
    )
    ben = Applicant.objects.get(pk=ben.pk)
    url = reverse("traineeships:applicant_start", args=[ben.pk])
    assert "The DBS check and both references are cleared." in text(client.get(url))
    assert client.post(url, {"on": TODAY.isoformat(), "version": ben.version}).status_code == 302
    assert Applicant.objects.get(pk=ben.pk).checks_override_reason == ""
    assert Trainee.objects.filter(applicant=ben).exists()


def test_a_closed_application_is_reopened_from_the_applicant_page(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    url = reverse("traineeships:applicant_move", args=[ava.pk])
    back = ava.get_absolute_url()
    client.post(url, {**move_data(ava, Stage.INTERVIEW), "next": back})
    client.post(
        url, {**move_data(Applicant.objects.get(pk=ava.pk), Stage.WITHDRAWN, "Moving away"), "next": back}
    )
    page = client.get(back)
    assert "Reopen the application" in text(page)
    offered = [value for value, _label, _selected in page.context["move"].choices]
    assert offered == [
        Stage.ENQUIRY,
        Stage.INFORMATION_SESSION,
        Stage.APPLIED,
        Stage.ASSESSED_VISIT,
        Stage.INTERVIEW,
    ]
    response = client.post(
        url,
        {**move_data(Applicant.objects.get(pk=ava.pk), Stage.INTERVIEW, "Stayed after all"), "next": back},
    )
    assert response.url == back
    ava = Applicant.objects.get(pk=ava.pk)
    assert (ava.stage, ava.closing_reason) == (Stage.INTERVIEW, "")


def test_the_started_applicant_page_offers_no_move(client, ld_manager, cohort):
    client.force_login(ld_manager)
    page = client.get(cohort["trainee"].applicant.get_absolute_url())
    assert page.context["move"] is None
    assert "Started" in text(page)


def test_the_board_narrowed_to_one_stage_stays_narrowed_after_a_move(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    board = reverse("traineeships:board", args=[cohort["intake"].pk])
    response = client.get(board, {"stage": Stage.APPLIED})
    assert [column["stage"] for column in response.context["columns"]] == [Stage.APPLIED]
    assert "Ava Green" in text(response) and "Ben Hill" not in text(response)
    assert 'aria-current="page">Applied</a>' in text(response)
    assert client.get(board, {"stage": "nonsense"}).context["only"] is None
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        {**move_data(ava, Stage.INTERVIEW), "next": f"{board}?stage=applied"},
        headers={"HX-Request": "true"},
    )
    assert response.context["only"] == Stage.APPLIED
    assert "Ava Green moved to interview." in text(response)
    assert [card["applicant"] for card in response.context["columns"][0]["cards"]] == []
