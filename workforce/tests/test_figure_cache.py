"""Today's figures in the cache (workforce/figure_cache.py): worked out once, until a write to the
apps they read commits; never cached inside a transaction; worked out when the cache is away.

Most tests here commit (transactional_db): the cache is bypassed inside a transaction, which is
where every other test runs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from actionplans.models import ActionPlan
from workforce import figure_cache
from workforce.figure_cache import remembered
from workforce.permissions import Role
from workforce.tests.compliance_data import completed, compliance_data
from workforce.tests.factories import StaffMemberFactory

TODAY = datetime.date.today()


@pytest.fixture
def cached(settings):
    settings.FIGURE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"figure": self.calls}


@pytest.mark.django_db(transaction=True)
def test_a_figure_is_worked_out_once_until_a_write_to_its_app_commits(cached):
    work_out = Counting()
    assert remembered("t", ["workforce"], ["x"], work_out) == {"figure": 1}
    assert remembered("t", ["workforce"], ["x"], work_out) == {"figure": 1}
    assert remembered("t", ["workforce"], ["other parts"], work_out) == {"figure": 2}
    ActionPlan.objects.create(title="Another app's write")  # not read by this figure
    assert remembered("t", ["workforce"], ["x"], work_out) == {"figure": 1}
    StaffMemberFactory()
    assert remembered("t", ["workforce"], ["x"], work_out) == {"figure": 3}
    assert work_out.calls == 3


@pytest.mark.django_db(transaction=True)
def test_a_write_counts_when_it_commits_and_not_if_rolled_back(cached):
    work_out = Counting()
    remembered("t", ["workforce"], [], work_out)
    with pytest.raises(RuntimeError), transaction.atomic():
        StaffMemberFactory()
        raise RuntimeError("rolled back")
    assert remembered("t", ["workforce"], [], work_out) == {"figure": 1}
    with transaction.atomic():
        StaffMemberFactory()
        StaffMemberFactory()
        # Inside the writer's transaction: worked out, neither read from nor kept in the cache.
        assert remembered("t", ["workforce"], [], work_out) == {"figure": 2}
    assert remembered("t", ["workforce"], [], work_out) == {"figure": 3}
    assert remembered("t", ["workforce"], [], work_out) == {"figure": 3}


@pytest.mark.django_db
def test_inside_a_transaction_and_when_turned_off_it_is_always_worked_out(settings):
    work_out = Counting()
    settings.FIGURE_CACHE_SECONDS = 600
    remembered("t", ["workforce"], [], work_out), remembered("t", ["workforce"], [], work_out)
    assert work_out.calls == 2  # tests run in a transaction


@pytest.mark.django_db(transaction=True)
def test_turned_off_or_unreachable_it_is_worked_out_every_time(cached, settings, monkeypatch):
    work_out = Counting()
    settings.FIGURE_CACHE_SECONDS = 0
    remembered("t", ["workforce"], [], work_out), remembered("t", ["workforce"], [], work_out)
    assert work_out.calls == 2
    settings.FIGURE_CACHE_SECONDS = 600
    # What workforce.cache.ForgivingRedisCache answers while Redis is away.
    monkeypatch.setattr(figure_cache.cache, "get_many", lambda keys: {})
    monkeypatch.setattr(figure_cache.cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(figure_cache.cache, "get", lambda key, default=None: default)
    remembered("t", ["workforce"], [], work_out), remembered("t", ["workforce"], [], work_out)
    assert work_out.calls == 4


@pytest.fixture
def role_groups(transactional_db):
    """The role groups a migration made, which the committing tests' flush removes."""
    for role in Role:
        Group.objects.get_or_create(name=role)


@pytest.mark.django_db(transaction=True)
def test_the_home_pages_and_the_matrix_follow_a_recorded_completion(
    role_groups, client, ld_manager, manager, org, cached
):
    data = compliance_data(org)

    def figures():
        client.force_login(ld_manager)
        home = client.get(reverse("home")).context
        matrix = client.get(reverse("training:matrix"), {"o": "overdue"}).context
        client.force_login(manager)
        unit = client.get(reverse("home")).context["unit_compliance"]
        return (
            home["organisation_compliance"]["measure"].value,
            [person.first_name for person, cells in matrix["rows"]],
            matrix["matrix"].counts[0].compliant,
            [entry["person"].first_name for entry in unit["people"]],
        )

    before = figures()
    assert figures() == before  # the second time from the cache
    # B (fire expired, medication missing) was the most overdue; both done today.
    assert before[1][0] == "B"
    completed(data["B"], data["fire"], 0), completed(data["B"], data["medication"], 0)
    after = figures()
    assert after[0] > before[0]
    assert after[1][0] != "B" and "B" in after[1]
    assert after[2] == before[2] + 1  # fire safety's compliant count
    # Oak House's manager saw B's expired fire safety first; now it is in date.
    assert before[3][0] == "B" and "B" not in after[3]
