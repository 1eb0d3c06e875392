"""The succession page at a large trust's size: hundreds of candidates named a few per role and
readiness (counts whole) under the 200 KB page budget, the rest one "show all" away (htmx, or the
page with `?open=&readiness=` without JavaScript), at a query count that does not grow."""

import re

import pytest
from django.urls import reverse

from pathways import succession
from pathways.models import Enrolment
from pathways.tests.test_succession import candidate_for
from workforce.models import OrgUnit
from workforce.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db
URL = reverse("pathways:succession")
KEYS = [succession.ReadinessGroup(value, label).key for value, label in succession.READINESS_COLUMNS]
# session, user, staff record (middleware), groups; units for the picker; the role's stages; the
# organisation root and its children (the places); incumbents counted and named; candidates
# counted and named (the page's query count, test_succession.py, less nothing: the same reads).
FRAGMENT_QUERIES = 12


def show_all_url(role, key, **query):
    """As the page writes it: its own query (the unit filter) first, the readiness last."""
    params = [*(f"{name}={value}" for name, value in query.items()), f"readiness={key}"]
    return reverse("pathways:succession_candidates", args=[role.pk]) + "?" + "&".join(params)


def candidate_links(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/pathways/candidates/(\d+)/"', html)}


def add_candidates(world, org, count):
    """`count` candidates for Link Trainer and Regional Training Officer (in turn) in 20 homes of
    both regions, each role's every readiness in turn."""
    homes = [
        OrgUnitFactory(name=f"Home {n}", kind=OrgUnit.Kind.HOME, parent=org["north" if n % 2 else "south"])
        for n in range(20)
    ]
    for n in range(count):
        candidate_for(
            world["stages"][1 + n % 2],
            homes[n // 2 % 20],
            succession.READINESS_COLUMNS[n // 2 % len(KEYS)][0],
            first_name=f"Candidate{n:03d}",
            last_name=f"Surname{n:03d}",
        )


@pytest.fixture
def world(org, actors, enrolment, ladder):
    return {"enrolment": enrolment, **ladder}


def test_hundreds_of_candidates_fit_the_budget_and_every_one_is_reachable(client, world, ld_manager, org):
    add_candidates(world, org, 400)
    client.force_login(ld_manager)
    response = client.get(URL)

    assert len(response.content) < 200_000
    page = response.content.decode()
    plan = response.context["plan"]
    assert sum(entry.candidate_count for entry in plan.roles) == 401  # the counts are whole
    on_page = candidate_links(page)
    # A few per role and readiness are named; every other is behind its readiness's "show all".
    assert len(on_page) <= len(plan.roles) * len(KEYS) * succession.CANDIDATES_SHOWN
    reached = set(on_page)
    for entry in plan.roles:
        for group in entry.readiness:
            if not group.more:
                continue
            assert f"and {group.more} more: " in page
            assert f'hx-get="{show_all_url(entry.role, group.key)}"' in page
            fragment = client.get(show_all_url(entry.role, group.key), headers={"HX-Request": "true"})
            assert len(candidate_links(fragment.content.decode())) == group.count
            reached |= candidate_links(fragment.content.decode())
    assert reached == set(Enrolment.objects.open().values_list("pk", flat=True))


def test_without_javascript_show_all_opens_that_readiness_on_the_page(
    client, world, ld_manager, org, monkeypatch
):
    monkeypatch.setattr(succession, "CANDIDATES_SHOWN", 3)
    add_candidates(world, org, 40)
    link_trainer = world["roles"]["link_trainer"]
    client.force_login(ld_manager)
    page = client.get(URL).content.decode()
    fallback = f"?open={link_trainer.pk}&amp;readiness=ready_now#role-{link_trainer.pk}-ready_now"
    assert f'href="{fallback}"' in page

    response = client.get(URL, {"open": link_trainer.pk, "readiness": "ready_now"})
    plan = response.context["plan"]
    link = next(entry for entry in plan.roles if entry.role == link_trainer)
    ready_now = link.readiness[0]
    assert ready_now.count == 4 and len(ready_now.candidates) == 4 and not ready_now.more
    # The other readinesses, and the other roles, stay cut.
    assert all(group.more for group in link.readiness[1:4])
    rto = next(entry for entry in plan.roles if entry.role == world["roles"]["rto"])
    assert rto.readiness[0].more
    assert "open=" not in response.content.decode().split('id="role-', 1)[0]  # the downloads'


def test_show_all_keeps_the_unit_filter_and_the_readers_scope(
    client, world, ld_manager, manager, org, monkeypatch
):
    monkeypatch.setattr(succession, "CANDIDATES_SHOWN", 2)  # North's few are then cut too
    add_candidates(world, org, 60)
    link_trainer = world["roles"]["link_trainer"]
    client.force_login(ld_manager)
    page = client.get(URL, {"unit": org["north"].pk}).content.decode()
    north_url = show_all_url(link_trainer, "not-judged", unit=org["north"].pk)
    assert f'hx-get="{north_url.replace("&", "&amp;")}"' in page
    north = client.get(north_url).content.decode()
    whole = client.get(show_all_url(link_trainer, "not-judged")).content.decode()
    assert "Priya Shah" in north and 0 < len(candidate_links(north)) < len(candidate_links(whole))
    # Priya (Oak House) is the only candidate the Oak House manager sees.
    client.force_login(manager)
    mine = client.get(show_all_url(link_trainer, "not-judged")).content.decode()
    assert candidate_links(mine) == {world["enrolment"].pk}


@pytest.mark.parametrize(
    "query",
    ["open=abc&readiness=ready_now", "open=99999999999999999999&readiness=ready_now", "open=1&readiness=x"],
)
def test_the_page_ignores_what_it_cannot_open(client, world, ld_manager, query):
    client.force_login(ld_manager)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200 and "Priya Shah" in response.content.decode()


@pytest.mark.parametrize("key", ["", "soon", "ready now"])
def test_show_all_of_an_unknown_readiness_is_a_404(client, world, ld_manager, key):
    client.force_login(ld_manager)
    assert client.get(show_all_url(world["roles"]["link_trainer"], key)).status_code == 404


def test_show_all_of_a_role_no_active_pathway_leads_to_is_a_404(client, world, ld_manager):
    client.force_login(ld_manager)
    world["pathway"].is_active = False
    world["pathway"].save()
    assert client.get(show_all_url(world["roles"]["link_trainer"], "not-judged")).status_code == 404


@pytest.mark.parametrize("size", [10, 150])
def test_show_alls_query_count_does_not_grow(client, world, ld_manager, org, size, django_assert_num_queries):
    add_candidates(world, org, size)
    client.force_login(ld_manager)
    with django_assert_num_queries(FRAGMENT_QUERIES):
        response = client.get(show_all_url(world["roles"]["rto"], "ready_now"))
    assert len(candidate_links(response.content.decode())) == response.context["group"].count
