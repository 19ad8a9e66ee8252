"""The two objects every extractor receives: a read document and its sections.

Line numbers are 1-based everywhere, matching `sed -n`, `awk NR` and the inventories.
A file whose last line lacks a newline still has that line (str.splitlines keeps it).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    document_id: str
    source_file: str
    sha256: str
    size_bytes: int
    text: str
    region: str | None = None
    title: str | None = None
    document_date: date | None = None
    genre: str | None = None
    lines: tuple[str, ...] = field(default=(), repr=False)
    # Set when the text has been dropped (after ingest) so the count survives it.
    line_count_hint: int | None = None

    @property
    def line_count(self) -> int:
        return self.line_count_hint if self.line_count_hint is not None else len(self.lines)

    def line(self, n: int) -> str:
        """The printed line n (1-based)."""
        return self.lines[n - 1]


@dataclass(frozen=True)
class Section:
    section_id: str
    document_id: str
    section_kind: str
    title: str | None
    line_start: int
    line_end: int
    region: str | None = None
    organisation: str | None = None
    report_period: str | None = None
    parent_section_id: str | None = None
    depth: int = 0

    def contains(self, line: int) -> bool:
        return self.line_start <= line <= self.line_end


class SectionIndex:
    """Answers "which section (and organisation) is this line in" for one document.

    Sections nest (a unit report inside a meeting pack, a chapter inside a report);
    `at` returns the innermost section that covers the line.
    """

    def __init__(self, sections: list[Section]):
        self.sections = sorted(sections, key=lambda s: (s.line_start, -s.line_end, s.depth))
        self._by_id = {s.section_id: s for s in self.sections}
        self._starts = [s.line_start for s in self.sections]
        # Built on first use: line -> innermost section, id(section) -> organisation.
        self._by_line: list[Section | None] | None = None
        self._org_of: dict[int, str | None] = {}

    def __iter__(self):
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)

    def get(self, section_id: str) -> Section:
        return self._by_id[section_id]

    def at(self, line: int) -> Section | None:
        # Extractors ask for every row; a per-line table (built once, O(lines x depth))
        # answers in O(1). Lines outside it take the scan, which defines the answer.
        by_line = self._by_line
        if by_line is None:
            by_line = self._by_line = self._line_table()
        if type(line) is int and 0 <= line < len(by_line):
            return by_line[line]
        return self._scan(line)

    def _scan(self, line: int) -> Section | None:
        best: Section | None = None
        for s in self.sections[: bisect.bisect_right(self._starts, line)]:
            if s.contains(line) and (best is None or s.depth >= best.depth):
                best = s
        return best

    def _line_table(self) -> list[Section | None]:
        # Same rule as _scan, applied section by section in the same order.
        top = max((s.line_end for s in self.sections), default=-1)
        table: list[Section | None] = [None] * (top + 1)
        for s in self.sections:
            for n in range(max(s.line_start, 0), s.line_end + 1):
                best = table[n]
                if best is None or s.depth >= best.depth:
                    table[n] = s
        return table

    def organisation_at(self, line: int) -> str | None:
        """The nearest organisation named by the innermost section or its ancestors."""
        s = self.at(line)
        if s is None:
            return None
        if id(s) in self._org_of:
            return self._org_of[id(s)]
        org = None
        a: Section | None = s
        while a is not None:
            if a.organisation:
                org = a.organisation
                break
            a = self._by_id.get(a.parent_section_id) if a.parent_section_id else None
        self._org_of[id(s)] = org
        return org

    def of_kind(self, *kinds: str) -> list[Section]:
        return [s for s in self.sections if s.section_kind in kinds]

    def ancestors(self, section: Section) -> list[Section]:
        out = []
        s = section
        while s.parent_section_id:
            s = self._by_id[s.parent_section_id]
            out.append(s)
        return out
