"""An action plan as a spreadsheet, in the shape people keep it in, safe to open in Excel.

`plan_rows(plan, actions=None)` lays the plan out as the sample plans are laid out: the title,
then per priority (or theme) a heading row and a header row, then one row per output, with the
area of focus and the action written only on their first row (as merged cells read), and lists
(milestones, risks, contributors, achievements) as one line each in their cell. Layout A plans
get the Layout A columns; Layout B plans their own ("The Trust will...", "Essential input
required from", "Achievements by ... will include"), plus any Layout A column the plan uses, so
that importing the export gives the same plan back (`save.read_plan` reads it).

`actions` (a queryset or list of this plan's actions) exports a filtered view of the plan page
with the same layout; None exports the whole plan, empty priorities included. Every cell goes
through `workforce.exports` (`safe_cell` for CSV, `write_xlsx_cell` for XLSX), so no text can
run as a formula. The number of queries
does not grow with the plan: everything under the actions is prefetched.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from actionplans.models import Action, ActionPlan, Milestone, Output, ProgressUpdate, Risk
from actionplans.spreadsheets import parse
from workforce.exports import XLSX_CONTENT_TYPE, download, safe_cell, write_xlsx_cell

AREA, ACTION, OUTPUT = "Area of Focus", "Action", "Output"
RESPONSIBILITY, TIMEFRAME, MILESTONES = "Responsibility", "Timeframe", "Milestones"
RESOURCES, RISK, PROGRESS = "Resources / Cost", "Risk", "Progress to date"
CONTRIBUTORS, ACHIEVEMENTS = "Essential input required from", "Achievements"
THEMES_ACTION = "The Trust will..."
LAYOUT_A_COLUMNS = [AREA, ACTION, OUTPUT, RESPONSIBILITY, TIMEFRAME, MILESTONES, RESOURCES, RISK, PROGRESS]
CARRIED = [RESPONSIBILITY, TIMEFRAME, MILESTONES, RESOURCES, RISK, PROGRESS]


@dataclass
class SheetRow:
    kind: str  # "title", "blank", "heading", "header", "data"
    cells: list


def plan_actions(plan: ActionPlan, actions=None) -> list[Action]:
    """The plan's actions (all, or those given) with everything an export shows, prefetched."""
    if actions is None:
        queryset = Action.objects.all()
    elif isinstance(actions, QuerySet):
        queryset = actions
    else:
        queryset = Action.objects.filter(pk__in=[action.pk for action in actions])
    latest_first = ProgressUpdate.objects.order_by("-date", "-pk")
    return list(
        queryset.filter(plan=plan)
        .select_related("priority", "focus_area")
        .prefetch_related(
            "owners",
            "contributors",
            "achievements",
            Prefetch(
                "outputs",
                queryset=Output.objects.prefetch_related(
                    "owners",
                    Prefetch("milestones", queryset=Milestone.objects.order_by("position", "pk")),
                    Prefetch("risks", queryset=Risk.objects.order_by("position", "pk")),
                    Prefetch("progress_updates", queryset=latest_first),
                ),
            ),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(output=None).order_by("position", "pk"),
                to_attr="own_milestones",
            ),
            Prefetch(
                "risks",
                queryset=Risk.objects.filter(output=None).order_by("position", "pk"),
                to_attr="own_risks",
            ),
            Prefetch("progress_updates", queryset=latest_first.filter(output=None), to_attr="own_progress"),
        )
        .order_by(
            "priority__position", "priority_id", "focus_area__position", "focus_area_id", "position", "pk"
        )
    )


def _lines(items) -> str:
    """A list as one line per item, as people type it; with a bullet before each item when an
    item itself starts like a bullet ("- to confirm") or spans lines, so it reads back whole."""
    items = list(items)
    if parse.bulleted(items):
        return "\n".join(f"• {item}" for item in items)
    return "\n".join(items)


def _money(amount) -> str:
    return f"£{amount:,.2f}".replace(".00", "")


def _carried(obj, milestones, risks, progress) -> dict[str, str]:
    """The Responsibility ... Progress cells of an output, or of an action's own row."""
    responsibility = obj.responsibility or "/".join(owner.initials for owner in obj.owners.all())
    timeframe = obj.timeframe or (f"{obj.due_date.day} {obj.due_date:%B %Y}" if obj.due_date else "")
    resources = obj.resources
    if obj.cost_amount is not None and "£" not in resources:
        resources = f"{resources} {_money(obj.cost_amount)}".strip()
    return {
        RESPONSIBILITY: responsibility,
        TIMEFRAME: timeframe,
        MILESTONES: _lines(m.description for m in milestones),
        RESOURCES: resources,
        RISK: _lines(r.description for r in risks),
        PROGRESS: progress[0].note if progress else "",
    }


def _action_cells(action: Action) -> dict[str, str]:
    carried = _carried(action, action.own_milestones, action.own_risks, action.own_progress)
    dates = [output.due_date for output in action.outputs.all() if output.due_date]
    if not action.timeframe and dates and action.due_date == max(dates):
        carried[TIMEFRAME] = ""  # the importer works it out again from the outputs
    return {
        **carried,
        CONTRIBUTORS: _lines(c.name for c in action.contributors.all()),
        ACHIEVEMENTS: _lines(a.description for a in action.achievements.all()),
    }


def _output_cells(output: Output) -> dict[str, str]:
    cells = _carried(output, output.milestones.all(), output.risks.all(), output.progress_updates.all())
    cells[OUTPUT] = f"{output.letter}. {output.description}" if output.letter else output.description
    return cells


def _columns(plan: ActionPlan, blocks) -> list[str]:
    used = {
        key
        for _, _, action_cells, outputs in blocks
        for cells in [action_cells, *outputs]
        for key, v in cells.items()
        if v
    }
    if plan.layout == ActionPlan.Layout.THEMES:
        year = f" by {plan.period_end.year}" if plan.period_end else ""
        columns = [THEMES_ACTION, CONTRIBUTORS, f"{ACHIEVEMENTS}{year} will include"]
        if any(outputs for *_, outputs in blocks):
            columns.append(OUTPUT)
        return columns + [key for key in CARRIED if key in used]
    return LAYOUT_A_COLUMNS + [key for key in (CONTRIBUTORS, ACHIEVEMENTS) if key in used]


def _keys(columns: list[str]) -> list[str]:
    """Column titles -> the keys the cell dicts use (the themes' titles are spelt differently)."""
    keys = {THEMES_ACTION: ACTION, CONTRIBUTORS: CONTRIBUTORS}
    return [keys.get(c, ACHIEVEMENTS if c.startswith(ACHIEVEMENTS) else c) for c in columns]


def plan_rows(plan: ActionPlan, actions=None) -> list[SheetRow]:
    """The plan as sheet rows (title, headings, header rows, data rows), before Excel-proofing."""
    action_list = plan_actions(plan, actions)
    if actions is None:
        priorities = list(plan.priorities.all())
    else:
        priorities = list({action.priority_id: action.priority for action in action_list}.values())
    blocks = []  # (priority id, action, the action's own cells, [each output's cells])
    for action in action_list:
        blocks.append(
            (
                action.priority_id,
                action,
                _action_cells(action),
                [_output_cells(o) for o in action.outputs.all()],
            )
        )
    columns = _columns(plan, blocks)
    keys = _keys(columns)
    themes = plan.layout == ActionPlan.Layout.THEMES

    rows = [SheetRow("title", [plan.title])]
    for priority in priorities:
        heading = (
            f"{plan.priority_label} {priority.number}. {priority.title}"
            if priority.number
            else priority.title
        )
        rows += [SheetRow("blank", []), SheetRow("heading", [heading]), SheetRow("header", list(columns))]
        mine = [block for block in blocks if block[0] == priority.pk]
        # Actions straight under the priority come first: a blank Area of Focus cell means
        # "the area above", so they must not follow an area's actions.
        mine.sort(key=lambda block: block[1].focus_area_id is not None)
        area_written = None
        for _, action, own, outputs in mine:
            area = action.focus_area
            area_cell = ""
            if not themes and area is not None and area.pk != area_written:
                area_cell, area_written = f"{area.number} {area.title}".strip(), area.pk
            action_cell = f"{action.number} {action.description}".strip()
            own_row = {k: v for k, v in own.items() if k not in (CONTRIBUTORS, ACHIEVEMENTS)}
            first = []
            if not outputs or any(own_row.values()) or themes:
                first = [{**own, AREA: area_cell, ACTION: action_cell}]
                area_cell = action_cell = ""
            lists_on_action = {CONTRIBUTORS: own[CONTRIBUTORS], ACHIEVEMENTS: own[ACHIEVEMENTS]}
            for index, cells in enumerate(outputs):
                extra = lists_on_action if index == 0 and not first else {}
                first.append({**cells, **extra, AREA: area_cell, ACTION: action_cell})
                area_cell = action_cell = ""
            rows += [SheetRow("data", [cells.get(key, "") for key in keys]) for cells in first]
    return rows


def plan_csv(plan: ActionPlan, actions=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in plan_rows(plan, actions):
        writer.writerow(["" if value is None else safe_cell(value) for value in row.cells])
    # UTF-8 with BOM so Excel on Windows reads accents and pound signs correctly.
    return buffer.getvalue().encode("utf-8-sig")


WIDTHS = {AREA: 24, ACTION: 40, THEMES_ACTION: 50, OUTPUT: 36, MILESTONES: 36, RISK: 32, PROGRESS: 30}


def plan_xlsx(plan: ActionPlan, actions=None) -> bytes:
    workbook = Workbook()
    write_plan_sheet(workbook.active, plan, actions)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_plan_sheet(sheet, plan: ActionPlan, actions=None) -> None:
    """Lay the people's spreadsheet out on `sheet` (also the plan workbook's first sheet)."""
    sheet.title = "Action plan"
    wrap = Alignment(wrap_text=True, vertical="top")
    heading_fill = PatternFill("solid", fgColor="DDEBF7")
    header_row = None
    for number, row in enumerate(plan_rows(plan, actions), 1):
        for column, value in enumerate(row.cells, 1):
            cell = write_xlsx_cell(sheet.cell(row=number, column=column), value)
            cell.alignment = wrap
            if row.kind == "title":
                cell.font = Font(bold=True, size=14)
            elif row.kind == "heading":
                cell.font = Font(bold=True, size=12)
                cell.fill = heading_fill
            elif row.kind == "header":
                cell.font = Font(bold=True)
        if row.kind == "header":
            header_row = row.cells
    for column, title in enumerate(header_row or [], 1):
        width = WIDTHS.get(title, 18 if not title.startswith(ACHIEVEMENTS) else 40)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width


def plan_filename(plan: ActionPlan, extension: str) -> str:
    return f"{slugify(plan.title)[:80] or 'action-plan'}.{extension}"


def plan_download(plan: ActionPlan, export_format: str, actions=None):
    """An HttpResponse with the plan as 'xlsx' or 'csv' (ValueError for any other format)."""
    if export_format == "xlsx":
        return download(plan_xlsx(plan, actions), plan_filename(plan, "xlsx"), XLSX_CONTENT_TYPE)
    if export_format == "csv":
        return download(plan_csv(plan, actions), plan_filename(plan, "csv"), "text/csv; charset=utf-8")
    raise ValueError(f"Unknown export format {export_format!r}")
