"""Page furniture: running headers and footers and page numbers printed on every page.

They are never table rows or amounts (a footer's page number is not an amount of the year
beside it). A line is furniture when it is a bare page number or 'Sida N (av M)', or when
the same text, digits aside, recurs on two or more lines and ends in a number.
"""
from __future__ import annotations

import re
from collections import Counter

_PAGE = re.compile(r"^\s*(?:sida\s+)?\d{1,3}\s*(?:(?:av|/)\s*\d{1,3}|\(\d{1,3}\))?\s*$", re.I)
_ENDS_IN_PAGE = re.compile(r"(?:\s{2,}|\bsida\s+)\d{1,3}(?:\s*(?:av|/)\s*\d{1,3}|\s?\(\d{1,3}\))?\s*$", re.I)
_DIGITS = re.compile(r"\d+")


_LAST: list[tuple[object, set[int]]] = []   # the last documents asked about (every extractor asks)


def furniture_lines(lines) -> set[int]:
    """1-based numbers of the page-furniture lines of a document."""
    for seen, found in _LAST:
        if seen is lines:
            return found
    found = _furniture_lines(lines)
    _LAST[:] = ([(lines, found)] + _LAST)[:2]
    return found


def _furniture_lines(lines) -> set[int]:
    keys: dict[int, str] = {}
    for n, ln in enumerate(lines, 1):
        s = ln.strip()
        # a page number ends the line: most lines are settled by their last character
        if s and (s[-1].isdigit() or s[-1] == ")") and _ENDS_IN_PAGE.search(ln):
            keys[n] = " ".join(_DIGITS.sub("#", s).split())
    counts = Counter(keys.values())
    out = {n for n, k in keys.items() if counts[k] >= 2}
    out |= {n for n, ln in enumerate(lines, 1) if ln.strip()[-1:].isdigit() and _PAGE.match(ln)}
    return out
