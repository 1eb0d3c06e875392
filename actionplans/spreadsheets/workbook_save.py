"""Saving a plan workbook: as a new plan, or as an update of the plan it was exported from.

`save_workbook(workbook, user=..., filename=..., plan=None, title=None)` runs in one transaction,
all or nothing. With `plan`, each row whose key is a record of that plan updates the record
(only when something differs), a row without such a key creates one, and every record of the
plan whose key is no longer in the file is removed (`removals` counts them for the preview).
Every write keeps its history ("Imported from FILE" / "Updated from FILE"), and every record the
update changed has its version moved on, so a form opened before the update is refused rather
than writing old values back.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Output, Risk
from actionplans.spreadsheets.workbook import SHEETS, PlanWorkbook, SheetSpec
from workforce import history, history_bulk
from workforce.versioning import Versioned, move_on


def removals(workbook: PlanWorkbook, plan: ActionPlan) -> dict[str, int]:
    """How many records of each sheet an update of `plan` from `workbook` would remove."""
    removed = {}
    for spec in SHEETS:
        kept = {row["pk"] for row in workbook.rows.get(spec.name, [])}
        existing = spec.model.objects.filter(**{spec.plan_path: plan}).values_list("pk", flat=True)
        removed[spec.name] = sum(1 for pk in existing if pk not in kept)
    return removed


def save_workbook(
    workbook: PlanWorkbook, *, user=None, filename: str = "", plan: ActionPlan | None = None, title=None
) -> ActionPlan:
    with transaction.atomic():
        return _WorkbookSaver(workbook, user, filename, plan).save(title)


def _plain_fields(spec: SheetSpec) -> list[str]:
    """The attributes a sheet row sets (foreign keys as *_id), in column order."""
    names = []
    for column in spec.columns:
        if column.kind == "ref" or column.kind == "staff_no":
            names.append(f"{column.attr}_id")
            if column.attr == "author":
                names.append("author_name")
        elif column.kind not in ("label", "staff_name", "score") and column.attr != "pk":
            names.append(column.attr)
    return names


class _WorkbookSaver:
    def __init__(self, workbook: PlanWorkbook, user, filename: str, plan: ActionPlan | None):
        self.workbook, self.user, self.plan = workbook, user, plan
        self.updating = plan is not None
        verb = "Updated from" if self.updating else "Imported from"
        self.reason = history.reason(f"{verb} {filename}" if filename else verb.split()[0])
        self.objects: dict[str, dict[int, object]] = defaultdict(dict)  # sheet -> key -> record
        self.changed: dict[type, set[int]] = defaultdict(set)
        self.created: dict[type, set[int]] = defaultdict(set)

    def save(self, title: str | None) -> ActionPlan:
        fields = dict(self.workbook.plan)
        if title:
            fields["title"] = title
        plan = ActionPlan.objects.select_for_update().get(pk=self.plan.pk) if self.updating else ActionPlan()
        for name, value in fields.items():
            setattr(plan, name, value)
        plan._history_user, plan._change_reason = self.user, self.reason
        plan.save()
        self.plan = plan
        stale = [self._sync(spec) for spec in SHEETS]
        self._links()
        self._record_creations()
        # Children first, so that nothing is deleted twice through a cascade.
        for records in reversed(stale):
            for record in records:
                record._history_user, record._change_reason = self.user, self.reason
                record.delete()
        for model, pks in self.changed.items():
            model.objects.filter(pk__in=pks).update(version=F("version") + 1)
        if self.updating:
            move_on(plan)
        return plan

    def _sync(self, spec: SheetSpec) -> list:
        model = spec.model
        existing = {}
        if self.updating:
            existing = {obj.pk: obj for obj in model.objects.filter(**{spec.plan_path: self.plan})}
        names = _plain_fields(spec)
        created, updated = [], []
        for row in self.workbook.rows.get(spec.name, []):
            values = {name: row.get(name) for name in names}
            for column in spec.refs:  # keys in the file -> ids of the records saved for them
                key = values[f"{column.attr}_id"]
                values[f"{column.attr}_id"] = self.objects[column.ref][key].pk if key is not None else None
            if any(f.name == "plan" for f in model._meta.fields):
                values["plan_id"] = self.plan.pk
            record = existing.pop(row["pk"], None)
            if record is None:
                record = model(**values)
                created.append(record)
            elif any(getattr(record, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(record, name, value)
                updated.append(record)
            if row["pk"] is not None:
                self.objects[spec.name][row["pk"]] = record
        if model is Risk:  # bulk_create skips Risk.save(), which keeps the score
            for risk in created:
                risk.score = risk.likelihood * risk.impact if risk.likelihood and risk.impact else None
        if created:  # their history once they and their links are in (_record_creations)
            model.objects.bulk_create(created)
            self.created[model] = {record.pk for record in created}
        for record in updated:
            record._history_user, record._change_reason = self.user, self.reason
            record.save()
            if issubclass(model, Versioned):
                self.changed[model].add(record.pk)
        return list(existing.values())

    def _links(self) -> None:
        wanted: dict[tuple[type, int], set[int]] = defaultdict(set)
        for action_key, output_key, staff_id in self.workbook.owners:
            if output_key is None:
                wanted[(Action, self.objects["Actions"][action_key].pk)].add(staff_id)
            else:
                wanted[(Output, self.objects["Outputs"][output_key].pk)].add(staff_id)
        waits: dict[int, set[int]] = defaultdict(set)
        for action_key, waits_for in self.workbook.dependencies:
            waits[self.objects["Actions"][action_key].pk].add(self.objects["Actions"][waits_for].pk)
        for sheet, model in (("Actions", Action), ("Outputs", Output)):
            records = list(self.objects[sheet].values())
            current = self._current_owners(model, records)
            for record in records:
                owners = wanted.get((model, record.pk), set())
                deps = waits.get(record.pk, set()) if model is Action else None
                if record.pk in self.created[model]:
                    self._bulk_links(model, record, owners, deps)
                    continue
                same_owners = current[record.pk][0] == owners
                same_deps = deps is None or current[record.pk][1] == deps
                if same_owners and same_deps:
                    continue
                record._history_user, record._change_reason = self.user, self.reason
                if not same_owners:
                    record.owners.set(owners)
                if not same_deps:
                    record.dependencies.set(deps)
                self.changed[model].add(record.pk)

    def _record_creations(self) -> None:
        """The record of each new row's creation, copied by the database once the rows and their
        owners and dependencies are in (one query per model and link field), as the plan import
        writes its own (workforce/history_bulk.py)."""
        date = timezone.now()
        for model, pks in self.created.items():
            if not pks:
                continue
            rows = model.objects.filter(pk__in=pks)
            history_bulk.record_creation(rows, user=self.user, reason=self.reason, date=date)

    @staticmethod
    def _current_owners(model, records) -> dict[int, tuple[set[int], set[int]]]:
        pks = [record.pk for record in records]
        current: dict[int, tuple[set[int], set[int]]] = {pk: (set(), set()) for pk in pks}
        source = f"{model._meta.model_name}_id"
        for pk, staff_id in model.owners.through.objects.filter(**{f"{source}__in": pks}).values_list(
            source, "staffmember_id"
        ):
            current[pk][0].add(staff_id)
        if model is Action:
            through = Action.dependencies.through.objects.filter(from_action_id__in=pks)
            for pk, waits_for in through.values_list("from_action_id", "to_action_id"):
                current[pk][1].add(waits_for)
        return current

    @staticmethod
    def _bulk_links(model, record, owners: set[int], deps: set[int] | None) -> None:
        through = model.owners.through
        source = f"{model._meta.model_name}_id"
        through.objects.bulk_create([through(**{source: record.pk, "staffmember_id": s}) for s in owners])
        if deps:
            links = Action.dependencies.through
            links.objects.bulk_create([links(from_action_id=record.pk, to_action_id=d) for d in deps])
