"""The tree a plan file is read into, shown in the preview and saved by `save.import_plan`.

Plain dataclasses with the sheet row each part came from (`where`), so the preview and the
error messages can point at the row. Responsibility names are `Token`s with what they would map
to; `owners.py` reads them and proposes people, and only the user's choices make owners.
"""

from __future__ import annotations

import datetime
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
    """One responsibility name of a row, as written ("SB"), and its token's key ("SB")."""

    written: str
    key: str


@dataclass
class Token:
    """A distinct responsibility name of the file, the rows it is on, and who it would map to.

    The proposal is only a suggestion shown in the preview: nobody owns anything until the user
    confirms it (or picks someone else) for this import."""

    key: str  # normalised: owners.normalise_token
    written: str  # as first written
    rows: list[str] = field(default_factory=list)
    proposed_id: int | None = None
    proposed_name: str = ""
    source: str = ""  # REMEMBERED, INITIALS or NAME (owners.py); blank when nothing is proposed
    reason: str = ""  # why nothing is proposed, or what the proposal was read from
    mapping_id: int | None = None  # the remembered mapping behind a REMEMBERED proposal

    @property
    def proposed(self) -> bool:
        return self.proposed_id is not None

    def __str__(self) -> str:
        why = f"{self.reason}; " if self.reason else ""
        return f"{self.written} ({why}{', '.join(self.rows)})"


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

    @property
    def completed_by(self) -> list[Carrier]:
        """The rows whose progress says "Completed": its own, or (when each says so) its outputs'."""
        if self.is_completed:
            return [self]
        return [output for output in self.outputs if output.is_completed]


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
    tokens: list[Token] = field(default_factory=list)  # responsibility names, in order of first row
    # The column keys the sheet's header rows name (parse.COLUMN_ORDER): the preview shows
    # those and no others, so a themes plan is not shown with empty priority columns.
    columns: list[str] = field(default_factory=list)
    # A plan workbook of this app (`workbook.PlanWorkbook`): its sheets, not the first one, are saved.
    workbook: object | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unmatched(self) -> list[Token]:
        """The responsibility names nobody is proposed for."""
        return [token for token in self.tokens if not token.proposed]

    @property
    def actions(self) -> list[ParsedAction]:
        return [action for priority in self.priorities for action in priority.all_actions]

    @property
    def outputs(self) -> list[ParsedOutput]:
        return [output for action in self.actions for output in action.outputs]

    @property
    def carriers(self) -> list[Carrier]:
        return [*self.actions, *self.outputs]

    def completion_proposals(self) -> list[tuple[int, ParsedAction]]:
        """(place in `actions`, action) for each action the file's progress says is completed.
        The preview lists them, ticked; only those still ticked at confirm are closed."""
        return [
            (i, action) for i, action in enumerate(self.actions) if action.status == Action.Status.COMPLETED
        ]

    def close_only(self, chosen) -> None:
        """Keep proposed actions that were not `chosen` (places in `actions`) open: In progress,
        as their progress text says something has been done."""
        for i, action in self.completion_proposals():
            if i not in chosen:
                action.status = Action.Status.IN_PROGRESS

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
