"""Who reads the succession pages beyond the permission table's canonical actors: the candidate
(a login with no role) is refused, and a director reads the talent grid's counts without names."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PAGES = ["pathways:succession", "pathways:talent_grid", "pathways:succession_export"]


@pytest.mark.parametrize("name", PAGES)
def test_the_candidate_is_refused(client, enrolment, candidate, name):
    client.force_login(candidate.user)
    assert client.get(reverse(name)).status_code == 403
