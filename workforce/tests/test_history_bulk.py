"""record_creation: the records the database copies from rows created in bulk are the ones
simple-history would have written, links included, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from actionplans.models import Action
from actionplans.tests.factories import ActionFactory, ActionPlanFactory, PriorityFactory
from workforce.history import write_m2m_snapshots
from workforce.history_bulk import record_creation
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

STAMP = ("history_type", "history_user_id", "history_change_reason")


def _records(actions) -> list[dict]:
    """Each action's "+" record: its fields but those that differ between two plans (ids), who,
    why, and its links (owners counted, dependencies by number)."""
    history = Action.history.model
    fields = [f.attname for f in history.tracked_fields if f.attname not in ("id", "plan_id", "priority_id")]
    number_of = {a.pk: a.number for a in actions}
    records = Action.history.filter(id__in=number_of, history_type="+").order_by("id")
    return [
        {
            **{f: getattr(record, f) for f in (*fields, *STAMP)},
            "owners": record.owners.count(),
            "waits for": [number_of[link.to_action_id] for link in record.dependencies.all()],
        }
        for record in records
    ]


def _linked_actions(plan, user, *, copied: bool):
    """Three actions, the second owned by two people and waiting for the first, recorded either by
    simple-history (then snapshotted, as the import did) or by record_creation."""
    priority = PriorityFactory(plan=plan)
    actions = [Action(plan=plan, priority=priority, number=f"1.{n}", description=f"A{n}") for n in (1, 2, 3)]
    people = StaffMemberFactory.create_batch(2)
    if copied:
        Action.objects.bulk_create(actions)
    else:
        bulk_create_with_history(
            actions, Action, default_user=user, default_change_reason="Imported from a.csv"
        )
    actions[1].owners.through.objects.bulk_create(
        actions[1].owners.through(action_id=actions[1].pk, staffmember_id=p.pk) for p in people
    )
    Action.dependencies.through.objects.create(from_action_id=actions[1].pk, to_action_id=actions[0].pk)
    if copied:
        record_creation(Action.objects.filter(plan=plan), user=user, reason="Imported from a.csv")
    else:
        write_m2m_snapshots(list(Action.history.filter(id__in=[a.pk for a in actions])))
    return actions


def test_the_records_are_simple_historys_own(ld_manager):
    by_library = _records(_linked_actions(ActionPlanFactory(), ld_manager, copied=False))
    copied = _records(_linked_actions(ActionPlanFactory(), ld_manager, copied=True))

    assert copied == by_library
    assert copied[1]["owners"] == 2 and copied[1]["waits for"] == ["1.1"]
    assert copied[0]["history_user_id"] == ld_manager.pk
    assert copied[0]["history_change_reason"] == "Imported from a.csv"


def test_the_number_of_queries_does_not_grow_with_the_rows(ld_manager):
    def copy(count: int) -> int:
        plan = ActionPlanFactory()
        ActionFactory.create_batch(count, plan=plan, priority=PriorityFactory(plan=plan))
        with CaptureQueriesContext(connection) as queries:
            written = record_creation(Action.objects.filter(plan=plan), user=ld_manager)
        assert written == count
        return len(queries)

    # The actions' records, their owners', their dependencies'.
    assert copy(2) == copy(30) == 3
