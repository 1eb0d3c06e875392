"""The recruitment pages bench/run.py times answer 200 with their set-up (an intake of 300)."""

import pytest
from django.urls import reverse

from bench.generate import bench_users
from bench.pages.traineeships_recruitment import PAGES

pytestmark = pytest.mark.django_db


def test_every_recruitment_bench_page_answers(client, org):
    users = bench_users()
    for page in PAGES:
        user = users[page.user]
        client.force_login(user)
        url = reverse(page.url_name, args=page.make_args(user) if page.make_args else None)
        url = f"{url}?{page.query}" if page.query else url
        assert client.get(url).status_code == 200, page.label
