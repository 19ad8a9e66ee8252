"""Tab-separated tables (documents exported with real TABs): blocks of rows and clean cells.

A block is a run of consecutive lines that contain a TAB. Cells are split on TAB
first and only then stripped of HTML, so a tag never hides a column boundary and
an e-mail address in angle brackets is not mistaken for a tag.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass

from ingest.text.line_classes import classes_of

_TAG = re.compile(r"</?(?:p|i|b|u|ul|ol|li|br|hr|span|div|strong|em)\b[^<>@]*/?>", re.I)
_BULLET = re.compile(r"\s*•\s*")


@dataclass(frozen=True)
class TsvRow:
    line: int            # 1-based source line
    cells: tuple[str, ...]  # raw cells, as printed (tags kept)

    def clean(self, i: int) -> str:
        return clean_cell(self.cells[i]) if i < len(self.cells) else ""


@dataclass(frozen=True)
class TsvBlock:
    rows: tuple[TsvRow, ...]

    @property
    def header(self) -> TsvRow:
        return self.rows[0]

    @property
    def line_start(self) -> int:
        return self.rows[0].line

    @property
    def line_end(self) -> int:
        return self.rows[-1].line


def tsv_blocks(lines: tuple[str, ...] | list[str], start: int = 1, end: int | None = None) -> list[TsvBlock]:
    """Runs of consecutive TAB-bearing lines between `start` and `end` (1-based, inclusive)."""
    end = len(lines) if end is None else end
    blocks: list[TsvBlock] = []
    # the runs of tabbed lines come from the shared classification (found once per document),
    # and each row is split once for the three readers that ask (rows are immutable)
    c = classes_of(lines)
    rows: dict[int, TsvRow] = c.memo.setdefault("tsv_rows", {})
    runs = c.runs("tabbed")
    ends = c.memo.get("tsv_run_ends")
    if ends is None:
        ends = c.memo["tsv_run_ends"] = [b for _, b in runs]
    for a, b in runs[bisect_left(ends, start):]:   # runs ending before start hold nothing of the range
        if a > end:
            break
        a, b = max(a, start), min(b, end)
        if a <= b:
            for n in range(a, b + 1):
                if n not in rows:
                    rows[n] = TsvRow(n, tuple(lines[n - 1].split("\t")))
            blocks.append(TsvBlock(tuple(rows[n] for n in range(a, b + 1))))
    return blocks


def clean_cell(cell: str) -> str:
    """Cell text without HTML tags, entities or bullets, whitespace folded."""
    # called for every cell: skip the substitutions whose trigger character is absent
    s = _TAG.sub(" ", cell) if "<" in cell else cell
    s = html.unescape(s)
    s = (_BULLET.sub(" • ", s) if "•" in s else s).strip(" •")
    # str.split() and \s split on the same (Unicode) whitespace: words joined by one space
    return " ".join(s.split())
