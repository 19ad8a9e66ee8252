"""Layout primitives shared by the segmenter: stripped lines, blank-aware look-ups,
heading shapes, page footers and report periods. Pure functions, no document facts."""
from __future__ import annotations

import re

# `<unit>, Delårsrapport 2 RJL 7(101)` / `<unit>, Verksamhetsberättelse 10(22)`
FOOTER = re.compile(
    r"^(?P<org>[^,\d][^,]{1,80}), (?P<rep>Verksamhetsberättelse|Delårsrapport|Årsredovisning|Månadsrapport)\b[^()]{0,20}\s\d+\(\d+\)$"
)
PERSPECTIVE = re.compile(
    r"^(?:Perspektiv:?\s+)?(Medborgare och kund|Process och produktion|Process produktion|"
    r"Lärande och förnyelse|Lärande|Medarbetare|Ekonomi)$",
    re.I,
)
_HEADING = re.compile(r"^[A-ZÅÄÖÉÜ][^\t]{0,90}$")
_TERTIAL = re.compile(r"\bTertial ([1-3]) (\d{4})\b")
_PER_MONTH = re.compile(r"\bper (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) (\d{4})\b", re.I)
_GOAL_DATES = re.compile(r"(\d{4})-(\d{2})-(\d{2})\s+Andel\b")
_YEAR_LINE = re.compile(r"^(?:19|20)\d{2}$")
_MONTH_NO = {m: i + 1 for i, m in enumerate(
    ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
     "september", "oktober", "november", "december"))}


class Lines:
    """The document's lines, raw and stripped, with blank-aware neighbours."""

    __slots__ = ("raw", "s")

    def __init__(self, raw: tuple[str, ...] | list[str]):
        self.raw = raw
        self.s = [ln.strip() for ln in raw]

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


def is_heading_like(t: str) -> bool:
    """A short line that starts upper-case and does not read as a sentence."""
    return bool(t) and len(t) <= 90 and bool(_HEADING.match(t)) and not t.endswith((".", ";")) \
        and "\t" not in t


def sentence_case(name: str) -> str:
    name = " ".join(name.split())
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]


def kind_of_footer(rep: str) -> str:
    return {
        "Verksamhetsberättelse": "annual_report",
        "Årsredovisning": "annual_report",
        "Delårsrapport": "interim_report",
        "Månadsrapport": "monthly_report",
    }[rep]


def period_of_span(L: Lines, a: int, b: int, kind: str) -> str | None:
    """The period a report states near its start: Tertial N YYYY, per <month> YYYY,
    the date columns of its goal table (`2022-08-31 Andel ...`), or a bare year."""
    s = L.s
    for j in range(a, b + 1):
        t = s[j]
        if not t:
            continue
        m = _TERTIAL.search(t)
        if m:
            return f"T{m.group(1)} {m.group(2)}" if kind == "interim_report" else m.group(2)
        if j - a < 40:
            m = _PER_MONTH.search(t)
            if m:
                mon, year = _MONTH_NO[m.group(1).lower()], m.group(2)
                return _from_month(mon, year, kind)
            if _YEAR_LINE.match(t):
                return t
        m = _GOAL_DATES.search(t)
        if m:
            return _from_month(int(m.group(2)), m.group(1), kind)
    return None


def _from_month(mon: int, year: str, kind: str) -> str:
    if kind == "annual_report" or mon == 12:
        return year if kind == "annual_report" else f"T3 {year}"
    if kind == "interim_report" and mon in (4, 8):
        return f"T{mon // 4} {year}"
    return f"{year}-{mon:02d}"
