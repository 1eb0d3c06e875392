"""The applicant board at a large trust's size: an intake of 300 stays under 200 KB of HTML by
showing each stage's first APPLICANT_BOARD_COLUMN_SIZE cards, and every applicant stays reachable
through their column's "Show all" (htmx, `board_column`) or, without JavaScript, the board
narrowed to that stage. A card just moved or refused is shown wherever it falls in its column."""

import datetime
import re

import pytest
from django.urls import reverse

from traineeships.models import Applicant, Stage
from traineeships.tests.factories import ApplicantFactory
from traineeships.tests.test_recruitment_applicant_pages import move_data, text
from traineeships.tests.test_recruitment_queries import grow

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
MOVE_TO_NOTE = "move-note-help"


def board_url(cohort) -> str:
    return reverse("traineeships:board", args=[cohort["intake"].pk])


def column_url(cohort, stage) -> str:
    return reverse("traineeships:board_column", args=[cohort["intake"].pk]) + f"?stage={stage}"


def test_an_intake_of_300_is_under_200_kb_and_everyone_is_reachable(client, ld_manager, cohort, org):
    grow(cohort, org, 300)
    client.force_login(ld_manager)
    response = client.get(board_url(cohort))
    assert len(response.content) < 200_000, len(response.content)
    page = text(response)
    applicants = Applicant.objects.filter(intake=cohort["intake"])
    assert applicants.count() == 300
    for column in response.context["columns"]:
        at_stage = applicants.filter(stage=column["stage"])
        # The count is the whole column's, however few cards are shown.
        assert column["count"] == at_stage.count()
        assert f'{column["label"]} <span class="badge text-bg-light border">{column["count"]}</span>' in page
        shown = {card["applicant"].pk for card in column["cards"]}
        if column["more"]:
            assert len(shown) == 10
            label = column["label"].lower()
            assert f"Show all {column['count']} in {label}</a>" in page
            assert f'href="{board_url(cohort)}?stage={column["stage"]}"' in page
            assert f'hx-get="{column_url(cohort, column["stage"])}"' in page
            rest = text(client.get(column_url(cohort, column["stage"])))
            for applicant in at_stage:
                assert f">{applicant}</a></h3>" in rest
        for applicant in at_stage.filter(pk__in=shown):
            assert f">{applicant}</a></h3>" in page


def test_cards_share_what_they_can(client, ld_manager, cohort, org):
    """What every card's form would repeat is said once: the target and swap on #board, the
    note's help once for the board, no `next` back to the whole board (the default)."""
    grow(cohort, org, 30)
    client.force_login(ld_manager)
    page = text(client.get(board_url(cohort)))
    assert page.count('hx-target="#board"') == 1
    assert page.count(f'id="{MOVE_TO_NOTE}"') == 1
    assert page.count(f'aria-describedby="{MOVE_TO_NOTE}"') == page.count("<textarea")
    assert 'name="next"' not in page
    # Narrowed to a stage, a move comes back to the narrowed board.
    narrowed = text(client.get(board_url(cohort), {"stage": Stage.APPLIED}))
    assert f'name="next" value="{board_url(cohort)}?stage=applied"' in narrowed


def test_the_column_size_is_a_setting(client, ld_manager, cohort, org, settings):
    settings.APPLICANT_BOARD_COLUMN_SIZE = 3
    grow(cohort, org, 100)
    client.force_login(ld_manager)
    columns = client.get(board_url(cohort)).context["columns"]
    assert {len(column["cards"]) for column in columns} == {3}
    assert all(column["more"] and column["count"] > 3 for column in columns)


def test_the_column_shows_every_card_and_focuses_the_first_new_one(client, ld_manager, cohort, org):
    grow(cohort, org, 300)
    client.force_login(ld_manager)
    response = client.get(column_url(cohort, Stage.APPLIED))
    assert response.status_code == 200
    assert response.templates[0].name == "traineeships/recruitment/_board_column.html"
    cards = response.context["column"]["cards"]
    at_applied = Applicant.objects.filter(intake=cohort["intake"], stage=Stage.APPLIED).count()
    assert len(cards) == at_applied == response.context["column"]["count"] > 10
    assert not response.context["column"]["more"]
    page = text(response)
    assert re.match(r"\s*(\{#.*#\})?\s*<section", page)
    assert page.count("data-focus-after-swap") == 1
    eleventh = cards[10]["applicant"]
    assert f'aria-labelledby="applicant-{eleventh.pk}" tabindex="-1" data-focus-after-swap' in page
    # Its cards' moves come back to the whole board, into #board (inherited from the board).
    assert 'name="next"' not in page and page.count("hx-post=") == at_applied


def test_a_short_column_shown_whole_focuses_nothing(client, ld_manager, cohort):
    client.force_login(ld_manager)
    page = text(client.get(column_url(cohort, Stage.APPLIED)))
    assert "Ava Green" in page and "data-focus-after-swap" not in page


@pytest.mark.parametrize("stage", ["", "nonsense"])
def test_the_column_of_no_stage_is_404(client, ld_manager, cohort, stage):
    client.force_login(ld_manager)
    url = reverse("traineeships:board_column", args=[cohort["intake"].pk])
    assert client.get(url, {"stage": stage} if stage else {}).status_code == 404


def test_the_column_of_another_intake_lists_only_its_own(client, ld_manager, cohort):
    other = ApplicantFactory(first_name="Olu", stage=Stage.APPLIED)
    client.force_login(ld_manager)
    page = text(client.get(column_url(cohort, Stage.APPLIED)))
    assert "Ava Green" in page and str(other) not in page


def test_without_javascript_show_all_opens_the_column_whole(client, ld_manager, cohort, org):
    grow(cohort, org, 300)
    client.force_login(ld_manager)
    response = client.get(board_url(cohort), {"stage": Stage.INTERVIEW})
    [column] = response.context["columns"]
    assert len(column["cards"]) == column["count"] > 10 and not column["more"]
    assert "Show all" not in text(response)


def late_in_interview(settings, cohort):
    """Interview's column shows 2 cards; Abbotts come before Ava Green there."""
    settings.APPLICANT_BOARD_COLUMN_SIZE = 2
    for first in ("Al", "Bea", "Cy"):
        ApplicantFactory(intake=cohort["intake"], first_name=first, last_name="Abbott", stage=Stage.INTERVIEW)


def test_a_card_moved_past_the_first_few_is_shown_and_focused(client, ld_manager, cohort, settings):
    late_in_interview(settings, cohort)
    ava = cohort["applied"]
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        move_data(ava, Stage.INTERVIEW),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    interview = next(c for c in response.context["columns"] if c["stage"] == Stage.INTERVIEW)
    assert [str(card["applicant"]) for card in interview["cards"]] == ["Al Abbott", "Bea Abbott", "Ava Green"]
    assert interview["count"] == 4 and interview["more"]
    assert f'aria-labelledby="applicant-{ava.pk}" tabindex="-1" data-focus-after-swap' in text(response)


def test_a_refused_card_past_the_first_few_is_shown_with_its_errors(client, ld_manager, cohort, settings):
    late_in_interview(settings, cohort)
    ava = cohort["applied"]
    ava.stage = Stage.INTERVIEW
    ava.save()
    client.force_login(ld_manager)
    response = client.post(
        reverse("traineeships:applicant_move", args=[ava.pk]),
        move_data(Applicant.objects.get(pk=ava.pk), Stage.WITHDRAWN),
        headers={"HX-Request": "true"},
    )
    page = text(response)
    assert f'id="id_move-{ava.pk}-note-error"' in page
    assert f'href="#move-{ava.pk}" data-focus-after-swap' in page
    assert re.search(rf'<form [^>]*id="move-{ava.pk}"', page)
