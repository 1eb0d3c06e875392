"""A leaver signs in and meets "Your access has ended" (and can sign out); an L&D manager
restores a re-joiner's sign-in from their profile."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, login
from workforce.models import StaffMember
from workforce.tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_a_leaver_sees_their_access_has_ended_and_signs_out(page, leaver):
    login(page, "leaver")

    expect(page.get_by_role("heading", name="Your access has ended")).to_be_visible()
    expect(page.get_by_text("Learning and Development (L&D) team")).to_be_visible()
    expect(page.get_by_role("link", name="Staff")).to_have_count(0)
    assert_accessible(page)

    page.goto("/staff/")
    expect(page.get_by_role("heading", name="Your access has ended")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_an_ld_manager_restores_a_rejoiners_sign_in(page, ld_manager, org):
    rejoiner = StaffMemberFactory(
        first_name="Amira", last_name="Khan", org_unit=org["oak"], user=UserFactory(username="amira")
    )
    rejoiner.user.is_active = False
    rejoiner.user.save()
    login(page, "ld")
    page.goto(rejoiner.get_absolute_url())

    restore = page.get_by_role("button", name="Restore sign-in")
    expect(restore).to_be_visible()
    assert_accessible(page)
    restore.click()

    expect(page.get_by_text("Amira Khan can sign in again.")).to_be_visible()
    expect(page.get_by_text("Can sign in as amira")).to_be_visible()
    assert StaffMember.objects.get(pk=rejoiner.pk).user.is_active
