"""Small-number suppression of tables of counts, as NHS statistics publish them, and the diversity
table of applicants built on it.

`suppress(counts)` takes the body of a table (rows x columns of counts), adds the row totals,
column totals and grand total, and decides which entries to hide:

- primary: every entry, totals included, from 1 to `threshold - 1` (the setting
  TRAINEESHIPS_SUPPRESS_BELOW, default 8: 1 to 7 are shown as "*"). Zero is shown: "nobody"
  identifies no one.
- secondary: so that no hidden entry can be worked out from the ones shown. Every row and every
  column, with its total, is one equation (cells add up to the total). Seen as a graph whose
  nodes are the lines (each row, each column, the totals row and column) and whose edges are the
  hidden entries, a hidden entry can be worked out exactly when its edge lies on no cycle (a
  line with one hidden entry is the simplest case; two cycles joined by one entry another). So:
  1. a line with exactly one hidden entry gets a second: its smallest shown entry (non-zero
     first, cells before totals, since a hidden zero only bounds the other by a small number);
  2. an entry whose edge is a bridge gets a cycle: the smallest shown entry joining the two
     sides the bridge separates;
  repeated until nothing changes. Each step hides one more entry and a table has finitely many,
  so it ends.

The result keeps the true counts (for tests) and says which are hidden; `rows()` gives what may
be shown. Nothing here reads the database: the report functions below count, this decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

SUPPRESSED = "*"


def suppress_below() -> int:
    """Counts from 1 to this minus one are hidden (NHS practice: 1 to 7)."""
    return settings.TRAINEESHIPS_SUPPRESS_BELOW


Entry = tuple[int, int]  # (row, column) in the table with its totals row and column


@dataclass(frozen=True)
class SuppressedTable:
    """Counts with their totals, as an (R+1) x (C+1) grid: the last column holds the row totals,
    the last row the column totals, its last entry the grand total. `hidden` is every entry not
    to be shown; `primary` those hidden for being small themselves."""

    grid: tuple[tuple[int, ...], ...]
    hidden: frozenset[Entry]
    primary: frozenset[Entry]

    def shown(self, row: int, column: int) -> int | str:
        return SUPPRESSED if (row, column) in self.hidden else self.grid[row][column]

    def rows(self) -> list[list[int | str]]:
        """Each body row's cells then its total, as shown."""
        return [[self.shown(r, c) for c in range(len(self.grid[r]))] for r in range(len(self.grid) - 1)]

    def totals(self) -> list[int | str]:
        """The column totals then the grand total, as shown."""
        last = len(self.grid) - 1
        return [self.shown(last, c) for c in range(len(self.grid[last]))]

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden)


def with_totals(counts: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    width = len(counts[0]) if counts else 0
    body = [tuple(row) + (sum(row),) for row in counts]
    last = tuple(sum(row[c] for row in body) for c in range(width + 1))
    return (*body, last)


def suppress(counts: Sequence[Sequence[int]], threshold: int | None = None) -> SuppressedTable:
    """Suppress `counts` (a list of rows of non-negative counts, all of one length)."""
    threshold = suppress_below() if threshold is None else threshold
    if any(len(row) != len(counts[0]) for row in counts):
        raise ValueError("Every row of a table needs the same number of columns.")
    if any(count < 0 for row in counts for count in row):
        raise ValueError("Counts cannot be negative.")
    grid = with_totals(counts) if counts else ((0,),)
    entries = [(r, c) for r in range(len(grid)) for c in range(len(grid[0]))]
    primary = {(r, c) for r, c in entries if 0 < grid[r][c] < threshold}
    hidden = set(primary)
    while _hide_one_more(grid, hidden):
        pass
    return SuppressedTable(grid, frozenset(hidden), frozenset(primary))


def _lines(grid) -> list[list[Entry]]:
    rows, columns = len(grid), len(grid[0])
    return [[(r, c) for c in range(columns)] for r in range(rows)] + [
        [(r, c) for r in range(rows)] for c in range(columns)
    ]


def _preference(grid, entry: Entry):
    r, c = entry
    value = grid[r][c]
    is_total = r == len(grid) - 1 or c == len(grid[0]) - 1
    return (value == 0, value, is_total, entry)


def _hide_one_more(grid, hidden: set[Entry]) -> bool:
    """Hide one more entry if some hidden one could still be worked out; False when none can."""
    for line in _lines(grid):
        in_line = [entry for entry in line if entry in hidden]
        if len(in_line) == 1:
            shown = [entry for entry in line if entry not in hidden]
            hidden.add(min(shown, key=lambda entry: _preference(grid, entry)))
            return True
    for bridge in sorted(hidden):
        sides = _sides_without(bridge, hidden)
        if sides is None:
            continue
        rows_a, columns_a, rows_b, columns_b = sides
        joining = [(r, c) for r in rows_a for c in columns_b] + [(r, c) for r in rows_b for c in columns_a]
        candidates = [entry for entry in joining if entry != bridge and entry not in hidden]
        if candidates:
            hidden.add(min(candidates, key=lambda entry: _preference(grid, entry)))
            return True
    return False


def _component(start, edges: list[Entry]) -> set[tuple[str, int]]:
    """The rows and columns reachable from `start` along `edges` (hidden entries)."""
    seen = {start}
    todo = [start]
    while todo:
        kind, number = todo.pop()
        for r, c in edges:
            if kind == "row" and r == number:
                node = ("column", c)
            elif kind == "column" and c == number:
                node = ("row", r)
            else:
                continue
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return seen


def _sides_without(bridge: Entry, hidden: set[Entry]):
    """If `bridge` is a bridge of the hidden entries' graph (rows and columns as nodes), the rows
    and columns on its row's side and on its column's side; None if it lies on a cycle."""
    edges = [entry for entry in hidden if entry != bridge]
    side_a = _component(("row", bridge[0]), edges)
    if ("column", bridge[1]) in side_a:
        return None
    side_b = _component(("column", bridge[1]), edges)
    return (
        [n for kind, n in side_a if kind == "row"],
        [n for kind, n in side_a if kind == "column"],
        [n for kind, n in side_b if kind == "row"],
        [n for kind, n in side_b if kind == "column"],
    )


# --- the diversity of applicants -----------------------------------------------------------------

# Where applicants are now, in five columns rather than ten stages: each column then holds more
# people, so fewer cells are small and less is hidden, and each applicant counts once, so the
# rows add up to the applicants with that answer.
COLUMNS = [
    ("Enquiry or information session", ["enquiry", "information_session"]),
    ("Applied, visited or interviewed", ["applied", "assessed_visit", "interview"]),
    ("Offered or in checks", ["offered", "checks"]),
    ("Started", ["started"]),
    ("Withdrawn or unsuccessful", ["withdrawn", "unsuccessful"]),
]
COLUMN_OF = {stage: n for n, (_, stages) in enumerate(COLUMNS) for stage in stages}
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class DiversityTable:
    """One characteristic's table: a row per answer (and "Not recorded" for applicants with no
    monitoring form), a column per group of stages, suppressed."""

    key: str
    label: str
    row_labels: list[str]
    table: SuppressedTable

    @property
    def columns(self) -> list[str]:
        return [label for label, _ in COLUMNS]

    def body(self) -> list[tuple[str, list[int | str]]]:
        return list(zip(self.row_labels, self.table.rows(), strict=True))


def diversity(applicants, threshold: int | None = None) -> list[DiversityTable]:
    """The suppressed table of each characteristic for these applicants (a queryset). Two
    queries: the monitoring answers grouped with the stage, and the applicants per stage (those
    without answers are the difference). Never reads or returns anyone's own answers."""
    from django.db.models import Count

    from traineeships.models import EqualityMonitoring

    characteristics = EqualityMonitoring.CHARACTERISTICS
    answered = (
        EqualityMonitoring.objects.filter(applicant__in=applicants.values("pk"))
        .order_by()
        .values_list(*characteristics, "applicant__stage")
        .annotate(n=Count("pk"))
    )
    groups = list(answered)
    per_stage = dict(applicants.order_by().values_list("stage").annotate(n=Count("pk")))
    unanswered = [0] * len(COLUMNS)
    for stage, n in per_stage.items():
        unanswered[COLUMN_OF[stage]] += n
    for *_, stage, n in groups:
        unanswered[COLUMN_OF[stage]] -= n
    tables = []
    for position, key in enumerate(characteristics):
        field = EqualityMonitoring._meta.get_field(key)
        answers = list(field.choices)
        counts = {value: [0] * len(COLUMNS) for value, _ in answers}
        for group in groups:
            counts[group[position]][COLUMN_OF[group[-2]]] += group[-1]
        labels = [label for _, label in answers]
        rows = [counts[value] for value, _ in answers]
        if any(unanswered):
            labels.append(NOT_RECORDED)
            rows.append(unanswered)
        label = str(field.verbose_name)
        tables.append(DiversityTable(key, label[0].upper() + label[1:], labels, suppress(rows, threshold)))
    return tables


def export_rows(tables: list[DiversityTable]) -> tuple[list[str], list[list]]:
    """Headers and rows for CSV/XLSX: the same suppressed figures as the page ("*" as text)."""
    headers = ["Characteristic", "Answer", *(label for label, _ in COLUMNS), "Total"]
    rows = []
    for table in tables:
        for label, cells in table.body():
            rows.append([table.label, label, *cells])
        rows.append([table.label, "Total", *table.table.totals()])
    return headers, rows
