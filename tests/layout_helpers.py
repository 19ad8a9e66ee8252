"""Helpers that print invented tables the way `pdftotext -layout` does: a label at the left
margin and each cell right-aligned to its column's end, so tests can vary widths, spacing
and number formats without hand-counting spaces."""
from __future__ import annotations

from ingest.document import Document, Section, SectionIndex

NBSP = "\u00a0"
NNBSP = "\u202f"
MINUS = "\u2212"
EN_DASH = "\u2013"


def aligned(label: str, cells: list[str | None], ends: list[int], indent: int = 0) -> str:
    """One printed line: `label` from column `indent`, cell i right-aligned to ends[i]."""
    line = " " * indent + label
    for cell, end in zip(cells, ends):
        if cell is None:
            continue
        start = end - len(cell)
        if start < len(line) + 2:
            start = len(line) + 2   # never glue a cell to the text before it
        line += " " * (start - len(line)) + cell
    return line


def one_section_index(lines: tuple[str, ...], kind: str = "interim_report") -> SectionIndex:
    return SectionIndex([Section("s1", "doc1", kind, "t", 1, len(lines))])


def document(text: str) -> tuple[Document, SectionIndex]:
    lines = tuple(text.split("\n"))
    return Document("doc1", "x.txt", "0", 0, text, lines=lines), one_section_index(lines)
