"""The core's section of the weekly digest: a manager's staff whose required training has expired
or expires within 30 days.

Statuses come from `workforce.compliance.Compliance` (the one calculation), with its expiring
window narrowed to 30 days; whom a manager sees from `StaffMember.objects.visible_to`, so the
digest names exactly the people their training matrix shows. Staff in post only; the manager's
own record is left out ("their staff"). Only the Manager role gets it: the L&D manager's and a
director's scope is everyone, which is what the compliance pages are for.
"""

from __future__ import annotations

from workforce.compliance import Compliance, Status
from workforce.digests import DigestItem, DigestWeek
from workforce.models import StaffMember
from workforce.permissions import Role, own_staff_record, roles_of

EXPIRING_WITHIN_DAYS = 30
SHOWN = (Status.EXPIRED, Status.EXPIRING)


def staff_training_due(user, week: DigestWeek) -> list[DigestItem]:
    if Role.MANAGER not in roles_of(user):
        return []
    me = own_staff_record(user)
    if me is None:
        return []
    compliance = week.shared(
        "workforce.compliance", lambda: Compliance(week.day, expiring_within=EXPIRING_WITHIN_DAYS)
    )
    if not compliance.columns:
        return []
    staff = StaffMember.objects.visible_to(user).in_post(week.day).exclude(pk=me.pk)
    people = (
        compliance.annotate_dates(staff)
        .alias(_due=compliance.weight(SHOWN))
        .filter(_due__gt=0)
        .select_related("org_unit")
        .order_by("last_name", "first_name", "pk")
    )
    items = []
    for person in people:
        cells = [cell for cell in compliance.cells(person) if cell.status in SHOWN]
        unit = f" ({person.org_unit.name})" if person.org_unit else ""
        items.append(
            DigestItem(
                text=f"{person.full_name}{unit}",
                detail="; ".join(f"{cell.course.title}: {cell.words}" for cell in cells),
                url=person.get_absolute_url(),
            )
        )
    return items
