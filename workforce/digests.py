"""The weekly digest: one email per person with everything that needs their attention.

Celery beat runs `workforce.send_weekly_digests` on Monday mornings (a django-celery-beat row
made by migration 0008_sched_reminders). For each person who can be emailed and has not
switched digests off, every registered section is asked for its items; a person with no item
gets nothing, and anyone else gets ONE email listing them all, in plain text and HTML.

Sections come from a registry, so the core never imports the apps (as with home panels):

    register_digest_section("actionplans.actions", my_actions, title="Your actions", order=10)

`func(user, week) -> list[DigestItem]`; `week` is a `DigestWeek`: the day the digest is made,
its ISO week, and `week.shared(key, make)` for what every person's section can reuse (the
training compliance columns are loaded once for all managers, not once per manager). A
section should cost a fixed number of queries per person.

Once per person per ISO week: the `DigestSent` row is written in the transaction that sends
the email, and its unique constraint stops a second firing of beat (or a second beat) from
sending again. If the mail server refuses, the row is rolled back and the next firing that week
tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from workforce.access import users_with_access
from workforce.reminders import DigestSent

logger = logging.getLogger(__name__)

# A long list helps nobody: a section shows this many and says how many more there are.
ITEMS_SHOWN = 25


@dataclass(frozen=True)
class DigestItem:
    text: str  # "Action 1.2: Create the Link Trainer role"
    detail: str = ""  # "Overdue since 3 Oct 2026 (Workforce Plan 2026)"
    url: str = ""  # a path in the app ("/action-plans/actions/12/"); the email makes it absolute


@dataclass
class DigestWeek:
    day: datetime.date  # the day the digest is made
    _shared: dict = field(default_factory=dict, repr=False)

    @property
    def key(self) -> str:
        year, week, _ = self.day.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def monday(self) -> datetime.date:
        return self.day - datetime.timedelta(days=self.day.weekday())

    def shared(self, key: str, make: Callable[[], object]):
        """What every person's section can reuse this week, made once on first use."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]


SectionFunc = Callable[[object, DigestWeek], list[DigestItem]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    func: SectionFunc
    order: int = 100
    url_name: str = ""  # where the whole list is, for "and 12 more"
    about: str = ""  # who gets it and what it lists, for the settings page


@dataclass
class ShownSection:
    section: DigestSection
    items: list[DigestItem]
    more_url: str = ""  # absolute, filled in for the email

    @property
    def shown(self) -> list[DigestItem]:
        return self.items[:ITEMS_SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - ITEMS_SHOWN)


_sections: dict[str, DigestSection] = {}


def register_digest_section(
    key: str, func: SectionFunc, *, title: str, order: int = 100, url_name: str = "", about: str = ""
) -> None:
    """Add a section to the weekly digest (call from AppConfig.ready). Registering a key again
    replaces it, so a reloaded app does not list its items twice."""
    _sections[key] = DigestSection(key, title, func, order, url_name, about)


def registered_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def compose(user, week: DigestWeek) -> list[ShownSection]:
    """The sections that have something for this person, in order."""
    shown = []
    for section in registered_sections():
        items = section.func(user, week)
        if items:
            shown.append(ShownSection(section, list(items)))
    return shown


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def message_for(user, week: DigestWeek, sections: list[ShownSection]) -> EmailMultiAlternatives:
    total = sum(len(shown.items) for shown in sections)
    for shown in sections:
        if shown.section.url_name:
            shown.more_url = absolute(reverse(shown.section.url_name))
    context = {
        "user": user,
        "week": week,
        "sections": sections,
        "total": total,
        "site_url": settings.SITE_URL,
        "settings_url": absolute(reverse("email_reminders")),
    }
    things = "1 thing needs" if total == 1 else f"{total} things need"
    subject = f"Your week ahead: {things} your attention"
    text = render_to_string("workforce/email/digest.txt", context)
    html = render_to_string("workforce/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def recipients(week: DigestWeek):
    """Who may get this week's digest: reachable by email, not switched off, not yet sent."""
    return (
        users_with_access(week.day)
        .exclude(reminder_settings__weekly_digest=False)
        .exclude(digests_sent__week=week.key)
        .order_by("pk")
    )


def send_weekly_digests(day: datetime.date | None = None) -> dict[str, int]:
    """Send this ISO week's digests; safe to run twice. Returns {"sent": n, "nothing": n, "skipped": n}."""
    week = DigestWeek(day or timezone.localdate())
    counts = {"sent": 0, "nothing": 0, "skipped": 0}
    for user in recipients(week):
        sections = compose(user, week)
        if not sections:
            counts["nothing"] += 1
            continue
        counts["sent" if send_one(user, week, sections) else "skipped"] += 1
    return counts


def send_one(user, week: DigestWeek, sections: list[ShownSection]) -> bool:
    """Log and send one person's digest together; False if it was already sent this week."""
    items = sum(len(shown.items) for shown in sections)
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, week=week.key, items=items)
            message_for(user, week, sections).send()
    except IntegrityError:
        return False  # another firing sent it a moment ago
    except Exception:
        # The log row went with the rollback: the next firing this week tries again.
        logger.exception("The weekly digest for user %s could not be sent", user.pk)
        return False
    return True
