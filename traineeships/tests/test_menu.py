"""The Traineeships menu offers each page to those who may open it, and each link opens."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "Programmes and intakes": "traineeships:index",
    "My trainees": "traineeships:my_trainees",
    "Figures": "traineeships:figures",
    "Letters to applicants": "traineeships:letter_templates",
    "Retention runs": "traineeships:retention_runs",
    "Confidential plans: access log": "traineeships:access_log",
}
EVERYONE = {"Programmes and intakes", "My trainees"}


@pytest.mark.parametrize(
    ("actor", "offered"),
    [
        ("ld_manager", set(PAGES)),
        ("director", EVERYONE | {"Figures"}),
        ("manager", EVERYONE),
        ("supervisor", EVERYONE),
        # A superuser holds every ability but the confidential one, which needs the role.
        ("superuser", set(PAGES) - {"Confidential plans: access log"}),
    ],
)
def test_the_menu_offers_each_page_to_those_who_may_open_it(client, request, actor, offered):
    client.force_login(request.getfixturevalue(actor))
    home = client.get(reverse("home")).content.decode()
    menu = home[home.index(">Traineeships</a>") :]
    menu = menu[: menu.index("</ul>")]
    shown = {label for label, name in PAGES.items() if f'href="{reverse(name)}"' in menu}
    assert shown == offered
    for label in offered:
        assert client.get(reverse(PAGES[label])).status_code == 200, label


@pytest.mark.parametrize(
    ("actor", "offered"), [("supervisor", False), ("manager", True), ("ld_manager", True)]
)
def test_the_organisation_menu_only_for_those_who_may_read_the_catalogue(client, request, actor, offered):
    """A placement supervisor may have no role at all: no catalogue, so no menu leading to a 403."""
    client.force_login(request.getfixturevalue(actor))
    home = client.get(reverse("home")).content.decode()
    assert (">Organisation</a>" in home) is offered
    assert (f'href="{reverse("catalogue:orgunit_list")}"' in home) is offered
    assert client.get(reverse("catalogue:orgunit_list")).status_code == (200 if offered else 403)
