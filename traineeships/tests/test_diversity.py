"""Small-number suppression (traineeships/diversity.py) on hand-made tables, then a property test:
on many random tables, no hidden entry can be worked out from what is shown, neither from one
row or column equation nor from any combination of them (checked with exact linear algebra)."""

import random
from fractions import Fraction

import pytest
from django.test import override_settings

from traineeships.diversity import SUPPRESSED, suppress, suppress_below


def shown(table):
    return table.rows(), table.totals()


def test_nothing_small_nothing_hidden():
    table = suppress([[10, 20], [30, 40]])
    assert shown(table) == ([[10, 20, 30], [30, 40, 70]], [40, 60, 100])
    assert not table.any_hidden


def test_zero_is_shown_and_hides_nothing():
    table = suppress([[0, 20], [30, 0]])
    assert shown(table) == ([[0, 20, 20], [30, 0, 30]], [30, 20, 50])


def test_one_suppressed_cell_in_a_row_takes_the_next_smallest_with_it():
    # The 3 alone would be 53 - 20 - 30; the 20 goes with it, and down the columns the 10 and
    # the 12 go too (each column would otherwise have one hidden cell).
    table = suppress([[3, 20, 30], [10, 12, 40]])
    assert table.primary == {(0, 0)}
    assert shown(table) == ([["*", "*", 30, 53], ["*", "*", 40, 62]], [13, 32, 70, 115])


def test_a_column_needing_a_second_cell():
    # The 3 in the second column; its row hides the 30 (smaller than the total), and the columns
    # of both then need a second hidden cell: the 30 and 40 of the row below.
    table = suppress([[10, 20], [30, 3], [40, 50]])
    rows, totals = shown(table)
    assert rows[1][1] == SUPPRESSED
    column = [row[1] for row in rows] + [totals[1]]
    assert column.count(SUPPRESSED) >= 2
    assert 3 not in [cell for row in rows for cell in row] + totals


def test_a_row_whose_total_is_small():
    # Every cell of the first row is small and so is its total: all hidden; the columns then
    # need a second hidden cell each, and the row totals column too (else 73 - 70 gives the 3).
    table = suppress([[2, 1], [30, 40]])
    assert (0, 2) in table.primary
    assert shown(table) == ([["*", "*", "*"], ["*", "*", "*"]], [32, 41, 73])


def test_a_table_of_one_small_number_hides_even_the_grand_total():
    assert shown(suppress([[3]])) == ([["*", "*"]], ["*", "*"])


def test_a_small_number_among_zeros_hides_the_total_rather_than_a_zero():
    table = suppress([[3, 0], [20, 30]])
    rows, totals = shown(table)
    assert rows[0] == ["*", 0, "*"]  # the 3 and its row total, not the zero


def test_the_threshold_is_a_setting():
    assert suppress_below() == 8
    assert suppress([[8, 20], [30, 40]]).any_hidden is False
    assert suppress([[7, 20], [30, 40]]).any_hidden is True
    with override_settings(TRAINEESHIPS_SUPPRESS_BELOW=5):
        assert suppress([[7, 20], [30, 40]]).any_hidden is False
        assert suppress([[4, 20], [30, 40]]).any_hidden is True


def test_an_empty_table_and_bad_tables():
    assert shown(suppress([])) == ([], [0])
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([[-1, 2]])


def test_a_bridge_between_two_protected_blocks_is_protected_too():
    # Two blocks that each protect their own small numbers, joined by one hidden entry: every
    # line has two hidden entries, yet the joining one could be worked out by adding equations.
    # The checker below finds no entry that can be worked out.
    table = suppress([[3, 9, 50, 60], [9, 9, 50, 60], [50, 60, 3, 9], [60, 50, 9, 9]])
    assert not determinable(table)


# --- the property test ---------------------------------------------------------------------------


def rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    found = 0
    width = len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(found, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for r in range(len(rows)):
            if r != found and rows[r][column] != 0:
                factor = rows[r][column] / rows[found][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[found], strict=True)]
        found += 1
    return found


def determinable(table) -> list:
    """Hidden entries whose value follows from the shown ones: those whose unit vector lies in
    the span of the row and column equations restricted to the hidden entries."""
    grid = table.grid
    hidden = sorted(table.hidden)
    if not hidden:
        return []
    last_r, last_c = len(grid) - 1, len(grid[0]) - 1
    equations = []
    # Row r: its cells minus its total = 0; column c likewise. Only the hidden entries' terms
    # matter: the shown ones are known constants.
    for r in range(len(grid)):
        equations.append([Fraction(-1 if c == last_c else 1) if rr == r else Fraction(0) for rr, c in hidden])
    for c in range(len(grid[0])):
        equations.append([Fraction(-1 if r == last_r else 1) if cc == c else Fraction(0) for r, cc in hidden])
    base = rank(equations)
    found = []
    for k, entry in enumerate(hidden):
        unit = [Fraction(1 if i == k else 0) for i in range(len(hidden))]
        if rank([*equations, unit]) == base:
            found.append(entry)
    return found


def random_table(rng: random.Random) -> list[list[int]]:
    rows, columns = rng.randint(1, 6), rng.randint(1, 5)
    # Mostly small numbers and zeros, as the diversity of one intake is.
    values = [0, 0, 1, 2, 3, 5, 7, 8, 9, 12, 20, 40]
    return [[rng.choice(values) for _ in range(columns)] for _ in range(rows)]


def test_no_hidden_entry_can_be_worked_out_on_random_tables():
    rng = random.Random(11)
    for _ in range(400):
        counts = random_table(rng)
        table = suppress(counts)
        # Every small count is hidden.
        for r, row in enumerate(table.grid):
            for c, value in enumerate(row):
                if 0 < value < 8:
                    assert (r, c) in table.hidden, (counts, r, c)
        # No single row or column holds exactly one hidden entry...
        for r in range(len(table.grid)):
            assert sum((r, c) in table.hidden for c in range(len(table.grid[0]))) != 1, counts
        for c in range(len(table.grid[0])):
            assert sum((r, c) in table.hidden for r in range(len(table.grid))) != 1, counts
        # ...and no combination of the equations recovers any hidden entry.
        assert determinable(table) == [], counts
