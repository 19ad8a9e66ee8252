"""The first page of a document, as lines and cells, for the registry's hints (genre,
title, date, body).

Where the first page ends, whichever comes first:
* a form feed: PDF converters (pdftotext, ours) print one between pages;
* a page-number line for another page than the first one seen ('Sida 2 (6)', '2 (8)',
  '2(10)', 'Sida 2 av 4'): text exports that dropped the form feeds still print page numbers;
  a number at the top ('KALLELSE 1(2)') marks the page the document starts on, not its end;
* MAX_LINES non-blank lines: an A4 page holds 50-60 printed lines, so this covers a full page
  with slack without reaching into the body of a long document when neither mark exists.
"""
from __future__ import annotations

import re

from ingest.text.contents import DOT_LEADER
from ingest.text.line_classes import classes_of

MAX_LINES = 80

_PAGE_NUMBER = re.compile(
    r"(?:\bsida\s+(\d{1,4})\b(?:\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}))?"
    r"|(?<![\d/.-])(\d{1,4})\s*\(\s*\d{1,4}\s*\)\s*$"
    r"|(?<![\d/.-])(\d{1,4})\s+av\s+\d{1,4}\s*$)",
    re.I,
)
# Cells of a laid-out line: a tab, or a gap of three or more spaces (a column in pdftotext
# -layout output); single and double spaces are ordinary text.
_CELL_GAP = re.compile(r"\t+|\s{3,}")
# A numbered item ('1 Val av justerare', '- 12 Månadsrapport', '1.1 Strategi', '§ 41'):
# a list entry, not a heading.
_LIST_ITEM = re.compile(r"^(?:[-•*–]\s*)?(?:\d+(?:\.\d+)*[.)]?\s+\S|§\s*\d)")
# A table-of-contents line ('Inledning.....  3').
_TOC = re.compile(DOT_LEADER + r"|…{2,}")
# Longer than this is prose, not a heading or a page header.
MAX_HEADING_WORDS = 14


def first_page(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The non-blank lines of the first page, stripped."""
    if not isinstance(lines, tuple):
        return _first_page(lines)
    # the genre, title and date hints each ask for it: found once per document (a tuple of
    # lines cannot change), a fresh list for every caller
    memo = classes_of(lines).memo
    if "first_page" not in memo:
        memo["first_page"] = tuple(_first_page(lines))
    return list(memo["first_page"])


def _first_page(lines: tuple[str, ...] | list[str]) -> list[str]:
    out: list[str] = []
    first_number: int | None = None
    for raw in lines:
        if "\f" in raw:
            before = raw.split("\f", 1)[0].strip()
            if before:
                out.append(before)
            if out:  # a form feed before any text is a blank cover, not the end of page one
                break
            continue
        ln = raw.strip()
        if not ln:
            continue
        n = page_number(ln)
        if n is not None:
            if first_number is None:
                first_number = n
            elif n != first_number:
                break
        out.append(ln)
        if len(out) >= MAX_LINES:
            break
    return out


def page_number(line: str) -> int | None:
    if not _may_hold_page_number(line):
        return None
    m = _PAGE_NUMBER.search(line)
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


def _may_hold_page_number(line: str) -> bool:
    """What _PAGE_NUMBER needs, tested without its scan of every position: 'sida' (re.I: in
    the lowered line, or a letter lower() leaves apart: 'ſ', 'ı', the dot of 'İ'), or a
    line ending in ')' or a digit (the other two forms end at the line's end)."""
    last = line.rstrip()[-1:]
    if last == ")" or last.isdecimal():
        return True
    low = line.lower()
    return "sida" in low or "\u017f" in low or "\u0131" in low or "\u0307" in low


def cells(line: str) -> list[str]:
    """The cells of a laid-out line (a page header 'Region X   Delårsrapport ...   2')."""
    return [c.strip() for c in _CELL_GAP.split(line.strip()) if c.strip()]


def is_heading_like(line: str) -> bool:
    """Short, not a list item, not a table-of-contents line, not a sentence."""
    ln = line.strip()
    if not ln or _LIST_ITEM.match(ln) or _TOC.search(ln):
        return False
    return len(ln.split()) <= MAX_HEADING_WORDS


def strip_page_number(cell_text: str) -> str:
    """A cell without its page number ('KALLELSE 1(2)' -> 'KALLELSE', 'Sida 1 av 4' -> '')."""
    return _PAGE_NUMBER.sub("", cell_text).strip(" ,")
