"""Report periods a report states near its start: `Tertial N YYYY`, `per <month> YYYY`, the
date columns of its goal table, or a bare year."""
from __future__ import annotations

import re

_TERTIAL = re.compile(r"\bTertial ([1-3]) (\d{4})\b")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
_PER_MONTH = re.compile(r"\bper (" + "|".join(MONTHS) + r") (\d{4})\b", re.I)
_GOAL_DATES = re.compile(r"(\d{4})-(\d{2})-(\d{2})\s+Andel\b")
_YEAR_LINE = re.compile(r"^(?:19|20)\d{2}$")
_MONTH_NO = {m: i + 1 for i, m in enumerate(MONTHS)}


def period_of_span(s: list[str], a: int, b: int, kind: str) -> str | None:
    """The period a report states near its start: Tertial N YYYY, per <month> YYYY,
    the date columns of its goal table (`2022-08-31 Andel ...`), or a bare year."""
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
