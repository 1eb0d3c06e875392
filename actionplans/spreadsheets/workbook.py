"""The plan workbook: every field and row of a plan, in sheets a machine reads back exactly.

The first sheet is the people's spreadsheet (`export.plan_rows`, unchanged). After it come an
"About" sheet (what made the file, the plan's id and its own fields) and one sheet per kind of
row (`SHEETS`): priorities, areas, actions, outputs, targets, milestones, risks, progress,
contributors, achievements, signatories, then the links (owners, dependencies).

Every row sheet starts with a Key column: the row's id in the plan it was exported from. Rows
point at their parents by key ("Action key"), so a re-import rebuilds the same tree, and an
update of the same plan matches each row to the record it came from (a row with no key, or a key
not of that plan, is a new record; a record whose key is no longer in the file is removed). The
key columns are hidden in Excel; they are data, not decoration.

People (owners, risk owners, progress authors, the plan lead) are written as assignment number
and name. On import they are found by assignment number; a progress author who cannot be found
keeps the name as written (`ProgressUpdate.author_name`); an owner who cannot be found is left out
with a warning. Every cell goes through `workforce.exports.write_xlsx_cell` (never a formula).
The reading half is `workbook_read`; the saving half `workbook_save`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Model
from openpyxl import Workbook
from openpyxl.styles import Font

from actionplans.models import (
    Action,
    ActionPlan,
    Contributor,
    ExpectedAchievement,
    FocusArea,
    Milestone,
    Output,
    OutputTarget,
    PledgeSignatory,
    Priority,
    ProgressUpdate,
    Risk,
)
from actionplans.spreadsheets.export import plan_filename, write_plan_sheet
from workforce.exports import write_xlsx_cell

MADE_BY = "Talent Ladder plan workbook"
FORMAT_VERSION = 1
ABOUT = "About"


@dataclass(frozen=True)
class Column:
    header: str
    attr: str  # the model attribute (or, for "staff_no"/"staff_name", the foreign key's name)
    # text, int, decimal, date, bool, choice; ref (a parent's key) and label (that parent as people
    # read it, ignored on import); staff_no and staff_name (a person); score (worked out, ignored)
    kind: str = "text"
    ref: str = ""  # for kind "ref": the sheet whose Key it names
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    model: type[Model]
    columns: tuple[Column, ...]
    plan_path: str  # the lookup from this model to its plan, for export and update

    @property
    def refs(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "ref"]


KEY = Column("Key", "pk", "int")
COMMITMENT = (
    Column("Responsibility", "responsibility"),
    Column("Timeframe", "timeframe"),
    Column("Due", "due_date", "date"),
    Column("Recurring", "is_recurring", "bool"),
    Column("Resources / cost", "resources"),
    Column("Cost (£)", "cost_amount", "decimal"),
)
ON_ACTION = (
    Column("Action key", "action", "ref", "Actions", required=True),
    Column("Action", "action", "label"),
    Column("Output key", "output", "ref", "Outputs"),
    Column("Output", "output", "label"),
)

# In saving order: a sheet's parents come before it.
SHEETS = [
    SheetSpec(
        "Signatories",
        PledgeSignatory,
        (
            KEY,
            Column("Name", "name", required=True),
            Column("Role", "role"),
            Column("Signed on", "signed_on", "date"),
        ),
        "plan",
    ),
    SheetSpec(
        "Priorities",
        Priority,
        (
            KEY,
            Column("Position", "position", "int"),
            Column("Number", "number"),
            Column("Title", "title", required=True),
        ),
        "plan",
    ),
    SheetSpec(
        "Areas",
        FocusArea,
        (
            KEY,
            Column("Priority key", "priority", "ref", "Priorities", required=True),
            Column("Priority", "priority", "label"),
            Column("Position", "position", "int"),
            Column("Number", "number"),
            Column("Title", "title", required=True),
            Column("Note", "note"),
        ),
        "priority__plan",
    ),
    SheetSpec(
        "Actions",
        Action,
        (
            KEY,
            Column("Priority key", "priority", "ref", "Priorities", required=True),
            Column("Priority", "priority", "label"),
            Column("Area key", "focus_area", "ref", "Areas"),
            Column("Area", "focus_area", "label"),
            Column("Position", "position", "int"),
            Column("Number", "number"),
            Column("Description", "description", required=True),
            Column("Status", "status", "choice"),
            *COMMITMENT,
        ),
        "plan",
    ),
    SheetSpec(
        "Outputs",
        Output,
        (
            KEY,
            Column("Action key", "action", "ref", "Actions", required=True),
            Column("Action", "action", "label"),
            Column("Position", "position", "int"),
            Column("Letter", "letter"),
            Column("Description", "description", required=True),
            *COMMITMENT,
            Column("Target unit", "target_unit"),
            Column("Current value", "current_value", "decimal"),
            Column("Current value as at", "current_value_on", "date"),
            Column("Indicator", "indicator_key"),
        ),
        "action__plan",
    ),
    SheetSpec(
        "Targets",
        OutputTarget,
        (
            KEY,
            Column("Output key", "output", "ref", "Outputs", required=True),
            Column("Output", "output", "label"),
            Column("Value", "value", "decimal", required=True),
            Column("Unit", "unit"),
            Column("By", "by_date", "date"),
        ),
        "output__action__plan",
    ),
    SheetSpec(
        "Milestones",
        Milestone,
        (
            KEY,
            *ON_ACTION,
            Column("Position", "position", "int"),
            Column("Description", "description", required=True),
            Column("Due", "due_date", "date"),
            Column("Done on", "completed_on", "date"),
        ),
        "action__plan",
    ),
    SheetSpec(
        "Risks",
        Risk,
        (
            KEY,
            *ON_ACTION,
            Column("Position", "position", "int"),
            Column("Description", "description", required=True),
            Column("Likelihood (1-5)", "likelihood", "int"),
            Column("Impact (1-5)", "impact", "int"),
            Column("Score", "score", "score"),
            Column("Mitigation", "mitigation"),
            Column("Owner assignment number", "owner", "staff_no"),
            Column("Owner", "owner", "staff_name"),
            Column("Open or closed", "status", "choice"),
        ),
        "action__plan",
    ),
    SheetSpec(
        "Progress",
        ProgressUpdate,
        (
            KEY,
            *ON_ACTION,
            Column("Date", "date", "date", required=True),
            Column("Author assignment number", "author", "staff_no"),
            Column("Author", "author", "staff_name"),
            Column("RAG", "rag", "choice"),
            Column("Note", "note", required=True),
            # Progress kept from a plan file: not an owner's update (no author, no RAG).
            Column("Imported from file", "imported_from"),
        ),
        "action__plan",
    ),
    SheetSpec(
        "Contributors",
        Contributor,
        (
            KEY,
            Column("Action key", "action", "ref", "Actions", required=True),
            Column("Action", "action", "label"),
            Column("Position", "position", "int"),
            Column("Name", "name", required=True),
        ),
        "action__plan",
    ),
    SheetSpec(
        "Achievements",
        ExpectedAchievement,
        (
            KEY,
            Column("Action key", "action", "ref", "Actions", required=True),
            Column("Action", "action", "label"),
            Column("Position", "position", "int"),
            Column("Description", "description", required=True),
        ),
        "action__plan",
    ),
]
SPEC = {spec.name: spec for spec in SHEETS}
OWNERS = ("Owners", ("Action key", "Output key", "Assignment number", "Name"))
DEPENDENCIES = ("Dependencies", ("Action key", "Action number", "Waits for key", "Waits for number"))
# The plan's own fields on the About sheet: (label, attribute, kind).
PLAN_FIELDS = [
    ("Title", "title", "text"),
    ("Layout", "layout", "choice"),
    ("Status", "status", "choice"),
    ("Period start", "period_start", "date"),
    ("Period end", "period_end", "date"),
    ("Description", "description", "text"),
    ("Governance", "governance", "text"),
    ("Signed pledge", "pledge_text", "text"),
    ("Lead assignment number", "lead", "staff_no"),
    ("Lead", "lead", "staff_name"),
]


@dataclass
class PlanWorkbook:
    """A plan workbook as read: the plan's fields, each sheet's rows (attr -> value, plus
    "_where", "Risks row 4"), and the owner and dependency links by key."""

    plan_id: int | None
    plan: dict = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    owners: list[tuple[int, int | None, int]] = field(default_factory=list)  # action, output, staff
    dependencies: list[tuple[int, int]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        names = {"Areas": "focus areas", "Progress": "progress updates"}
        counts = {
            names.get(spec.name, spec.name.lower()): len(self.rows.get(spec.name, [])) for spec in SHEETS
        }
        counts["owners"] = len(self.owners)
        counts["dependencies"] = len(self.dependencies)
        return counts


# --- Writing ---------------------------------------------------------------------------------------


def _staff_cells(person) -> tuple[str, str]:
    if person is None:
        return "", ""
    return person.assignment_number, f"{person.first_name} {person.last_name}".strip()


def _author_cells(update: ProgressUpdate) -> tuple[str, str]:
    user = update.author
    if user is None:
        return "", update.author_name
    staff = getattr(user, "staff_member", None)
    if staff is not None:
        return _staff_cells(staff)
    return "", user.get_full_name() or user.username


def _value(obj, column: Column):
    if column.kind == "ref":
        return getattr(obj, f"{column.attr}_id")
    if column.kind == "label":
        parent = getattr(obj, column.attr)
        text = "" if parent is None else str(parent)
        return text if len(text) <= 60 else text[:57].rstrip() + "..."
    if column.kind == "bool":
        return "Yes" if getattr(obj, column.attr) else "No"
    if column.kind in ("staff_no", "staff_name"):
        cells = _author_cells(obj) if column.attr == "author" else _staff_cells(getattr(obj, column.attr))
        return cells[0] if column.kind == "staff_no" else cells[1]
    value = getattr(obj, column.attr)
    return "" if value is None else value


def spec_rows(spec: SheetSpec, plan: ActionPlan) -> list:
    """The plan's rows of one sheet, in the order they are written (and so re-created)."""
    queryset = spec.model.objects.filter(**{spec.plan_path: plan}).order_by("pk")
    related = {c.attr for c in spec.columns if c.kind in ("label", "staff_no", "staff_name")}
    if spec.model is ProgressUpdate:
        related = (related - {"author"}) | {"author__staff_member"}
    return list(queryset.select_related(*sorted(related)))


def _write_table(sheet, headers, rows, hidden=()) -> None:
    for column, header in enumerate(headers, 1):
        write_xlsx_cell(sheet.cell(row=1, column=column), header).font = Font(bold=True)
        if header in hidden:
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].hidden = True
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            write_xlsx_cell(sheet.cell(row=number, column=column), value)
    sheet.freeze_panes = "A2"


def _pk(obj) -> int:
    return obj.pk


def plan_workbook(plan: ActionPlan) -> bytes:
    """The plan workbook of `plan` as .xlsx bytes."""
    book = Workbook()
    write_plan_sheet(book.active, plan)
    about = book.create_sheet(ABOUT)
    lead_number, lead_name = _staff_cells(plan.lead)
    rows = [("Made by", MADE_BY), ("Format version", FORMAT_VERSION), ("Plan id", plan.pk)]
    for label, attr, kind in PLAN_FIELDS:
        if kind == "staff_no":
            rows.append((label, lead_number))
        elif kind == "staff_name":
            rows.append((label, lead_name))
        else:
            value = getattr(plan, attr)
            rows.append((label, "" if value is None else value))
    _write_table(about, ("Field", "Value"), rows)
    about.column_dimensions["B"].width = 60
    for spec in SHEETS:
        headers = [c.header for c in spec.columns]
        hidden = {c.header for c in spec.columns if c.header.endswith("key") or c.header == "Key"}
        data = [[_value(obj, c) for c in spec.columns] for obj in spec_rows(spec, plan)]
        _write_table(book.create_sheet(spec.name), headers, data, hidden)
    owner_rows = []
    for action in Action.objects.filter(plan=plan).prefetch_related("owners").order_by("pk"):
        owner_rows += [(action.pk, "", *_staff_cells(p)) for p in sorted(action.owners.all(), key=_pk)]
    for output in Output.objects.filter(action__plan=plan).prefetch_related("owners").order_by("pk"):
        owner_rows += [
            (output.action_id, output.pk, *_staff_cells(p)) for p in sorted(output.owners.all(), key=_pk)
        ]
    _write_table(book.create_sheet(OWNERS[0]), OWNERS[1], owner_rows, {"Action key", "Output key"})
    links = Action.dependencies.through.objects.filter(from_action__plan=plan).select_related(
        "from_action", "to_action"
    )
    dependency_rows = [
        (link.from_action_id, link.from_action.number, link.to_action_id, link.to_action.number)
        for link in links.order_by("pk")
    ]
    _write_table(
        book.create_sheet(DEPENDENCIES[0]), DEPENDENCIES[1], dependency_rows, {"Action key", "Waits for key"}
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_filename(plan: ActionPlan) -> str:
    return plan_filename(plan, "xlsx").removesuffix(".xlsx") + "-workbook.xlsx"
