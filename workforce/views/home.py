"""'My work': the home page, one panel per role the user holds, and the panels apps add
through `workforce.home_panels` (an action owner's actions, from actionplans).

The headlines count people (never records) among the staff the viewer may see, and each
links to the directory filtered to the same people, so a figure and its list always agree.
Training statuses come from `workforce.compliance`, as on the compliance summary and the
training matrix: "out of date" is a required course expired or missing.
"""

import datetime
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from workforce import home_panels, permissions
from workforce.compliance import OUT_OF_DATE, Compliance, Status
from workforce.compliance_summary import STATUS_BADGES, matrix_url, overall
from workforce.models import StaffMember, add_months
from workforce.permissions import Role, requires

# The people listed by name on the home page; the training matrix lists the rest.
NEEDING_ATTENTION_LISTED = 10
NEEDING_ATTENTION = (Status.EXPIRED, Status.EXPIRING)


def last_12_months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The day after the same date a year ago, to today: both ends inclusive."""
    return add_months(today, -12) + datetime.timedelta(days=1), today


def directory_url(**params) -> str:
    return f"{reverse('staff:list')}?{urlencode(params)}"


def headlines(visible_staff, today: datetime.date, out_of_date: int) -> list[dict]:
    """Each headline: its number, what it counts in words, and the list behind it.
    `out_of_date`: the people in post with a required course expired or missing, counted with
    the organisation's compliance figure (`compliance_summary.overall`)."""
    left_from, left_to = last_12_months(today)
    in_post = visible_staff.in_post(today)
    return [
        {
            "key": "in_post",
            "count": in_post.count(),
            "label": "People in post",
            "url": directory_url(status="current", on=today.isoformat()),
        },
        {
            "key": "leavers",
            "count": visible_staff.left_between(left_from, left_to).count(),
            "label": "People who left in the last 12 months",
            "url": directory_url(
                status="leavers", left_from=left_from.isoformat(), left_to=left_to.isoformat()
            ),
        },
        {
            "key": "expired_training",
            "count": out_of_date,
            "label": "People in post with required training expired or missing",
            "url": directory_url(status="current", on=today.isoformat(), training="expired"),
        },
    ]


def compliance_panel(unit, measure) -> dict:
    """A unit's (or, with no unit, everyone's) compliance figure, linked to the summary."""
    summary_url = reverse("training:summary")
    return {
        "unit": unit,
        "measure": measure,
        "summary_url": f"{summary_url}?unit={unit.pk}" if unit else summary_url,
    }


def needing_attention(rules: Compliance, staff, unit, count: int) -> dict:
    """The people whose training has expired or is expiring, most overdue first (the first ten;
    `count` says how many in all), each with those courses, and the matrix links for the rest.
    Kept in the cache until a write commits (workforce/figure_cache.py), like the unit's figure."""

    def listed() -> list[tuple]:
        # Ranked from the grouped query; only the ten listed are read with their cells' dates.
        first = rules.ranked(staff, having=NEEDING_ATTENTION)[:NEEDING_ATTENTION_LISTED]
        by_pk = {person.pk: person for person in rules.annotate_dates(staff.filter(pk__in=first))}
        return [
            (by_pk[pk], [cell for cell in rules.cells(by_pk[pk]) if cell.status in NEEDING_ATTENTION])
            for pk in first
        ]

    people = rules.remembered("home.needing_attention", staff, (), listed)
    unit_pk = unit.pk if unit else None
    return {
        "listed": True,
        "people": [
            {
                "person": person,
                "cells": [{"cell": cell, "badge": STATUS_BADGES[cell.status]} for cell in cells],
            }
            for person, cells in people
        ],
        "people_count": count,
        "matrix_links": [
            (status.label, matrix_url(org_unit=unit_pk, status=status.value)) for status in NEEDING_ATTENTION
        ],
    }


@require_safe
@requires()
def home(request):
    user = request.user
    today = datetime.date.today()
    me = permissions.own_staff_record(user)
    visible_staff = StaffMember.objects.visible_to(user).active()
    context = {"me": me, "today": today}
    rules = Compliance(today)  # the required courses are read once, for every panel below

    sees_organisation = permissions.has_role(user, Role.LD_MANAGER) or permissions.has_role(
        user, Role.DIRECTOR
    )
    if sees_organisation:
        in_post = visible_staff.in_post(today)
        measure, out_of_date = overall(rules, in_post, OUT_OF_DATE)
        context["headlines"] = headlines(visible_staff, today, out_of_date)
        context["organisation_compliance"] = compliance_panel(None, measure)
    if permissions.has_role(user, Role.MANAGER) and me is not None:
        context["team"] = visible_staff.in_post(today).exclude(pk=me.pk).for_listing()[:15]
        context["team_size"] = visible_staff.in_post(today).exclude(pk=me.pk).count()
        if me.org_unit is not None:
            unit = me.org_unit
            unit_staff = visible_staff.in_post(today).filter(org_unit__path__startswith=unit.path)
            measure, needing = overall(rules, unit_staff, NEEDING_ATTENTION)
            context["unit_compliance"] = compliance_panel(unit, measure) | (
                needing_attention(rules, unit_staff, unit, needing)
            )
    if me is not None:
        context["my_training"] = me.training_records.select_related("course")[:10]
    context["app_panels"] = home_panels.panels_for(request, me, today)
    return render(request, "workforce/home.html", context)
