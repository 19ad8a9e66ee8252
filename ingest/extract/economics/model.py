"""The shape every economics table reader hands to the extractor (TSV or space-aligned)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.tables.aligned import Cell


@dataclass
class EconRow:
    line: int                         # 1-based line of the printed values
    label: str
    label_line: int
    cells: list[Cell | None]          # one per column; None = empty cell
    section_label: str | None = None  # the value-less heading row above
    is_subitem: bool = False          # a 'varav' row
    account_code: str | None = None
    detail: str | None = None         # other text cells (e.g. investment object)
    split_ambiguous: bool = False
    split_note: str | None = None
    positions_known: bool = True


@dataclass
class EconTable:
    encoding: str                     # 'tsv' or 'aligned'
    start_line: int                   # first header line
    title: str | None
    title_line: int | None
    header_text: str
    stub: str
    labels: list[str]
    rows: list[EconRow] = field(default_factory=list)
    context: str = ""                 # nearby text (title area) for unit detection
