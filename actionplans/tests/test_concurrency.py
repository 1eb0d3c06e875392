"""Editing the same action in two tabs: the second save is refused, says what changed, keeps the
user's input and overwrites nothing. The version check is one conditional UPDATE, so it holds
under real concurrency too (checked on PostgreSQL, where rows are locked)."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils.html import escape

from actionplans import ordering
from actionplans.forms.action import ActionForm
from actionplans.models import Action
from actionplans.tests.factories import ActionFactory
from actionplans.tests.plan_data import edit_action_post, layout_a_plan
from workforce.tests.factories import StaffMemberFactory
from workforce.versioning import StaleEdit


@pytest.fixture
def action(db):
    return layout_a_plan().actions["1.1.1"]


def open_tab(client, action) -> dict:
    """GET the edit page and return what its form would post back unchanged."""
    response = client.get(reverse("actionplans:action_edit", args=[action.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert f'name="version" value="{action.version}"' in response.content.decode()
    return edit_action_post(
        action, version=form["version"].value(), seen_history=form["seen_history"].value() or ""
    )


def test_the_second_tab_is_refused_with_what_changed_and_keeps_its_input(client, ld_manager, action):
    client.force_login(ld_manager)
    url = reverse("actionplans:action_edit", args=[action.pk])
    tab1, tab2 = open_tab(client, action), open_tab(client, action)

    first = client.post(
        url, {**tab1, "description": "Benchmark trainer capacity (tab 1)", "status": "in_progress"}
    )
    assert first.status_code == 302

    second = client.post(
        url, {**tab2, "description": "Benchmark trainer capacity (tab 2)", "timeframe": "Q3"}
    )
    html = second.content.decode()
    assert second.status_code == 409
    assert "Not saved: someone else saved this action after you opened it." in html
    conflicts = {c.label: (c.yours, c.theirs) for c in second.context["conflict"].fields}
    assert conflicts == {
        "Description": ("Benchmark trainer capacity (tab 2)", "Benchmark trainer capacity (tab 1)"),
        "Status": ("Not started", "In progress"),
    }
    assert '<th scope="row">Description</th><td>Benchmark trainer capacity (tab 2)</td>' in html
    assert f"Saved by {escape(ld_manager.get_full_name())}" in html
    # Nothing overwritten ...
    action.refresh_from_db()
    assert (action.description, action.status, action.timeframe, action.version) == (
        "Benchmark trainer capacity (tab 1)",
        "in_progress",
        "",
        2,
    )
    # ... and the second tab's input is still in the form.
    assert "Benchmark trainer capacity (tab 2)</textarea>" in html
    assert 'value="Q3"' in html


def test_saving_again_after_seeing_the_conflict_is_deliberate_and_goes_through(client, ld_manager, action):
    client.force_login(ld_manager)
    url = reverse("actionplans:action_edit", args=[action.pk])
    tab1, tab2 = open_tab(client, action), open_tab(client, action)
    client.post(url, {**tab1, "description": "From tab 1"})
    refused = client.post(url, {**tab2, "description": "From tab 2"})
    assert refused.status_code == 409
    again = refused.context["form"].data  # what the re-rendered form posts back
    assert client.post(url, again).status_code == 302
    action.refresh_from_db()
    assert (action.description, action.version) == ("From tab 2", 3)


def test_owners_changed_in_the_other_tab_are_shown(client, ld_manager, action):
    someone, someone_else = StaffMemberFactory(first_name="Sam", last_name="Brown"), StaffMemberFactory()
    client.force_login(ld_manager)
    url = reverse("actionplans:action_edit", args=[action.pk])
    tab1, tab2 = open_tab(client, action), open_tab(client, action)
    assert client.post(url, {**tab1, "owners": [someone.pk]}).status_code == 302
    refused = client.post(url, {**tab2, "owners": [someone_else.pk]})
    conflicts = {c.label: (c.yours, c.theirs) for c in refused.context["conflict"].fields}
    assert conflicts["Owners"] == (f"{someone_else.full_name} ({someone_else.initials})", "Sam Brown (SB)")
    assert list(action.owners.all()) == [someone]


def test_a_renumber_in_between_refuses_the_stale_save(client, ld_manager, action):
    client.force_login(ld_manager)
    url = reverse("actionplans:action_edit", args=[action.pk])
    tab = open_tab(client, action)
    ordering.move(action, ordering.DOWN, user=ld_manager)  # 1.1.1 becomes 1.1.2
    refused = client.post(url, {**tab, "description": "Edited"})
    assert refused.status_code == 409
    assert {c.label: (c.yours, c.theirs) for c in refused.context["conflict"].fields} == {
        "Number": ("1.1.1", "1.1.2")
    }
    action.refresh_from_db()
    assert (action.number, action.description) == ("1.1.2", "Benchmark leadership capacity across partners")


def test_the_form_refuses_a_stale_version_before_writing_anything(action):
    plan = action.plan
    stale = ActionForm(edit_action_post(action, description="Stale"), instance=action, plan=plan)
    fresh = ActionForm(
        edit_action_post(action, description="Fresh"), instance=Action.objects.get(pk=action.pk), plan=plan
    )
    assert stale.is_valid() and fresh.is_valid()
    with transaction.atomic():
        fresh.save()
    with pytest.raises(StaleEdit), transaction.atomic():
        stale.save()
    action.refresh_from_db()
    assert (action.description, action.version) == ("Fresh", 2)
    assert action.history.count() == 2  # created, then the one save that went through


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_on_postgresql_one_wins_and_one_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://...")
    action = ActionFactory(description="Original")
    data = {name: edit_action_post(action, description=f"From {name}") for name in ("first", "second")}
    first_wrote, second_ready = threading.Event(), threading.Event()
    outcome = {}

    def save(name):
        try:
            form = ActionForm(data[name], instance=Action.objects.get(pk=action.pk), plan=action.plan)
            assert form.is_valid(), form.errors
            if name == "second":
                first_wrote.wait(10)
                second_ready.set()
            try:
                with transaction.atomic():
                    form.save()
                    if name == "first":
                        first_wrote.set()
                        # Hold the row lock while the second save tries the same UPDATE; whichever
                        # way the threads interleave, it can only match no row.
                        second_ready.wait(10)
                        threading.Event().wait(0.3)
                outcome[name] = "saved"
            except StaleEdit:
                outcome[name] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"first": "saved", "second": "refused"}
    action.refresh_from_db()
    assert (action.description, action.version) == ("From first", 2)


def test_an_admin_edit_moves_the_version_on(client, superuser):
    from django.urls import reverse

    from actionplans.tests.factories import ActionFactory

    action = ActionFactory(description="Before")
    client.force_login(superuser)
    page = client.get(reverse("admin:actionplans_action_change", args=[action.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("owners", "dependencies")}
    data.update(
        {"description": "Changed in the admin", "outputs-TOTAL_FORMS": "0", "outputs-INITIAL_FORMS": "0"}
    )
    response = client.post(reverse("admin:actionplans_action_change", args=[action.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.description == "Changed in the admin"
    assert action.version == 2
