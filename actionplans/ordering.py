"""Reorder and renumber a plan's priorities (themes), areas of focus and actions.

Numbers are derived from order, the way the plans are written: priority n, area of focus n.m,
action n.m.k; an action that sits straight under a priority or theme (Layout B, or a Layout A
priority without areas) is n.k. Dependencies are foreign keys, not copied numbers, so they
follow the actions they point at and show the new number after a renumber.

Every change is one transaction, and every row whose number or position changes gets a
history record saying what happened to it ("Moved from position 3 to 2; renumbered 1.3 → 1.2"),
by whom, written explicitly because bulk updates send no signals, and a new version
(workforce.versioning), so an edit form opened before the renumber cannot silently write the old
number back. Rows kept in a list by a form (contributors, expected achievements) are placed by
`place_in_order` and `save_positions`, with the same kind of record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from actionplans.models import Action, ActionPlan, FocusArea, Priority
from workforce.history import bulk_update_with_history, reason

UP, DOWN = "up", "down"
CHANGE_REASON = "Renumbered"


class CannotMove(Exception):
    """The item is already first (or last) among its siblings."""


@dataclass
class Renumbered:
    priorities: int = 0
    areas: int = 0
    actions: int = 0

    @property
    def total(self) -> int:
        return self.priorities + self.areas + self.actions


def plan_of(item: Priority | FocusArea | Action) -> ActionPlan:
    if isinstance(item, FocusArea):
        return item.priority.plan
    return item.plan


def siblings(item: Priority | FocusArea | Action):
    """The rows an item is ordered among, in their current order."""
    if isinstance(item, Priority):
        queryset = Priority.objects.filter(plan_id=item.plan_id)
    elif isinstance(item, FocusArea):
        queryset = FocusArea.objects.filter(priority_id=item.priority_id)
    else:
        queryset = Action.objects.filter(priority_id=item.priority_id, focus_area_id=item.focus_area_id)
    return queryset.order_by("position", "pk")


def move(item: Priority | FocusArea | Action, direction: str, user=None) -> Renumbered:
    """Swap the item with its neighbour above or below, then renumber the whole plan."""
    if direction not in (UP, DOWN):
        raise ValueError(f"direction must be {UP!r} or {DOWN!r}")
    with transaction.atomic():
        rows = list(siblings(item).select_for_update(of=("self",)))
        index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
        target = index - 1 if direction == UP else index + 1
        if not 0 <= target < len(rows):
            raise CannotMove(f"“{item}” is already {'first' if direction == UP else 'last'}.")
        # Where each row stood before the move, counted from 1 as people count (stored positions
        # of imported rows start at 0), for the history record renumber_plan writes.
        was = {(type(row), row.pk): rank for rank, row in enumerate(rows, start=1)}
        rows[index], rows[target] = rows[target], rows[index]
        # Positions only here; renumber_plan writes numbers and history in one go from these.
        for position, row in enumerate(rows, start=1):
            if row.position != position:
                type(row).objects.filter(pk=row.pk).update(position=position)
        return renumber_plan(plan_of(item), user=user, was=was)


def renumber_plan(plan: ActionPlan, user=None, *, was: dict | None = None) -> Renumbered:
    """Give every priority, area of focus and action the position and number its order implies.

    `was`: (model, pk) -> the place among its siblings a row had before a move, so its history
    record says where it moved from."""
    was = was or {}
    with transaction.atomic():
        priorities = list(
            Priority.objects.select_for_update(of=("self",)).filter(plan=plan).order_by("position", "pk")
        )
        areas = list(
            FocusArea.objects.select_for_update(of=("self",))
            .filter(priority__plan=plan)
            .order_by("position", "pk")
        )
        actions = list(
            Action.objects.select_for_update(of=("self",)).filter(plan=plan).order_by("position", "pk")
        )
        areas_of = defaultdict(list)
        for area in areas:
            areas_of[area.priority_id].append(area)
        actions_of = defaultdict(list)
        for action in actions:
            actions_of[(action.priority_id, action.focus_area_id)].append(action)

        changed_priorities, changed_areas, changed_actions = [], [], []

        def place(row, position: int, number: str, changed: list) -> None:
            if row.position != position or row.number != number:
                row._change_reason = what_happened(row, was.get((type(row), row.pk)), position, number)
                row.position, row.number = position, number
                changed.append(row)

        for p, priority in enumerate(priorities, start=1):
            place(priority, p, str(p), changed_priorities)
            for k, action in enumerate(actions_of[(priority.pk, None)], start=1):
                place(action, k, f"{p}.{k}", changed_actions)
            for m, area in enumerate(areas_of[priority.pk], start=1):
                place(area, m, f"{p}.{m}", changed_areas)
                for k, action in enumerate(actions_of[(priority.pk, area.pk)], start=1):
                    place(action, k, f"{p}.{m}.{k}", changed_actions)

        for row in [*changed_priorities, *changed_areas, *changed_actions]:
            row.version += 1  # rows are locked above, so this cannot lose another bump

        for model, rows, fields in (
            (Priority, changed_priorities, ["position", "number", "version"]),
            (FocusArea, changed_areas, ["position", "number", "version"]),
            (Action, changed_actions, ["position", "number", "version"]),
        ):
            bulk_update_with_history(rows, model, fields, user=_real_user(user))
        return Renumbered(len(changed_priorities), len(changed_areas), len(changed_actions))


def what_happened(row, old_place: int | None, position: int, number: str) -> str:
    """The history reason for a row renumber_plan changes: where it moved and its new number."""
    said = []
    if old_place is not None and old_place != position:
        said.append(f"moved from position {old_place} to {position}")
    if row.number != number:
        said.append(f"renumbered {row.number or '(none)'} → {number}")
    text = "; ".join(said)
    return reason(text[:1].upper() + text[1:] if text else CHANGE_REASON)


def place_in_order(rows: list, old_places: dict) -> list:
    """Give rows a form keeps in a list (contributors, expected achievements) the positions of
    the order shown, 1, 2, 3...; `old_places`: pk -> the place each existing row was shown at.
    A row whose place changed carries a "Moved from position a to b" reason for its history
    record. Returns the rows whose stored position changed."""
    changed = []
    for position, row in enumerate(rows, start=1):
        old_place = old_places.get(row.pk)
        if old_place is not None and old_place != position:
            row._change_reason = f"Moved from position {old_place} to {position}"
        if row.position != position:
            row.position = position
            changed.append(row)
    return changed


def save_positions(rows: list, user=None) -> None:
    """Write rows' new positions in one statement, with a history record each."""
    if rows:
        bulk_update_with_history(rows, type(rows[0]), ["position"], user=_real_user(user))


def place_at_end(item: Priority | FocusArea | Action) -> None:
    """Before saving a new (or moved) item: put it last among its siblings and, when no number
    was given, give it the number that comes next there."""
    others = siblings(item).exclude(pk=item.pk) if item.pk else siblings(item)
    item.position = (others.aggregate(last=Max("position"))["last"] or 0) + 1
    if not item.number:
        item.number = next_number(item, others.count() + 1)


def next_number(item: Priority | FocusArea | Action, nth: int) -> str:
    if isinstance(item, Priority):
        return str(nth)
    parent = item.priority if isinstance(item, FocusArea) else (item.focus_area or item.priority)
    return f"{parent.number}.{nth}" if parent.number else str(nth)


def _real_user(user):
    return user if user is not None and user.is_authenticated else None
