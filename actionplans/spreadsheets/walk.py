"""Rows of a plan sheet -> the parsed tree (`ParsedPlan`), with warnings and errors by row.

How a sheet is read (build for the shapes, not for one file):
- The header row is found by its column names (`parse.header_columns`), anywhere in the
  first rows; a repeated header row under each heading is skipped.
- Rows with one filled cell above the first header: the first is the plan's title, the last
  the first heading. After it, a one-cell row in the first column starts a new priority (or
  theme); one numbered like an area of focus ("2.1 ...") starts an area of focus.
- Blank Area of Focus / Action cells mean "same as above" (merged cells); so does the same text
  repeated. A row with no Output continues the output above (more milestones, risks...).
- Two plans in one sheet are refused: a one-cell row that looks like a plan title after actions
  have been read is reported as the start of a second plan, with its row number.
- Several sheets: the first with a header row is read, with a warning naming the others.
"""

from __future__ import annotations

from pathlib import PurePath

from actionplans.models import Action, ActionPlan
from actionplans.spreadsheets import parse
from actionplans.spreadsheets.preview import (
    Carrier,
    Message,
    ParsedAction,
    ParsedFocusArea,
    ParsedOutput,
    ParsedPlan,
    ParsedPriority,
)
from actionplans.spreadsheets.read import Row

HEADER_SEARCH_ROWS = 60
DEFAULT_PRIORITY_TITLE = "Actions"
_TITLE_WORDS = ("plan", "strategy", "programme", "framework")


def walk(plan: ParsedPlan, rows: list[Row]) -> ParsedPlan:
    """Fill `plan` from the rows of its sheet (responsibility names are read by `owners`)."""
    _Walker(plan, rows).build()
    return plan


class _Walker:
    """Walks the rows once, keeping the priority, area of focus, action and output it is in."""

    def __init__(self, plan: ParsedPlan, rows: list[Row]):
        self.plan, self.rows = plan, rows
        self.columns: dict[str, int] = {}
        self.keys_seen: set[str] = set()
        self.priority: ParsedPriority | None = None
        self.area: ParsedFocusArea | None = None
        self.action: ParsedAction | None = None
        self.output: ParsedOutput | None = None
        self.area_text = self.action_text = self.priority_text = ""
        self.last_output: ParsedOutput | None = None

    def error(self, where: str, text: str) -> None:
        self.plan.errors.append(Message(where, text))

    def warn(self, where: str, text: str) -> None:
        self.plan.warnings.append(Message(where, text))

    # --- the walk ---

    def build(self) -> None:
        header_at = self._first_header()
        if header_at is None:
            self.error(
                "",
                "No header row found. The plan needs a row of column names, such as “Area of Focus”, "
                "“Action”, “Output”, “Responsibility”, “Timeframe” (or “The Trust will...”, "
                "“Essential input required from”, “Achievements”), above its actions.",
            )
            return
        self._read_top(self.rows[:header_at])
        for index in range(header_at, len(self.rows)):
            row = self.rows[index]
            columns = parse.header_columns(row.cells)
            if columns:
                self.columns = columns
                self.keys_seen |= set(columns)
                continue
            single = self._single(row)
            if single is not None and self._is_heading(row, *single, index):
                if self._starts_second_plan(single[1], index):
                    self.error(
                        row.label,
                        f"a second plan seems to start here (“{parse.shorten(single[1], 80)}”). "
                        "Import one plan per file: split the sheet and import each plan on its own.",
                    )
                    return
                self._heading(row, single[1])
                continue
            self._data_row(row)
        self._finish()

    def _first_header(self) -> int | None:
        for index, row in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            if parse.header_columns(row.cells):
                return index
        return None

    def _read_top(self, rows: list[Row]) -> None:
        """Title, any description lines and the first heading, above the first header row."""
        singles = []
        for row in rows:
            single = self._single(row)
            if single is None:
                self.warn(row.label, "ignored: it comes before the header row and is not a title.")
            else:
                singles.append((row, single[1]))
        heading = None
        if len(singles) >= 2:
            (_, title), heading = singles[0], singles[-1]
            self.plan.description = "\n".join(text for _, text in singles[1:-1])
        elif singles and not parse.looks_like_heading(singles[0][1]):
            title = singles[0][1]
        else:
            heading = singles[0] if singles else None
            title = PurePath(self.plan.filename).stem.replace("_", " ")
            self.warn(
                "", f"No title row above the first heading; the plan is called “{title}” (the file name)."
            )
        if len(title) > 255:
            self.warn("", "The title is longer than 255 characters and was shortened.")
            title = parse.shorten(title, 255)
        self.plan.title = title
        period = parse.parse_period(title)
        if period:
            self.plan.period_start, self.plan.period_end = period
        if heading:
            self._heading(*heading)

    @staticmethod
    def _single(row: Row) -> tuple[int, str] | None:
        """(column, text) when the row holds one text (in one cell, or merged across)."""
        filled = [(index, text) for index, text in enumerate(row.cells) if text]
        if len(filled) == 1 or (filled and len({text for _, text in filled}) == 1):
            return filled[0]
        return None

    def _key_at(self, column: int) -> str | None:
        return next((key for key, index in self.columns.items() if index == column), None)

    def _is_heading(self, row: Row, column: int, text: str, index: int) -> bool:
        key = self._key_at(column)
        if row.spanned or parse.looks_like_heading(text) or key is None:
            return True
        if key not in parse.TREE_KEYS or column != min(self.columns.values()):
            return False  # e.g. one more milestone on a row of its own: data
        if key == "action":
            # Layout B: an action alone in its row is still an action, unless a header row follows.
            following = next((r for r in self.rows[index + 1 :] if any(r.cells)), None)
            return following is not None and parse.header_columns(following.cells) is not None
        return True

    def _starts_second_plan(self, text: str, index: int) -> bool:
        if not self.plan.actions:
            return False
        lowered = text.lower()
        titled = any(word in lowered.split() for word in _TITLE_WORDS) or parse.parse_period(text)
        return bool(titled) or text == self.plan.title

    def _heading(self, row: Row, text: str) -> None:
        if "focus_area" in self.columns and parse.focus_area_level(text) and self.priority is not None:
            self._new_area(row, text)
            return
        number, title = parse.split_heading(text)
        self._new_priority(row, number, title or text)

    def _new_priority(self, row: Row, number: str, title: str) -> None:
        self.priority = ParsedPriority(row.label, number, title)
        self._check_length(row.label, "priority number", number, 20)
        self._check_length(row.label, "priority title", title, 500)
        self.plan.priorities.append(self.priority)
        self.area = self.action = self.output = None
        self.area_text = self.action_text = ""

    def _new_area(self, row: Row, text: str) -> None:
        self._ensure_priority(row)
        number, title = parse.split_number(text)
        self._check_length(row.label, "area of focus number", number, 20)
        self._check_length(row.label, "area of focus", title, 500)
        self.area = ParsedFocusArea(row.label, number, title)
        self.priority.focus_areas.append(self.area)
        self.area_text = text
        self.action = self.output = None
        self.action_text = ""

    def _ensure_priority(self, row: Row) -> None:
        if self.priority is None:
            self.warn(
                row.label,
                f"no priority or theme heading above this row; its actions are put under one called "
                f"“{DEFAULT_PRIORITY_TITLE}”, which you can rename.",
            )
            self._new_priority(row, "", DEFAULT_PRIORITY_TITLE)

    def _data_row(self, row: Row) -> None:
        values = {key: (row.cells[i] if i < len(row.cells) else "") for key, i in self.columns.items()}
        if values.get("priority") and values["priority"] != self.priority_text:
            number, title = parse.split_heading(values["priority"])
            self._new_priority(row, number, title or values["priority"])
            self.priority_text = values["priority"]
        area_text = values.get("focus_area", "")
        new_area = bool(area_text) and area_text != self.area_text
        if new_area:
            self._new_area(row, area_text)
        action_text = values.get("action", "")
        new_action = bool(action_text) and (action_text != self.action_text or new_area)
        if new_action:
            self._ensure_priority(row)
            self._new_action(row, action_text)
        if self.action is None:
            if any(text for key, text in values.items() if key not in ("priority", "focus_area")):
                self.error(
                    row.label, "no action for this row: its Action cell is blank and there is none above."
                )
            return
        if values.get("output"):
            target = self._new_output(row, values["output"])
        elif new_action or "output" not in self.columns or self.output is None:
            target = self.action
        else:
            target = self.output
        self._fill(target, values, row)

    def _new_action(self, row: Row, text: str) -> None:
        number, description = parse.split_number(text)
        self._check_length(row.label, "action number", number, 20)
        self.action = ParsedAction(where=row.label, number=number, description=description)
        self.action.dependencies = parse.find_dependencies(description)
        (self.area.actions if self.area else self.priority.actions).append(self.action)
        self.action_text = text
        self.output = None

    def _new_output(self, row: Row, text: str) -> ParsedOutput:
        letter, description = parse.split_letter(text)
        self.output = ParsedOutput(where=row.label, letter=letter, description=description)
        self.output.targets = parse.parse_targets(description)
        self.action.outputs.append(self.output)
        self.output.above, self.last_output = self.last_output, self.output
        return self.output

    def _fill(self, target: Carrier, values: dict[str, str], row: Row) -> None:
        for key in ("responsibility", "timeframe"):
            text = values.get(key, "")
            if text:
                joined = f"{getattr(target, key)}; {text}" if getattr(target, key) else text
                setattr(target, key, joined)
        for key in ("resources", "progress"):
            text = values.get(key, "")
            if text:
                setattr(target, key, f"{getattr(target, key)}\n{text}".strip())
        for key in parse.LIST_KEYS:
            text = values.get(key, "")
            if not text:
                continue
            if parse.is_as_above(text) and key in ("milestones", "risks"):
                source = target.above
                if source is None:
                    self.warn(row.label, f"{key} say “{text}” but there is no output above; kept as written.")
                else:
                    target.copied[key] = source
                    continue
            # Contributors and achievements belong to the action, whatever row they are on.
            owner = self.action if key in ("contributors", "achievements") else target
            getattr(owner, key).extend(parse.split_items(text))

    # --- after the walk ---

    def _finish(self) -> None:
        plan = self.plan
        if not plan.actions and not plan.errors:
            self.error("", "No actions found under the header row.")
        # Themes (Layout B) have no areas of focus, and actions carry contributors and
        # achievements rather than outputs; a plan with outputs but no areas is Layout A.
        keys = self.keys_seen
        if "focus_area" not in keys and ("output" not in keys or keys & {"contributors", "achievements"}):
            plan.layout = ActionPlan.Layout.THEMES
        plan.columns = [key for key in parse.COLUMN_ORDER if key in keys]
        for carrier in plan.carriers:
            self._resolve_copies(carrier)
            self._read_commitment(carrier)
        for action in plan.actions:
            self._derive_action(action)
        self._resolve_dependencies()
        self._in_sheet_order()

    def _in_sheet_order(self) -> None:
        """Messages in the order of the rows they name, as the person fixing the sheet reads it
        (they are found per kind, actions before outputs). Messages about the whole file come
        first; the sort is stable, so one row's keep their order. (Responsibility names are put
        in order of their first row by spreadsheets/owners.py.)"""
        place = {}
        for index, row in enumerate(self.rows):
            place.setdefault(row.label, index)

        def order(where: str) -> int:
            return place.get(where, -1)

        for messages in (self.plan.errors, self.plan.warnings, self.plan.notes):
            messages.sort(key=lambda message: order(message.where))

    def _resolve_copies(self, carrier: Carrier) -> None:
        for key in ("milestones", "risks"):
            source = carrier.copied.get(key)
            if source is not None:
                setattr(carrier, key, list(getattr(source, key)) + getattr(carrier, key))
                self.plan.notes.append(
                    Message(
                        carrier.where,
                        f"{key} “As above”: copied from output {parse.shorten(source.label, 60)} "
                        f"({source.where}).",
                    )
                )

    def _read_commitment(self, carrier: Carrier) -> None:
        where = carrier.where
        self._check_length(where, "responsibility", carrier.responsibility, 255)
        self._check_length(where, "timeframe", carrier.timeframe, 255)
        timeframe = parse.parse_timeframe(carrier.timeframe)
        carrier.due_date, carrier.is_recurring = timeframe.due_date, timeframe.is_recurring
        if timeframe.warning:
            self.warn(where, timeframe.warning)
        carrier.cost_amount = parse.parse_cost(carrier.resources)
        if isinstance(carrier, ParsedAction):
            for name in carrier.contributors:
                self._check_length(where, "contributor", name, 255)

    def _derive_action(self, action: ParsedAction) -> None:
        """An action with outputs is due when its last output is due (RAG reads the action's date);
        it is completed when its own progress, or every output's, says so."""
        outputs = action.outputs
        if outputs and not action.timeframe:
            dates = [output.due_date for output in outputs if output.due_date]
            action.due_date = max(dates) if dates else None
            action.is_recurring = not dates and all(output.is_recurring for output in outputs)
        if action.is_completed or (outputs and all(output.is_completed for output in outputs)):
            action.status = Action.Status.COMPLETED
        elif action.progress or any(output.progress for output in outputs):
            action.status = Action.Status.IN_PROGRESS

    def _resolve_dependencies(self) -> None:
        by_number: dict[str, ParsedAction] = {}
        for action in self.plan.actions:
            if not action.number:
                continue
            if action.number in by_number:
                self.warn(
                    action.where,
                    f"action number {action.number} is used twice; references to it point to the first "
                    f"({by_number[action.number].where}).",
                )
            else:
                by_number[action.number] = action
        for action in self.plan.actions:
            resolved = []
            for number in action.dependencies:
                if number == action.number:
                    continue
                if number in by_number:
                    resolved.append(number)
                else:
                    self.warn(
                        action.where,
                        f"action {action.number or parse.shorten(action.description, 40)} depends on "
                        f"{number}, which is not in this plan; no link was made.",
                    )
            action.dependencies = resolved

    def _check_length(self, where: str, what: str, text: str, limit: int) -> None:
        if len(text) > limit:
            quoted = parse.shorten(text, 40)
            self.error(where, f"the {what} is longer than {limit} characters (“{quoted}”); shorten it.")
