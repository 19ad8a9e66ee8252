"""The year of a weekday-letter calendar grid: printed, or read off the weekdays."""
from __future__ import annotations

import datetime as _dt
import re

from ingest.document import Document
from ingest.segment.lines import Lines
from ingest.segment.markers import GRID_ROW, MONTH_HEADER, WEEKDAY
from ingest.text.periods import MONTHS

def calendar_year(L: Lines, a: int, b: int, doc: Document) -> str | None:
    """The year a weekday-letter grid belongs to: printed, or read off the weekdays."""
    years = set()
    for j in range(a, b + 1):
        for y in re.findall(r"\b(?:19|20)\d{2}\b", L.s[j]):
            if not GRID_ROW.match(L.s[j]):
                years.add(int(y))
    if len(years) == 1:
        return str(years.pop())
    # month header + first grid row: first day of each month and its weekday letter
    constraints = []
    for j in range(a, b + 1):
        if MONTH_HEADER.match(L.s[j]):
            months = [MONTHS.index(w.lower()) + 1 for w in re.findall(r"[A-Za-zåäöÅÄÖ]+", L.s[j])
                      if w.lower() in MONTHS]
            k = L.next_nb(j)
            if k is None:
                continue
            cells = re.findall(r"\b(M|Ti|O|To|F|L|S)1\b", L.raw[k])
            for mon, wd in zip(months, cells):
                constraints.append((mon, WEEKDAY[wd]))
    if not constraints:
        return None
    base = doc.document_date.year if doc.document_date else None
    cands = range(base - 1, base + 3) if base else range(1990, 2100)
    hits = [y for y in cands if all(_dt.date(y, m, 1).weekday() == wd for m, wd in constraints)]
    if base:
        hits.sort(key=lambda y: abs(y - base))
    return str(hits[0]) if len(hits) == 1 or (base and hits) else None
