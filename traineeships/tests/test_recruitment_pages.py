"""The recruitment pages about programmes and intakes: the index, the programme and intake pages
(names for the L&D manager only, the funnel's figures) and their forms. The applicant pages are
test_recruitment_applicant_pages.py's."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import (
    Applicant,
    PreEmploymentCheck,
    Programme,
    Stage,
    StageChange,
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


def test_intake_and_programme_pages_lead_to_sessions_and_figures_for_those_who_may_open_them(
    client, ld_manager, director, cohort
):
    intake, programme = cohort["intake"], cohort["programme"]
    sessions = reverse("traineeships:intake_sessions", args=[intake.pk])
    figures = [
        reverse("traineeships:intake_diversity", args=[intake.pk]),
        reverse("traineeships:intake_evaluation", args=[intake.pk]),
    ]
    client.force_login(ld_manager)
    page = text(client.get(reverse("traineeships:intake", args=[intake.pk])))
    assert all(f'href="{url}"' in page for url in [sessions, *figures])
    programme_page = text(client.get(reverse("traineeships:programme", args=[programme.pk])))
    assert f'href="{reverse("traineeships:programme_evaluation", args=[programme.pk])}"' in programme_page
    client.force_login(director)  # reads the figures; sessions are the L&D manager's
    page = text(client.get(reverse("traineeships:intake", args=[intake.pk])))
    assert all(f'href="{url}"' in page for url in figures) and sessions not in page
