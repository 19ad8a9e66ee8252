"""The one shape every table reader returns, whatever the encoding (tab-separated, HTML in a
cell, space-aligned, one cell per line, label and values on following lines, `|`-separated).

Domain code (economics, indicators) reads only `Table`: header columns with the role, unit
and period the header text gives, and rows whose label has its wrapped lines joined and
whose cells carry the printed text, parsed value and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.tables.aligned import Cell

# A row label opening with `varav` / `därav` (`- varav personalkostnader`) is part of the row
# above it (Row.is_subitem): never added to the block's sum.
SUBITEM_LABEL = re.compile(r"^\s*[-–]?\s*(?:varav|därav)\b", re.I)


@dataclass
class Column:
    label: str                        # header text of the column, lines joined top to bottom
    lines: tuple[int, ...] = ()       # header lines it was printed on
    start: int = 0                    # character span on the page (space-aligned tables)
    end: int = 0


@dataclass
class Row:
    line: int                         # 1-based line of the printed values
    label: str                        # row label, wrapped lines joined
    label_line: int                   # first line of the label
    cells: list[Cell | None]          # one per column; None = empty cell
    section_label: str | None = None  # the value-less heading row above
    is_subitem: bool = False          # a 'varav' row
    account_code: str | None = None
    detail: str | None = None         # other text cells (e.g. investment object)
    split_ambiguous: bool = False
    split_note: str | None = None
    positions_known: bool = True
    texts: list[str | None] = field(default_factory=list)   # printed text per column (text cells too)


@dataclass
class Table:
    encoding: str                     # 'tsv', 'aligned', 'columns', ...
    start_line: int                   # first header line
    title: str | None
    title_line: int | None
    header_text: str
    stub: str                         # header text over the label column
    labels: list[str]                 # column labels (value columns only)
    rows: list[Row] = field(default_factory=list)
    context: str = ""                 # nearby text (title area, sentence above) for units
    columns: list[Column] = field(default_factory=list)
    end_line: int = 0
