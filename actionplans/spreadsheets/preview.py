"""The tree a plan file is read into, shown in the preview and saved by `save.import_plan`.

Plain dataclasses with the sheet row each part came from (`where`), so the preview and the
error messages can point at the row; and `StaffLookup`, which places responsibility initials.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from actionplans.models import Action, ActionPlan
from actionplans.spreadsheets import parse


@dataclass
class Message:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


@dataclass
class Owner:
    written: str  # as in the Responsibility cell: "SB"
    staff_id: int | None = None
    name: str = ""


@dataclass
class Unmatched:
    written: str
    reason: str
    rows: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.written} ({self.reason}; {', '.join(self.rows)})"


@dataclass
class Carrier:
    """What an output row (or an action row without outputs) carries."""

    where: str = ""
    responsibility: str = ""
    timeframe: str = ""
    due_date: datetime.date | None = None
    is_recurring: bool = False
    resources: str = ""
    cost_amount: Decimal | None = None
    milestones: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    progress: str = ""
    owners: list[Owner] = field(default_factory=list)
    # "As above": the output above this one, and the lists copied from it (read after the walk).
    above: Carrier | None = field(default=None, repr=False, compare=False)
    copied: dict[str, Carrier] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_completed(self) -> bool:
        return parse.says_completed(self.progress)


@dataclass
class ParsedOutput(Carrier):
    letter: str = ""
    description: str = ""
    targets: list[parse.Target] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.letter}. {self.description}" if self.letter else self.description


@dataclass
class ParsedAction(Carrier):
    number: str = ""
    description: str = ""
    outputs: list[ParsedOutput] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    achievements: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)  # numbers of actions in this plan
    status: str = Action.Status.NOT_STARTED

    @property
    def label(self) -> str:
        return f"{self.number} {self.description}".strip()


@dataclass
class ParsedFocusArea:
    where: str
    number: str
    title: str
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedPriority:
    where: str
    number: str
    title: str
    focus_areas: list[ParsedFocusArea] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)  # straight under it (themes)

    @property
    def all_actions(self) -> list[ParsedAction]:
        return self.actions + [action for area in self.focus_areas for action in area.actions]


@dataclass
class ParsedPlan:
    filename: str
    title: str = ""
    layout: str = ActionPlan.Layout.PRIORITIES
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    description: str = ""
    sheet: str = ""
    priorities: list[ParsedPriority] = field(default_factory=list)
    errors: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)  # what was done on the user's behalf
    unmatched: list[Unmatched] = field(default_factory=list)
    # A plan workbook of this app (`workbook.PlanWorkbook`): its sheets, not the first one, are saved.
    workbook: object | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def actions(self) -> list[ParsedAction]:
        return [action for priority in self.priorities for action in priority.all_actions]

    @property
    def outputs(self) -> list[ParsedOutput]:
        return [output for action in self.actions for output in action.outputs]

    @property
    def carriers(self) -> list[Carrier]:
        return [*self.actions, *self.outputs]

    def counts(self) -> dict[str, int]:
        if self.workbook is not None:
            return self.workbook.counts()
        carriers = self.carriers
        return {
            "priorities": len(self.priorities),
            "focus areas": sum(len(p.focus_areas) for p in self.priorities),
            "actions": len(self.actions),
            "outputs": len(self.outputs),
            "milestones": sum(len(c.milestones) for c in carriers),
            "risks": sum(len(c.risks) for c in carriers),
            "contributors": sum(len(a.contributors) for a in self.actions),
            "achievements": sum(len(a.achievements) for a in self.actions),
            "targets": sum(len(o.targets) for o in self.outputs),
            "progress updates": sum(1 for c in carriers if c.progress),
        }


class StaffLookup:
    """Responsibility initials -> a current staff member, only when exactly one has them."""

    def __init__(self, people):
        """people: (id, first name, last name) for every current staff member."""
        self.by_initials: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, first, last in people:
            name = f"{first} {last}".strip()
            self.by_initials[(first[:1] + last[:1]).upper()].append((pk, name))
            self.by_name[name.lower()].append((pk, name))

    @classmethod
    def from_database(cls, on: datetime.date | None = None) -> StaffLookup:
        from workforce.models import StaffMember

        current = StaffMember.objects.in_post(on)
        return cls(current.values_list("pk", "first_name", "last_name"))

    def match(self, written: str) -> tuple[int | None, str]:
        """(staff id, name) or (None, why not)."""
        candidates = self.by_name.get(written.lower())
        kind = "name"
        if candidates is None and parse.looks_like_initials(written):
            candidates, kind = self.by_initials.get(written, []), "initials"
        if candidates is None:
            return None, ""
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            return None, f"no current staff member has these {kind}"
        names = ", ".join(sorted(name for _, name in candidates)[:5])
        return None, f"{len(candidates)} current staff members share these {kind} ({names})"
