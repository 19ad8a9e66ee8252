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

    def __iter__(self):
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)

    def get(self, section_id: str) -> Section:
        return self._by_id[section_id]

    def at(self, line: int) -> Section | None:
        best: Section | None = None
        for s in self.sections[: bisect.bisect_right(self._starts, line)]:
            if s.contains(line) and (best is None or s.depth >= best.depth):
                best = s
        return best

    def organisation_at(self, line: int) -> str | None:
        """The nearest organisation named by the innermost section or its ancestors."""
        s = self.at(line)
        while s is not None:
            if s.organisation:
                return s.organisation
            s = self._by_id.get(s.parent_section_id) if s.parent_section_id else None
        return None

    def of_kind(self, *kinds: str) -> list[Section]:
        return [s for s in self.sections if s.section_kind in kinds]

    def ancestors(self, section: Section) -> list[Section]:
        out = []
        s = section
        while s.parent_section_id:
            s = self._by_id[s.parent_section_id]
            out.append(s)
        return out
