"""The weekly digest (workforce/digests.py) and its core section, a manager's staff whose required
training has expired or expires within 30 days (workforce/digest_training.py): one email per
person, nothing to someone with nothing to say, once per ISO week, switched off on request, and a
manager sees only their own scope. The action plans' sections: actionplans/tests/test_digests.py."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from workforce import digests, tasks
from workforce.reminders import DigestSent, ReminderSettings
from workforce.tests.factories import (
    CourseFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def training(org, actors, leaver):
    """Fire safety, required of everyone. In Oak House (the manager's): Amira's expired, Ben's
    expires in 20 days, Cara's in 45 (not yet worth a reminder), Dan's is in date. In Elm Court:
    Eve's expired. The actors have never done it (missing, not expired: not in the digest)."""
    fire = CourseFactory(title="Fire safety")
    TrainingRequirementFactory(course=fire)
    people = {}
    for name, unit, expires in [
        ("Amira", "oak", days(-10)),
        ("Ben", "oak", days(20)),
        ("Cara", "oak", days(45)),
        ("Dan", "oak", days(300)),
        ("Eve", "elm", days(-3)),
    ]:
        person = StaffMemberFactory(
            first_name=name, last_name="Carer", org_unit=org[unit], start_date=datetime.date(2020, 1, 6)
        )
        TrainingRecordFactory(staff_member=person, course=fire, completed_on=days(-400), expires_on=expires)
        people[name] = person
    return people


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_manager_gets_one_email_naming_their_own_staff_only(training, manager, other_manager):
    counts = digests.send_weekly_digests(TODAY)

    [email] = sent_to(manager)
    assert (
        "Amira Carer (Oak House)" in email.body
        and f"Fire safety: Expired {days(-10):%-d %b %Y}" in email.body
    )
    assert (
        "Ben Carer (Oak House)" in email.body and f"Fire safety: Expiring {days(20):%-d %b %Y}" in email.body
    )
    assert "Cara" not in email.body and "Dan" not in email.body and "Eve" not in email.body
    assert email.subject == "Your week ahead: 2 things need your attention"
    html, kind = email.alternatives[0]
    assert kind == "text/html"
    assert f'href="http://localhost:8000{training["Amira"].get_absolute_url()}"' in html
    assert "Your staff&#x27;s training (2)" in html

    [other] = sent_to(other_manager)
    assert "Eve Carer (Elm Court)" in other.body and "Amira" not in other.body
    assert other.subject == "Your week ahead: 1 thing needs your attention"
    # Nobody else has anything to be told: no email at all (not an empty one).
    assert len(mail.outbox) == 2 and counts["sent"] == 2 and counts["nothing"] > 0


def test_a_leaver_is_never_emailed(training, leaver):
    digests.send_weekly_digests(TODAY)
    assert not sent_to(leaver)


def test_sent_once_per_person_per_week_even_if_beat_fires_twice(training, manager, eager_celery):
    tasks.send_weekly_digests.delay().get()
    again = tasks.send_weekly_digests.delay().get()
    assert again["sent"] == 0
    assert len(sent_to(manager)) == 1
    assert DigestSent.objects.get(user=manager).week == digests.DigestWeek(TODAY).key
    # The next ISO week is another digest.
    digests.send_weekly_digests(days(7))
    assert len(sent_to(manager)) == 2


def test_the_log_row_decides_even_for_someone_already_being_sent_to(training, manager):
    """Two beats at once both read the person as not yet sent: the unique row stops the second."""
    week = digests.DigestWeek(TODAY)
    sections = digests.compose(manager, week)
    assert digests.send_one(manager, week, sections) is True
    assert digests.send_one(manager, week, sections) is False
    assert len(sent_to(manager)) == 1


def test_switched_off_means_no_email(training, manager, other_manager):
    ReminderSettings.objects.create(user=manager, weekly_digest=False)
    digests.send_weekly_digests(TODAY)
    assert not sent_to(manager) and len(sent_to(other_manager)) == 1


def test_a_refused_email_is_tried_again_by_the_next_firing(training, manager, monkeypatch):
    def refuse(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    digests.send_weekly_digests(TODAY)
    assert not DigestSent.objects.exists()
    monkeypatch.undo()
    digests.send_weekly_digests(TODAY)
    assert len(sent_to(manager)) == 1


def test_a_later_apps_section_joins_the_same_email(training, manager, monkeypatch):
    def reviews(user, week):
        if user != manager:
            return []
        return [digests.DigestItem("Mentee review with Ben Carer", f"Due {week.day:%-d %b %Y}", "/pathways/")]

    section = digests.DigestSection("pathways.reviews", "Mentees' reviews due", reviews, order=5)
    monkeypatch.setitem(digests._sections, section.key, section)
    digests.send_weekly_digests(TODAY)
    [email] = sent_to(manager)
    assert email.body.index("MENTEES' REVIEWS DUE (1)") < email.body.index("YOUR STAFF'S TRAINING (2)")
    assert email.subject == "Your week ahead: 3 things need your attention"


def test_a_long_section_shows_the_first_items_and_says_how_many_more(training, manager, monkeypatch):
    items = [digests.DigestItem(f"Item {n}") for n in range(digests.ITEMS_SHOWN + 3)]
    section = digests.DigestSection("test.many", "Many things", lambda user, week: items, url_name="home")
    monkeypatch.setitem(digests._sections, section.key, section)
    digests.send_weekly_digests(TODAY)
    [email] = sent_to(manager)
    assert (
        f"Item {digests.ITEMS_SHOWN - 1}" in email.body and f"Item {digests.ITEMS_SHOWN}\n" not in email.body
    )
    assert "...and 3 more: http://localhost:8000/" in email.body


# --- the setting page ---------------------------------------------------------------------------

URL = reverse("email_reminders")


def test_the_setting_is_on_until_switched_off(client, mentor):
    client.force_login(mentor)
    page = client.get(URL).content.decode()
    assert 'name="weekly_digest"' in page and "checked" in page
    assert "Your staff&#x27;s training" in page  # what the digest can hold, from the registry
    response = client.post(URL, {})
    assert response.status_code == 302
    assert ReminderSettings.objects.get(user=mentor).weekly_digest is False
    assert "checked" not in client.get(URL).content.decode().split('name="weekly_digest"')[1].split(">")[0]
    client.post(URL, {"weekly_digest": "on"})
    assert ReminderSettings.objects.get(user=mentor).weekly_digest is True


def test_the_user_menu_links_to_it(client, director):
    client.force_login(director)
    assert f'href="{URL}">Email reminders</a>' in client.get(reverse("home")).content.decode()


def test_the_setting_page_costs_the_same_queries_whatever_the_number_of_users(
    client, actors, django_assert_num_queries
):
    from workforce.tests.factories import UserFactory

    client.force_login(actors["mentor"])

    def count():
        # session, user, staff record, role groups; the setting
        with django_assert_num_queries(5):
            assert client.get(URL).status_code == 200

    count()
    for n in range(30):
        ReminderSettings.objects.create(user=UserFactory(username=f"person{n}"), weekly_digest=n % 2 == 0)
    count()
