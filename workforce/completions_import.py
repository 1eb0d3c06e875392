"""Training completions from a spreadsheet (a trainer's register, an e-learning export): read, plan, apply.

The same three steps as the staff import (workforce/importing.py), and the same reading
(workforce/reading.py, with this file's own columns):

    table = read_completions(content, filename)  # ImportFileError for a file we cannot use at all
    result = plan_completions(table)             # every row checked; nothing written; result.errors
    apply_completions(result, user=...)          # one transaction: every record or none

A row is refused (and so is the file) when its staff number is unknown, its course is not in the
catalogue, its date is missing, impossible or in the future or on or after the person's leaving
date, it repeats an earlier row (same person, course and date), or that completion is already
recorded. Courses are matched by title, ignoring capitals and spacing. A completion before the
person's start date is accepted: staff bring training done at their previous employer.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from workforce.completions import Completion, record_completions, recorded_keys
from workforce.models import StaffMember
from workforce.reading import COLUMNS as STAFF_COLUMNS
from workforce.reading import (
    ImportFileError,
    RowError,
    Shape,
    Table,
    display_date,
    name_key,
    parse_date,
    read_table,
    text_value,
)
from workforce.training import Course

COLUMNS: dict[str, tuple[str, set[str]]] = {
    "assignment_number": STAFF_COLUMNS["assignment_number"],
    "course": (
        "Course",
        {"course", "course title", "course name", "training", "training course", "module", "module title"},
    ),
    "completed_on": (
        "Completion Date",
        {
            "completion date",
            "date completed",
            "completed",
            "completed on",
            "date of completion",
            "date attended",
            "attended on",
            "session date",
            "date",
        },
    ),
    "note": ("Note", {"note", "notes", "comment", "comments"}),
}
SHAPE = Shape(COLUMNS, ("assignment_number", "course", "completed_on"), "completion rows")
NOTE_LIMIT = 500

__all__ = ["COLUMNS", "ImportFileError", "apply_completions", "plan_completions", "read_completions"]


def read_completions(content: bytes, filename: str = "") -> Table:
    return read_table(content, filename, SHAPE)


@dataclass
class CompletionRow:
    """One row of the file, as understood; `completion` is set when the row is good."""

    row: int
    assignment_number: str
    course_title: str
    date_text: str
    note: str
    person: StaffMember | None = None
    course: Course | None = None
    completed_on: datetime.date | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.full_name if self.person else ""

    @property
    def completion(self) -> Completion | None:
        if self.problems or not (self.person and self.course and self.completed_on):
            return None
        return Completion(self.person, self.course, self.completed_on, self.note)


@dataclass
class CompletionsResult:
    filename: str = ""
    rows: list[CompletionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[CompletionRow]:
        return [row for row in self.rows if row.problems]

    @property
    def courses(self) -> list[tuple[str, int]]:
        """(course title, completions) for the preview, by title."""
        counts: dict[str, int] = {}
        for row in self.rows:
            if row.course is not None:
                counts[row.course.title] = counts.get(row.course.title, 0) + 1
        return sorted(counts.items())

    def summary(self) -> str:
        count = len(self.rows)
        records = "training record" if count == 1 else "training records"
        return f"{'Imported' if self.saved else 'Would import'} {count} {records} from {self.filename}."

    def fingerprint(self) -> str:
        """A digest of what would be written: a confirm compares it with the preview's."""
        digest = hashlib.sha256()
        for row in self.rows:
            key = (
                row.row,
                row.person and row.person.pk,
                row.course and row.course.pk,
                row.completed_on,
                row.note,
            )
            digest.update(repr(key).encode())
        return digest.hexdigest()


def plan_completions(table: Table) -> CompletionsResult:
    """Check every row and describe what the import would add. Reads only; never writes.

    A fixed handful of queries whatever the file's size: the staff numbers in the file, every
    course, and the completions already recorded for those courses and dates."""
    result = CompletionsResult(filename=table.filename, ignored_columns=table.ignored_columns)
    labels = {name: table.labels.get(name, label) for name, (label, _w) in COLUMNS.items()}
    numbers = {text_value(raw["assignment_number"]) for _n, raw in table.rows}
    staff = {p.assignment_number: p for p in StaffMember.objects.filter(assignment_number__in=numbers)}
    courses: dict[str, list[Course]] = {}
    for course in Course.objects.all():
        courses.setdefault(name_key(course.title), []).append(course)
    first_row_of: dict[tuple, int] = {}

    for number, raw in table.rows:
        row = CompletionRow(
            number,
            text_value(raw["assignment_number"]),
            text_value(raw["course"]),
            text_value(raw["completed_on"]),
            text_value(raw.get("note")),
        )
        result.rows.append(row)

        def problem(name, message, _row=row, _raw=raw):
            _row.problems.append(message)
            result.errors.append(RowError(_row.row, labels[name], message, text_value(_raw.get(name))))

        _check_person(row, staff, problem)
        _check_course(row, courses, problem)
        _check_date(row, raw, problem)
        if len(row.note) > NOTE_LIMIT:
            problem("note", f"The note is longer than {NOTE_LIMIT} characters.")
        leaving = row.person.leaving_date if row.person else None
        if row.completed_on and leaving and row.completed_on >= leaving:
            problem("completed_on", f"{row.name} left on {display_date(leaving)}, before this completion.")
        completion = row.completion
        if completion is not None:
            if completion.key in first_row_of:
                earlier = first_row_of[completion.key]
                problem("completed_on", f"Repeats row {earlier} (same person, course and date).")
            else:
                first_row_of[completion.key] = row.row

    good = [row.completion for row in result.rows if row.completion is not None]
    already = recorded_keys(good)
    for row in result.rows:
        completion = row.completion
        if completion is not None and completion.key in already:
            when = display_date(row.completed_on)
            message = f"Already recorded: {row.name} completed {row.course.title} on {when}."
            row.problems.append(message)
            result.errors.append(RowError(row.row, labels["completed_on"], message, row.date_text))
    result.errors.sort(key=lambda e: e.row)
    return result


def _check_person(row: CompletionRow, staff: dict, problem) -> None:
    if not row.assignment_number:
        problem("assignment_number", "The staff number is missing.")
    elif row.assignment_number not in staff:
        problem("assignment_number", f"No one has the staff number {row.assignment_number} in Talent Ladder.")
    else:
        row.person = staff[row.assignment_number]


def _check_course(row: CompletionRow, courses: dict, problem) -> None:
    if not row.course_title:
        problem("course", "The course is missing.")
        return
    found = courses.get(name_key(row.course_title), [])
    if len(found) > 1:  # titles are unique, but only exactly: "Fire safety" and "Fire Safety" may both exist
        found = [course for course in found if course.title == row.course_title] or found
    if len(found) != 1:
        known = "no course is called that" if not found else f"{len(found)} courses differ only in capitals"
        problem("course", f"Unknown course '{row.course_title}': {known} in the catalogue.")
    else:
        row.course = found[0]


def _check_date(row: CompletionRow, raw: dict, problem) -> None:
    try:
        day = parse_date(raw["completed_on"])
    except ValueError as exc:
        problem("completed_on", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        return
    if day is None:
        problem("completed_on", "The completion date is missing.")
    elif day > datetime.date.today():
        problem("completed_on", f"{display_date(day)} is in the future: a course cannot be completed yet.")
    else:
        row.completed_on = day


def apply_completions(result: CompletionsResult, *, user, reason: str = "") -> CompletionsResult:
    """Save a valid plan: all of it or, on any failure (AlreadyRecorded), none of it."""
    if result.errors:
        raise ValueError("A plan with errors cannot be applied.")
    record_completions(
        [row.completion for row in result.rows],
        user=user,
        reason=reason or f"Imported from {result.filename}",
    )
    result.saved = True
    return result
