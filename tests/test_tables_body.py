"""The table-body walk shared by the column and values-below readers (ingest.tables.body),
on invented excerpts: furniture stepped over, blank runs counted and ending the table, a tab
line or the next header ending it, and where the walk stops."""
from __future__ import annotations

from ingest.tables.body import TableBody

PAGE = [
    "Kostnadsslag  2024  2025",      # 1 header (the walk starts below it)
    "Personal  100  200",            # 2
    "",                              # 3
    "Resor  10  20",                 # 4
    "Sidan 2 av 3",                  # 5 furniture
    "Lokaler  5  6",                 # 6
    "",                              # 7
    "",                              # 8
    "",                              # 9
    "Efter tre tomma rader",         # 10
]


def _is_header(line: str) -> bool:
    return line.startswith("Kostnadsslag")


def _walk(lines, k=2, end=None, skip=lambda n: False, max_blank=2, reset=True):
    body = TableBody(lines, k, len(lines) if end is None else end, skip, _is_header, max_blank)
    seen = []
    for n, line in body:
        seen.append((n, line, body.blank))
        if reset:
            body.blank = 0
    return body, seen


def test_furniture_is_stepped_over_and_blank_lines_counted_before_each_line():
    body, seen = _walk(PAGE, skip=lambda n: n == 5)
    assert [(n, b) for n, _, b in seen] == [(2, 0), (4, 1), (6, 0)]
    # three blank lines in a row (more than 2): the table ends on the third
    assert body.n == 9


def test_a_longer_blank_allowance_reads_on():
    body, seen = _walk(PAGE, skip=lambda n: n == 5, max_blank=3)
    assert [n for n, _, _ in seen] == [2, 4, 6, 10]
    assert seen[-1][2] == 3
    assert body.n == len(PAGE) + 1   # ran to the end


def test_the_blank_count_runs_on_until_the_reader_resets_it():
    _, seen = _walk(PAGE, skip=lambda n: n == 5, max_blank=9, reset=False)
    assert [b for _, _, b in seen] == [0, 1, 1, 4]


def test_furniture_is_not_read_when_not_skipped():
    _, seen = _walk(PAGE, end=6)
    assert [n for n, _, _ in seen] == [2, 4, 5, 6]


def test_a_tab_line_or_the_next_header_ends_the_table_where_it_stands():
    lines = ["Kostnadsslag  2024", "Personal  1", "Namn\tVärde", "Resor  2"]
    body, seen = _walk(lines)
    assert [n for n, _, _ in seen] == [2] and body.n == 3
    lines = ["Kostnadsslag  2024", "Personal  1", "", "Kostnadsslag  2025", "Resor  2"]
    body, seen = _walk(lines)
    assert [n for n, _, _ in seen] == [2] and body.n == 4


def test_a_reader_that_breaks_off_leaves_n_at_that_line():
    body = TableBody(PAGE, 2, len(PAGE), lambda n: False, _is_header, 2)
    for n, line in body:
        if line.startswith("Resor"):
            break
    assert body.n == 4


def test_whitespace_only_lines_are_blank_and_end_is_inclusive():
    lines = ["Kostnadsslag  2024", "Personal  1", " \u00a0 ", "Resor  2", "Lokaler  3"]
    body, seen = _walk(lines, end=4)
    assert [(n, b) for n, _, b in seen] == [(2, 0), (4, 1)]
    assert body.n == 5
