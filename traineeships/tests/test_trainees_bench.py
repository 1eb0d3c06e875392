"""bench/pages/traineeships.py (trainees part): the set-up makes its data once, and every page it
lists answers, for the users the bench signs in as."""

import pytest
from django.urls import reverse

from bench.pages.traineeships_trainees import BENCH_TRAINEES, PAGES
from traineeships.models import AccessLogEntry, Trainee
from workforce.permissions import Role
from workforce.tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_bench_pages_answer(client, org):
    users = {
        "ld": UserFactory(username="bench-ld", roles=[Role.LD_MANAGER]),
        "manager": UserFactory(username="bench-manager", roles=[Role.MANAGER]),
    }
    StaffMemberFactory(user=users["manager"], org_unit=org["oak"])
    for _ in range(3):
        StaffMemberFactory(org_unit=org["oak"])
    for page in PAGES:
        user = users[page.user]
        args = page.make_args(user) if page.make_args else None
        client.force_login(user)
        assert client.get(reverse(page.url_name, args=args)).status_code == 200, page.label
    assert Trainee.objects.count() == BENCH_TRAINEES  # made once, whatever the pages asked
    assert AccessLogEntry.objects.filter(action="opened").count() == 3 * BENCH_TRAINEES + 1
