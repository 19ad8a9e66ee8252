"""Page furniture: what is printed on every page and is never a name, a heading, a table
row or an amount: report page footers (`<unit>, Delårsrapport 2 7(26)`), page counters
(`5(41)`, `Sida 3 av 9`), running headers repeated page after page, and the signature and
attestation lines of protocol pages (`Justerandes signatur`, `Utdragsbestyrkande`)."""
from __future__ import annotations

import re
from collections import Counter

# `<unit>, Delårsrapport 2 ABC 7(101)` / `<unit>, Verksamhetsberättelse 10(22)`; the unit
# may itself contain a comma, so the report word is found from the right.
REPORT_WORD = r"Verksamhetsberättelse|Delårsrapport|Årsredovisning|Månadsrapport"
FOOTER = re.compile(
    r"^(?P<org>[^,\d\s][^\t]{1,100}?),?\s+(?P<rep>" + REPORT_WORD + r")\b[^()]{0,20}\s\d+\s?\(\d+\)$"
)
# A page counter `5(41)` / `5 (41)` at the end of a line: page furniture, never a name.
PAGE_COUNTER = re.compile(r"\s*\b\d{1,3}\s?\(\d{1,3}\)\s*$")
# The same counter however many digits: a line that is nothing else (fullmatch), a line
# ending in one, and the `, <report word> 7(26)` tail a footer glues to a unit name.
_COUNTER = r"\d+\s?\(\d+\)"
COUNTER_LINE = re.compile(_COUNTER + r"\s*")
COUNTER_AT_END = re.compile(_COUNTER + r"\s*$")
FOOTER_TAIL = re.compile(r",[^,]*" + _COUNTER + r"\s*$")
# `Sidan 2 av 5`: the page line of a register print-out.
PAGE_OF = r"Sidan\s+\d+\s+av\s+\d+"
# The attestation printed on every page of a protocol excerpt, alone on its line.
ATTESTATION_LINE = re.compile(
    r"^\s*(Protokollsutdrag,?\s*bestyrkande|Justerare,?\s*signatur|Utdragsbestyrkande)\s*$", re.I)
# Any protocol page's furniture (a stripped line): signature and attestation lines, `Sida 3`,
# page counters.
PROTOCOL_PAGE_FURNITURE = re.compile(
    r"^(?:Justerandes signatur|Justerandes sign\.?|Utdragsbestyrkande|Sida|Sidan|Protokollsutdrag|"
    r"Justerare,? signatur)(?:\s.*)?$|^\d{1,3}\s*\(\d{1,3}\)$|^Sida \d+ ?\(\d+\)$|"
    + ATTESTATION_LINE.pattern, re.I)


def kind_of_footer(rep: str) -> str:
    """The section kind a footer's report word names."""
    return {
        "Verksamhetsberättelse": "annual_report",
        "Årsredovisning": "annual_report",
        "Delårsrapport": "interim_report",
        "Månadsrapport": "monthly_report",
    }[rep]


# --- running headers and page numbers of a whole document ---------------------------
_PAGE = re.compile(r"^\s*(?:sida\s+)?\d{1,3}\s*(?:(?:av|/)\s*\d{1,3}|\(\d{1,3}\))?\s*$", re.I)
_ENDS_IN_PAGE = re.compile(r"(?:\s{2,}|\bsida\s+)\d{1,3}(?:\s*(?:av|/)\s*\d{1,3}|\s?\(\d{1,3}\))?\s*$", re.I)
_DIGITS = re.compile(r"\d+")
# _ENDS_IN_PAGE read backwards, matched at the start of the reversed line: the same lines
# (a regular pattern's reversal; \b and re.I read the same either way), but the engine
# tries one position instead of every position of the line.
_ENDS_IN_PAGE_REVERSED = re.compile(r"\s*(?:\d{1,3}\s*(?:va|/)\s*|\)\d{1,3}\(\s?)?\d{1,3}(?:\s{2,}|\s+adis\b)", re.I)


def ends_in_page(line: str) -> bool:
    """_ENDS_IN_PAGE.search(line) is not None, decided from the line's end."""
    return _ENDS_IN_PAGE_REVERSED.match(line[::-1]) is not None


def furniture_lines(lines) -> frozenset[int]:
    """1-based numbers of the page-furniture lines of a document (computed once per
    document by the shared line classification)."""
    from ingest.text.line_classes import classes_of

    return classes_of(lines).furniture


def furniture_lines_of(lines, stripped) -> set[int]:
    """The rule: a bare page number or 'Sida N (av M)', or the same text, digits aside,
    on two or more lines ending in a page number."""
    keys: dict[int, str] = {}
    for n, (ln, s) in enumerate(zip(lines, stripped), 1):
        # a page number ends the line: most lines are settled by their last character
        if s and (s[-1].isdigit() or s[-1] == ")") and ends_in_page(ln):
            keys[n] = " ".join(_DIGITS.sub("#", s).split())
    counts = Counter(keys.values())
    out = {n for n, k in keys.items() if counts[k] >= 2}
    out |= {n for n, (ln, s) in enumerate(zip(lines, stripped), 1) if s[-1:].isdigit() and _PAGE.match(ln)}
    return out
