"""The document's lines, raw and stripped, with blank-aware look-ups (next / previous
non-blank line, a marker within a few lines, a heading wrapped over lines)."""
from __future__ import annotations

import re

from ingest.text.line_classes import classes_of


class Lines:
    """The document's lines, raw and stripped, with blank-aware neighbours."""

    __slots__ = ("raw", "s")

    def __init__(self, raw: tuple[str, ...] | list[str]):
        self.raw = raw
        self.s = classes_of(raw).stripped   # shared with the extractors: stripped once

    def next_nb(self, i: int, limit: int | None = None) -> int | None:
        """First non-blank line after i (before limit)."""
        s = self.s
        stop = len(s) if limit is None else min(limit, len(s))
        for j in range(i + 1, stop):
            if s[j]:
                return j
        return None

    def prev_nb(self, i: int) -> int | None:
        s = self.s
        for j in range(i - 1, -1, -1):
            if s[j]:
                return j
        return None

    def last_nb(self, a: int, b: int) -> int | None:
        s = self.s
        for j in range(min(b, len(s) - 1), a - 1, -1):
            if s[j]:
                return j
        return None

    def find(self, rx: re.Pattern, i: int, within: int) -> int | None:
        """First line after i, within `within` non-blank lines, matching rx."""
        s = self.s
        seen = 0
        for j in range(i + 1, len(s)):
            if not s[j]:
                continue
            if rx.match(s[j]):
                return j
            seen += 1
            if seen >= within:
                return None
        return None

    def find_back(self, rx: re.Pattern, i: int, within: int) -> int | None:
        s = self.s
        for j in range(i - 1, max(-1, i - within - 1), -1):
            if s[j] and rx.match(s[j]):
                return j
        return None

    def blank_before(self, i: int) -> bool:
        """The line opens a block: file start, a blank line above, or a page-break indent."""
        return i == 0 or not self.s[i - 1] or self.raw[i][:1].isspace()

    def join_wrapped(self, i: int, max_lines: int = 3) -> tuple[str, int]:
        """A heading wrapped over adjacent lines (no blank between), joined."""
        s = self.s
        parts = [s[i]]
        j = i
        while j + 1 < len(s) and s[j + 1] and len(parts) < max_lines and not s[j + 1][0].isdigit() \
                and s[j + 1][0].islower():
            j += 1
            parts.append(s[j])
        return " ".join(parts), j
