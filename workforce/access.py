"""Ending and restoring a leaver's sign-in: the one rule the staff pages, the admin and the
staff import all call.

A staff record that has left (leaving date today or earlier) or is archived takes its login
with it: `end_logins` sets the linked users' `is_active=False`, which also ends their open
sessions (Django's ModelBackend refuses inactive users on the next request). A leaving date in
the future does nothing yet; once it passes, workforce.middleware stops the login at the door.

Re-joining never reactivates a login by itself: after the leaving date is cleared (or the
record restored), an L&D manager presses "Restore sign-in" (`restore_sign_in`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction

from workforce.models import StaffMember


class AccessError(Exception):
    """A sign-in cannot be restored; the message says why, in words for the page."""


def end_logins(people: Iterable[StaffMember], on: datetime.date | None = None) -> int:
    """Deactivate the logins of those of `people` whose access has ended; how many were active."""
    user_ids = [p.user_id for p in people if p.user_id and p.access_has_ended(on)]
    if not user_ids:
        return 0
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).update(is_active=False)


def end_login_if_left(person: StaffMember) -> bool:
    """After a single record's leaving date or archive flag changed: True if a login was ended."""
    return end_logins([person]) > 0


def restore_sign_in(person: StaffMember) -> None:
    """Reactivate a re-joiner's login, recorded in the staff record's history."""
    if person.user_id is None:
        raise AccessError(f"{person.full_name} has no login to restore.")
    if person.access_has_ended():
        raise AccessError(
            f"{person.full_name} is still recorded as a leaver or archived: clear the leaving date "
            "or restore the record first."
        )
    user = person.user
    if user.is_active:
        raise AccessError(f"{person.full_name} can already sign in.")
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        # No field of the staff record changes; the history row carries the reason.
        person._change_reason = "Sign-in restored"
        person.save()


def users_with_access(on: datetime.date | None = None):
    """Active logins that may still be reached by email: not deactivated, with an address, and
    whose staff record (if they have one) has not left or been archived by `on`. The weekly
    digests and a scheduled report's recipients both start here, so a leaver is never mailed."""
    on = on or datetime.date.today()
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(staff_member__is_archived=True)
        .exclude(staff_member__leaving_date__lte=on)
    )
