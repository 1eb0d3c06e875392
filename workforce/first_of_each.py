"""The first few rows of each group, in one query: a row number within each group, filtered on.

Pages that name "the first 10 of each" (the pathway ladder's people in post per role, succession's
incumbents per role and candidates per role and readiness, the applicant board's cards per stage)
count every group whole in a grouped query and name only the first few of each, with "show all"
for the rest. Django 4.2+ filters on a window function by wrapping the query, so the ranking stays
in the database whatever the groups' sizes.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber


def by_name(person: str = "") -> list:
    """People's order on every page: last name, first name, then pk (`person`: the path to them,
    e.g. "staff_member__"), so a list never shuffles between requests."""
    return [F(f"{person}last_name").asc(), F(f"{person}first_name").asc(), F("pk").asc()]


def first_of_each(
    queryset: QuerySet, groups: list, order_by: list, size: int, also: Q | None = None
) -> QuerySet:
    """`queryset`'s first `size` rows of each group (rows alike in `groups`, expressions or field
    names) in `order_by`, and every row matching `also` (an opened group; a row kept in view). The
    rank is annotated as `group_rank`."""
    ranked = queryset.annotate(
        group_rank=Window(
            RowNumber(),
            partition_by=[F(group) if isinstance(group, str) else group for group in groups],
            order_by=order_by,
        )
    )
    within = Q(group_rank__lte=size)
    return ranked.filter(within | also if also is not None else within)
