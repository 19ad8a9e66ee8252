"""Walking a table's body: the lines below its header, up to where the table ends.

The column reader and the values-below reader end a table the same way: page furniture is
stepped over, blank lines are counted (a reader may give them meaning, e.g. a new section),
and the table ends after too many blank lines in a row, at a line holding a tab (another
layout's table) or at the next table's header.
"""
from __future__ import annotations

from typing import Callable, Iterator

from ingest.text.line_classes import classes_of


class TableBody:
    """The body lines of a table from line `k` to `end` (1-based, inclusive), for a reader to
    walk with `for n, line in body`.

    - `skip(n)` lines (page furniture) are stepped over;
    - blank lines are counted in `blank`; the reader sets it back to 0 where a line it read
      ends the blank run (the readers differ in which lines do);
    - the walk ends after more than `max_blank` blank lines in a row, at a line holding a
      tab, or at a line `is_header` takes for a header.
    `n` is where the walk stopped: the line that ended the table, the line the reader broke
    off at, or end + 1.
    """

    def __init__(self, lines, k: int, end: int, skip: Callable[[int], bool],
                 is_header: Callable[[str], bool], max_blank: int) -> None:
        self.lines, self.end, self.skip, self.is_header, self.max_blank = lines, end, skip, is_header, max_blank
        self.n = k
        self.blank = 0

    def __iter__(self) -> Iterator[tuple[int, str]]:
        c = classes_of(self.lines)   # blank and tabbed lines, classified once per document
        blank, tabbed, lines = c.blank, c.tabbed, self.lines
        while self.n <= self.end:
            n = self.n
            if self.skip(n):
                self.n += 1
                continue
            if blank[n - 1]:
                self.blank += 1
                if self.blank > self.max_blank:
                    return
                self.n += 1
                continue
            ln = lines[n - 1]
            if tabbed[n - 1] or self.is_header(ln):
                return
            yield n, ln
            self.n += 1
