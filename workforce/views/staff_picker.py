"""Search behind the staff picker widget (workforce/widgets.py).

What a search returns depends on who searches (decided for the issue):
- Whoever may change staff records (the L&D manager; superusers) searches every current member
  of staff by name or assignment number and sees name, number, role and unit, as before.
- Everyone else with `staff.pick` (action owners naming a risk owner) searches, by name only,
  the current staff they can see (`visible_to`, so registered scope rules widen it) plus the
  colleagues in their own unit, and sees names only. Where two results share a name, the unit
  name is added to tell them apart, and nothing more identifying.
Leavers and archived records are never offered. At most MAX_RESULTS, in one query.
"""

import re
from collections import Counter

from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workforce import permissions
from workforce.models import StaffMember
from workforce.permissions import requires

MAX_RESULTS = 15
SAFE_ID = re.compile(r"^[\w-]{1,100}$")


def pickable_people(user, *, full: bool | None = None):
    """Every member of staff `user` may pick (the rule above); forms validate choices against it.
    `full` (default: whether the user may change staff records) widens it to everyone in post."""
    people = StaffMember.objects.in_post()
    if full is None:
        full = permissions.can(user, "staff.change")
    if full:
        return people
    me = permissions.own_staff_record(user)
    colleagues = Q(org_unit_id=me.org_unit_id) if me and me.org_unit_id else Q(pk__in=[])
    return people.filter(Q(pk__in=StaffMember.objects.visible_to(user).values("pk")) | colleagues)


def pickable_staff(user, query: str, *, full: bool):
    """Current staff matching `query` that `user` may pick from, ordered by name and capped."""
    people = pickable_people(user, full=full)
    found = Q(assignment_number__startswith=query) if full else Q(pk__in=[])
    people = people.annotate(picker_name=Concat("first_name", Value(" "), "last_name")).filter(
        found | Q(picker_name__icontains=query) | Q(last_name__icontains=query)
    )
    if full:
        people = people.select_related("job_role", "org_unit")
    else:
        people = people.select_related("org_unit").only(
            "first_name", "last_name", "org_unit", "org_unit__name"
        )
    return list(people.order_by("last_name", "first_name", "pk")[:MAX_RESULTS])


def names_only(people) -> list[dict]:
    """A name per person; the unit's name too only where the name alone is ambiguous."""
    counts = Counter(person.full_name for person in people)
    results = []
    for person in people:
        label = person.full_name
        if counts[label] > 1 and person.org_unit is not None:
            label = f"{label}, {person.org_unit.name}"
        results.append({"pk": person.pk, "label": label, "choice": label})
    return results


def with_details(people) -> list[dict]:
    results = []
    for person in people:
        label = f"{person.full_name} ({person.assignment_number})"
        details = [str(x) for x in (person.job_role, person.org_unit) if x is not None]
        results.append({"pk": person.pk, "label": label, "choice": ", ".join([label, *details])})
    return results


@require_GET
@requires("staff.pick")
def picker(request):
    query = request.GET.get("picker_q", "").strip()
    target = request.GET.get("target", "")
    people = []
    if len(query) >= 2 and SAFE_ID.match(target):
        full = permissions.can(request.user, "staff.change")
        found = pickable_staff(request.user, query, full=full)
        people = with_details(found) if full else names_only(found)
    return render(
        request,
        "workforce/partials/_staff_picker_results.html",
        {"people": people, "query": query, "target": target},
    )
