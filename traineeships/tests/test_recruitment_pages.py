"""The recruitment pages: the index, programme and intake pages (names for the L&D manager only),
the applicant board (htmx and plain POST), adding an applicant (equality monitoring stored apart
and never shown again), checks and the start page."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import (
    Applicant,
    EqualityMonitoring,
    PreEmploymentCheck,
    Programme,
    Stage,
    StageChange,
    Trainee,
)
from traineeships.recruitment_figures import funnel
from traineeships.tests.factories import ApplicantFactory, PlacementFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Check = PreEmploymentCheck


def text(response) -> str:
    return response.content.decode()


# --- Index, programme and intake pages --------------------------------------------------------


def test_index_for_the_ld_manager_lists_programmes_intakes_and_figures(client, ld_manager, cohort):
    client.force_login(ld_manager)
    page = text(client.get(reverse("traineeships:index")))
    assert "Lived Experience Traineeship" in page
    assert "October intake" in page
    assert "Add a programme" in page
    # 3 applicants, 1 started, 1 active placement
    assert '<td class="text-end">3</td>' in page and page.count('<td class="text-end">1</td>') == 2


def test_index_for_a_director_has_figures_but_no_admin(client, director, cohort):
    client.force_login(director)
    page = text(client.get(reverse("traineeships:index")))
    assert "October intake" in page
    assert "Add a programme" not in page and "Add an intake" not in page


def test_index_for_a_supervisor_is_a_short_text(client, supervisor, cohort):
    client.force_login(supervisor)
    page = text(client.get(reverse("traineeships:index")))
    assert "Lived Experience Traineeship" not in page
    assert "The L&amp;D manager runs the programmes" in page


def test_intake_page_names_people_for_the_ld_manager(client, ld_manager, cohort):
    client.force_login(ld_manager)
    page = text(client.get(reverse("traineeships:intake", args=[cohort["intake"].pk])))
    assert "Ben Hill" in page  # checks outstanding
    assert "Cara Lane" in page  # active placement
    assert "Applicant board" in page


def test_intake_and_programme_pages_show_a_director_figures_without_names(client, director, cohort):
    cohort["applied"].stage, cohort["applied"].closing_reason = Stage.WITHDRAWN, "Ava moved to Leeds"
    cohort["applied"].save()
    client.force_login(director)
    for url in (
        reverse("traineeships:intake", args=[cohort["intake"].pk]),
        reverse("traineeships:programme", args=[cohort["programme"].pk]),
    ):
        page = text(client.get(url))
        assert "Recruitment funnel" in page
        assert "Active placements: 1" in page
        assert "1 applicant with checks outstanding" in page
        assert "Withdrawn: 1" in page
        for name in ("Ava", "Ben Hill", "Cara Lane", "Sam Price", "Leeds"):
            assert name not in page, (url, name)


def test_funnel_counts_reached_stages_conversion_and_the_closed_apart(cohort, ld_manager):
    intake = cohort["intake"]
    # Ava (applied) withdrew after the interview; her history says how far she got.
    ava = cohort["applied"]
    StageChange.objects.create(applicant=ava, stage=Stage.INTERVIEW, on=TODAY)
    ava.stage, ava.closing_reason = Stage.WITHDRAWN, "Found work"
    ava.save()
    ApplicantFactory(intake=intake, stage=Stage.UNSUCCESSFUL, closing_reason="Not ready yet")
    ApplicantFactory(intake=intake, stage=Stage.ENQUIRY)
    figures = funnel(Applicant.objects.filter(intake=intake))
    reached = {row.stage: row.reached for row in figures.stages}
    assert figures.total == 5
    assert reached[Stage.ENQUIRY] == 4  # the unsuccessful one has no stage history: counted apart
    assert reached[Stage.INTERVIEW] == 3  # Ava, Ben (checks), Cara (started)
    assert reached[Stage.CHECKS] == 2
    assert reached[Stage.STARTED] == 1
    conversion = {row.stage: row.conversion for row in figures.stages}
    assert conversion[Stage.OFFERED] == 100 and conversion[Stage.CHECKS] == 50
    closed = {c.stage: c for c in figures.closed}
    assert closed[Stage.WITHDRAWN].count == 1
    assert closed[Stage.WITHDRAWN].left_at == [("Interview", 1)]
    assert closed[Stage.WITHDRAWN].reasons == [("Found work", 1)]
    assert closed[Stage.UNSUCCESSFUL].reasons == [("Not ready yet", 1)]


def test_support_overdue_and_breakdowns_on_the_intake_page(client, ld_manager, cohort, org, supervisor):
    # Cara started 120 days ago with no quarterly meeting: overdue.
    PlacementFactory(
        trainee=cohort["trainee"],
        host_unit=org["elm"],
        status="broken_down",
        broke_down_on=TODAY,
        breakdown_reason="Night shifts clashed with her recovery group",
        support_given="Moved to day shifts at Oak House",
    )
    client.force_login(ld_manager)
    page = text(client.get(reverse("traineeships:intake", args=[cohort["intake"].pk])))
    assert "1 overdue" in page and "Overdue" in page
    assert "Placements that broke down: 1" in page
    assert "Night shifts clashed with her recovery group" in page


# --- Programme and intake forms ---------------------------------------------------------------


def test_add_a_programme_with_new_partners(client, ld_manager, db):
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:programme_create"),
        {
            "name": "Hospital work experience",
            "kind": "work_experience",
            "new_partners": "City College\nJobcentre",
        },
    )
    programme = Programme.objects.get(name="Hospital work experience")
    assert response.url == programme.get_absolute_url()
    assert sorted(programme.partners.values_list("name", flat=True)) == ["City College", "Jobcentre"]


def test_intake_dates_in_the_wrong_order_are_refused_next_to_the_field(client, ld_manager, cohort):
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:intake_create", args=[cohort["programme"].pk]),
        {
            "name": "October intake",
            "recruitment_opens_on": "2026-03-01",
            "recruitment_closes_on": "2026-02-01",
            "starts_on": "2026-04-01",
            "ends_on": "2026-03-01",
            "places": "6",
            "status": "planned",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["recruitment_closes_on"] == ["Recruitment cannot close before it opens."]
    assert form.errors["ends_on"] == ["The intake cannot end before it starts."]
    assert "already has an intake called" in form.errors["name"][0]


def test_programme_edit_is_version_checked(client, ld_manager, cohort):
    programme = cohort["programme"]
    client.force_login(ld_manager)
    read = programme.version
    data = {"name": "Traineeship A", "kind": "service_user_traineeship", "version": read}
    assert client.post(reverse("traineeships:programme_edit", args=[programme.pk]), data).status_code == 302
    stale = client.post(reverse("traineeships:programme_edit", args=[programme.pk]), {**data, "name": "B"})
    assert stale.status_code == 409
    assert Programme.objects.get(pk=programme.pk).name == "Traineeship A"


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
    assert "Letters can be printed from here." in text(client.get(dan.get_absolute_url()))


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
    assert f'Not moved: <a href="#move-{ava.pk}">see what to change for Ava Green</a>' in text(response)
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
