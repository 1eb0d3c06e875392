"""Importing an action plan from a spreadsheet: read it into a tree to preview, then save it.

`read_plan(file, filename, staff_lookup=...)` never raises for a bad file: it returns a
`ParsedPlan` whose `errors` say what is wrong and where (sheet row numbers), whose `warnings`
say what was read with doubt (a timeframe kept as text, a dependency not found), whose `notes`
say what was done on the user's behalf ("As above" milestones copied), and whose `tokens` list
every distinct responsibility name with the person it would map to (a proposal, see `owners`).
`import_plan(parsed, user=..., owners={token key: staff id})` saves the whole tree in one
transaction, or nothing; the only owners it sets are the ones in `owners`, which the user
confirmed.

The steps before saving are the package's other modules (`read`, `walk`, `parse`, `preview`);
the package docstring lists them in order.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    Contributor,
    ExpectedAchievement,
    FocusArea,
    Milestone,
    Output,
    OutputTarget,
    Priority,
    ProgressUpdate,
    Risk,
)
from actionplans.spreadsheets.owners import StaffLookup, read_tokens
from actionplans.spreadsheets.preview import (
    Carrier,
    Message,
    ParsedAction,
    ParsedOutput,
    ParsedPlan,
    ParsedPriority,
    Token,
)
from actionplans.spreadsheets.read import UnreadableFile, choose_sheet, read_bytes, read_sheets
from actionplans.spreadsheets.walk import walk
from workforce import history, history_bulk

__all__ = [
    "ImportRefused",
    "ParsedAction",
    "ParsedOutput",
    "ParsedPlan",
    "ParsedPriority",
    "StaffLookup",
    "Token",
    "import_plan",
    "read_plan",
]


# How each imported model's rows are found from their plan (a new plan: all of them are imported).
_PATH_TO_PLAN = {
    Priority: "plan",
    FocusArea: "priority__plan",
    Action: "plan",
    Output: "action__plan",
    Milestone: "action__plan",
    Risk: "action__plan",
    ProgressUpdate: "action__plan",
    Contributor: "action__plan",
    ExpectedAchievement: "action__plan",
    OutputTarget: "output__action__plan",
}


class ImportRefused(Exception):
    """import_plan() was given a plan with errors; nothing was saved."""


def read_plan(file, filename: str, *, staff_lookup: StaffLookup | None = None) -> ParsedPlan:
    """Read an upload, an open file, a path or bytes into a ParsedPlan (never raises for bad input)."""
    name = PurePath(filename or getattr(file, "name", "") or "upload").name
    parsed = ParsedPlan(filename=name)
    try:
        sheet = choose_sheet(read_sheets(read_bytes(file), name))
    except UnreadableFile as error:
        parsed.errors.append(Message("", str(error)))
        return parsed
    parsed.sheet = sheet.name
    parsed.warnings.extend(Message("", text) for text in sheet.warnings)
    walk(parsed, sheet.rows)
    read_tokens(parsed, staff_lookup if staff_lookup is not None else StaffLookup.from_database)
    _read_workbook_sheets(parsed, file)
    return parsed


def _read_workbook_sheets(parsed: ParsedPlan, file) -> None:
    """A plan workbook of this app: read its machine sheets, which are what gets saved (the first
    sheet, read above, is what people read and edit; its tree is still shown in the preview)."""
    from actionplans.spreadsheets.workbook_read import read_workbook

    workbook, errors, warnings = read_workbook(read_bytes(file))
    if workbook is None:
        return
    parsed.workbook = workbook
    # What the first sheet says is not what gets saved: its doubts are warnings, and its owners'
    # initials need no mapping (the Owners sheet names each owner by assignment number).
    parsed.warnings = [
        *(Message(m.where, f"First sheet, not imported from: {m.text}") for m in parsed.errors),
        *parsed.warnings,
        *warnings,
    ]
    parsed.errors, parsed.tokens = list(errors), []
    parsed.notes.append(
        Message(
            "", "This is a plan workbook of this app: its sheets are imported exactly, every field and row."
        )
    )


# --- Saving ----------------------------------------------------------------------------------------


def import_plan(
    parsed: ParsedPlan,
    *,
    user=None,
    owners: Mapping[str, int] | None = None,
    status: str = ActionPlan.Status.ACTIVE,
    today: datetime.date | None = None,
    title: str | None = None,
    update: ActionPlan | None = None,
) -> ActionPlan:
    """Save the parsed tree as a new plan (named `title` when given): all of it in one
    transaction, or nothing. `update`: a plan workbook's own plan, updated in place instead
    (`workbook_save`); refused for any other file.

    `owners` maps token keys (`Token.key`) to the staff ids the user confirmed: an action or
    output is owned by those, and by nobody else; proposals the user did not confirm are ignored,
    and the Responsibility text is kept as written either way.
    Every row is written with its history (by `user`). Progress text is kept as the plan's
    progress "as imported from FILE on `today`": a progress update with no author and no RAG,
    which `with_rag()` does not read as an owner's update. Actions whose progress says
    "Completed" are saved Completed unless `parsed.close_only()` kept them open. A plan workbook
    keeps its own status, progress (authors, dates, how it was imported) and owners (its Owners
    sheet), so `owners` does not apply to it."""
    if not parsed.ok:
        raise ImportRefused("; ".join(str(error) for error in parsed.errors))
    if parsed.workbook is not None:
        from actionplans.spreadsheets.workbook_save import save_workbook

        if update is not None and update.pk != parsed.workbook.plan_id:
            raise ImportRefused("This workbook was exported from another plan.")
        return save_workbook(parsed.workbook, user=user, filename=parsed.filename, plan=update, title=title)
    if update is not None:
        raise ImportRefused("Only a plan workbook exported from this app can update a plan.")
    today = today or datetime.date.today()
    with transaction.atomic():
        return _Saver(parsed, user, today, owners or {}).save(status, title)


class _Saver:
    def __init__(self, parsed: ParsedPlan, user, today: datetime.date, owners: Mapping[str, int]):
        self.parsed, self.user, self.today, self.owners = parsed, user, today, owners
        # Every history record of the import says where it came from, with or without a user.
        self.reason = history.reason(f"Imported from {parsed.filename}" if parsed.filename else "Imported")
        self.created: list[type] = []  # the models rows were created of, parents first

    def _bulk(self, model, objects: list) -> list:
        """Rows without their history: that is written once the whole tree and its links are in
        (`_record_history`)."""
        if objects:
            model.objects.bulk_create(objects)
            self.created.append(model)
        return objects

    def _record_history(self, plan: ActionPlan) -> None:
        """The record of each imported row's creation, copied by the database from the rows (one
        query per model and one per many-to-many field, whatever the plan's size), owners and
        dependencies included: the first later change is measured against what was imported."""
        date = timezone.now()
        for model in self.created:
            rows = model.objects.filter(**{_PATH_TO_PLAN[model]: plan})
            history_bulk.record_creation(rows, user=self.user, reason=self.reason, date=date)

    def save(self, status: str, title: str | None = None) -> ActionPlan:
        parsed = self.parsed
        plan = ActionPlan(
            title=title or parsed.title,
            layout=parsed.layout,
            period_start=parsed.period_start,
            period_end=parsed.period_end,
            description=parsed.description,
            status=status,
        )
        plan._history_user = self.user
        plan._change_reason = self.reason
        plan.save()
        priorities = self._bulk(
            Priority,
            [
                Priority(plan_id=plan.pk, number=p.number, title=p.title, position=i)
                for i, p in enumerate(parsed.priorities)
            ],
        )
        areas, area_pairs = [], []
        for priority, parsed_priority in zip(priorities, parsed.priorities, strict=True):
            for i, area in enumerate(parsed_priority.focus_areas):
                areas.append(
                    FocusArea(priority_id=priority.pk, number=area.number, title=area.title, position=i)
                )
                area_pairs.append(area)
        self._bulk(FocusArea, areas)
        area_of = {id(parsed_area): area for parsed_area, area in zip(area_pairs, areas, strict=True)}

        actions, parsed_actions = [], []
        placed = [
            (priority, area_of.get(id(parsed_area)), parsed_action)
            for priority, parsed_priority in zip(priorities, parsed.priorities, strict=True)
            for parsed_area, group in [(None, parsed_priority.actions)]
            + [(a, a.actions) for a in parsed_priority.focus_areas]
            for parsed_action in group
        ]
        for priority, area, parsed_action in placed:
            actions.append(
                Action(
                    plan_id=plan.pk,
                    priority_id=priority.pk,
                    focus_area_id=area.pk if area else None,
                    number=parsed_action.number,
                    description=parsed_action.description,
                    status=parsed_action.status,
                    position=len(actions),
                    **self._commitment(parsed_action),
                )
            )
            parsed_actions.append(parsed_action)
        self._bulk(Action, actions)
        action_of = {id(p): a for p, a in zip(parsed_actions, actions, strict=True)}

        outputs, parsed_outputs = [], []
        for parsed_action, action in zip(parsed_actions, actions, strict=True):
            for i, parsed_output in enumerate(parsed_action.outputs):
                outputs.append(
                    Output(
                        action_id=action.pk,
                        letter=parsed_output.letter,
                        description=parsed_output.description,
                        target_unit=next((t.unit for t in parsed_output.targets), "")[:50],
                        position=i,
                        **self._commitment(parsed_output),
                    )
                )
                parsed_outputs.append(parsed_output)
        self._bulk(Output, outputs)

        self._save_owners(Action, zip(parsed_actions, actions, strict=True))
        self._save_owners(Output, zip(parsed_outputs, outputs, strict=True))
        self._save_lists(parsed_actions, action_of, outputs, parsed_outputs)
        self._save_dependencies(parsed_actions, actions)
        self._record_history(plan)
        return plan

    @staticmethod
    def _commitment(carrier: Carrier) -> dict:
        return {
            "responsibility": carrier.responsibility,
            "timeframe": carrier.timeframe,
            "due_date": carrier.due_date,
            "is_recurring": carrier.is_recurring,
            "resources": carrier.resources,
            "cost_amount": carrier.cost_amount,
        }

    def _save_owners(self, model, pairs) -> None:
        """Owners from the confirmed choices only (two tokens confirmed as one person: one link)."""
        through = model.owners.through
        source = f"{model._meta.model_name}_id"
        links = [
            through(**{source: obj.pk, "staffmember_id": staff_id})
            for parsed, obj in pairs
            for staff_id in dict.fromkeys(
                self.owners[owner.key] for owner in parsed.owners if owner.key in self.owners
            )
        ]
        through.objects.bulk_create(links)

    def _save_lists(self, parsed_actions, action_of, outputs, parsed_outputs) -> None:
        milestones, risks, updates, contributors, achievements, targets = [], [], [], [], [], []
        position: dict[int, int] = defaultdict(int)

        def add_carried(carrier: Carrier, action_id: int, output_id: int | None) -> None:
            for text in carrier.milestones:
                milestones.append(
                    Milestone(
                        action_id=action_id,
                        output_id=output_id,
                        description=text,
                        position=position[action_id],
                    )
                )
                position[action_id] += 1
            for i, text in enumerate(carrier.risks):
                risks.append(Risk(action_id=action_id, output_id=output_id, description=text, position=i))
            if carrier.progress:
                updates.append(
                    ProgressUpdate(
                        action_id=action_id,
                        output_id=output_id,
                        date=self.today,
                        note=carrier.progress,
                        imported_from=(self.parsed.filename or "a plan file")[:255],
                    )
                )

        for parsed_action in parsed_actions:
            action_id = action_of[id(parsed_action)].pk
            add_carried(parsed_action, action_id, None)
            contributors += [
                Contributor(action_id=action_id, name=name, position=i)
                for i, name in enumerate(parsed_action.contributors)
            ]
            achievements += [
                ExpectedAchievement(action_id=action_id, description=text, position=i)
                for i, text in enumerate(parsed_action.achievements)
            ]
        for parsed_output, output in zip(parsed_outputs, outputs, strict=True):
            add_carried(parsed_output, output.action_id, output.pk)
            targets += [
                OutputTarget(output_id=output.pk, value=t.value, unit=t.unit, by_date=t.by_date)
                for t in parsed_output.targets
            ]
        for model, objects in [
            (Milestone, milestones),
            (Risk, risks),
            (ProgressUpdate, updates),
            (Contributor, contributors),
            (ExpectedAchievement, achievements),
            (OutputTarget, targets),
        ]:
            self._bulk(model, objects)

    @staticmethod
    def _save_dependencies(parsed_actions, actions) -> None:
        first_by_number: dict[str, Action] = {}
        for action in actions:
            if action.number:
                first_by_number.setdefault(action.number, action)
        through = Action.dependencies.through
        links = [
            through(from_action_id=action.pk, to_action_id=first_by_number[number].pk)
            for parsed_action, action in zip(parsed_actions, actions, strict=True)
            for number in parsed_action.dependencies
        ]
        through.objects.bulk_create(links)
