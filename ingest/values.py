"""Swedish printed values: numbers, percents, units, dates, periods, case numbers.

One place for the conventions every extractor shares. All functions are pure and
return None for text they cannot read, never a guess.

Shared module: add functions at the end; do not change existing signatures.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
# Tertials are cumulative from January: T1 = Jan-Apr, T2 = Jan-Aug, T3 = the year.
TERTIAL_END_MONTH = {1: 4, 2: 8, 3: 12}

MINUS_SIGNS = "-−–"  # hyphen, U+2212 minus, en dash as printed in the PDFs
# For use inside a regex character class: the hyphen escaped, or "+-−" would be a range.
_SIGN_CLASS = "[+" + re.escape(MINUS_SIGNS) + "]"

# A Swedish number: optional sign (possibly detached by a space), groups of three
# digits separated by single spaces, optional decimal comma.
_NUMBER = re.compile(
    r"^(?P<sign>" + _SIGN_CLASS + r"\s?)?(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:,(?P<dec>\d+))?$"
)


def parse_iso_date(text: str) -> date | None:
    """'2021-10-13' -> date; an impossible date such as '2025-02-30' -> None."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def month_end(month: str | int, year: int) -> date | None:
    """Last day of a month given by number, Swedish name or abbreviation."""
    if isinstance(month, str):
        key = month.strip().lower().rstrip(".")
        month = MONTHS.get(key) or MONTH_ABBR.get(key) or 0
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_number(text: str | None) -> float | None:
    """'1 343' -> 1343.0, '-9 935,8' -> -9935.8, '- 41,6' -> -41.6, '+ 285,3' -> 285.3.

    The whole text must be one number: '882 1 003' is not a number (ambiguous splits
    are the table reader's business, not this function's).
    """
    if text is None:
        return None
    s = text.strip().replace("\u00a0", " ").replace("\u2009", " ")
    m = _NUMBER.match(s)
    if not m:
        return None
    value = float(m.group("int").replace(" ", "") + ("." + m.group("dec") if m.group("dec") else ""))
    sign = (m.group("sign") or "").strip()
    return -value if sign and sign in MINUS_SIGNS else value


_CASE_PATTERNS = [
    # 'ABC 2030/1841', 'A BC 2030/423' (a token broken by the PDF export), 'ABC2030/1'
    (re.compile(r"\b([A-ZÅÄÖ](?:\s?[A-ZÅÄÖ]){1,5})\s?(\d{4})/(\d{1,5})\b"), "prefixed"),
    # prefix/number/year style 'XY/1134/2030' kept in its own form
    (re.compile(r"\b([A-ZÅÄÖ]{1,6})/(\d{1,5}|X{3})/(\d{4}|X{4})\b"), "slashed"),
]
_BARE_CASE = re.compile(r"(?<![\d/])(\d{4})/(\d{1,5})(?![\d/])")


def normalise_case_number(text: str, default_prefix: str | None = None) -> str | None:
    """The first case number in `text`, normalised.

    'ABC 2030/1841' -> 'ABC 2030/1841'; 'A BC 2030/423' -> 'ABC 2030/423';
    'XY/1134/2030' -> 'XY/1134/2030'; bare '2030/136' -> f'{default_prefix} 2030/136'
    when the document's own prefix is known, else '2030/136'.
    """
    found = find_case_numbers(text, default_prefix)
    return found[0] if found else None


def find_case_numbers(text: str, default_prefix: str | None = None) -> list[str]:
    """All case numbers in `text`, normalised, in printed order."""
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _CASE_PATTERNS:
        for m in pattern.finditer(text):
            if kind == "prefixed":
                hits.append((m.start(), f"{m.group(1).replace(' ', '')} {m.group(2)}/{m.group(3)}"))
            else:
                hits.append((m.start(), m.group(0)))
            taken.append(m.span())
    for m in _BARE_CASE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        year = int(m.group(1))
        if not 1990 <= year <= 2100:
            continue
        body = f"{m.group(1)}/{m.group(2)}"
        hits.append((m.start(), f"{default_prefix} {body}" if default_prefix else body))
    return [h for _, h in sorted(hits)]


def dominant_case_prefix(text: str) -> str | None:
    """The case-number prefix a document uses most (the region's own, e.g. 'ABC')."""
    counts: dict[str, int] = {}
    for m in _CASE_PATTERNS[0][0].finditer(text):
        p = m.group(1).replace(" ", "")
        counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get) if counts else None


@lru_cache(maxsize=1024)   # every row of a table repeats its period label
def period_end_date(label: str | None) -> date | None:
    """'T2 2021' -> 2021-08-31; 'Aug 2021' -> 2021-08-31; '2021-08' -> 2021-08-31;
    'april 2020' -> 2020-04-30; '2021' -> 2021-12-31; '2021T2' -> 2021-08-31."""
    if not label:
        return None
    s = label.strip().lower()
    m = re.fullmatch(r"(?:t|tertial\s*)([123])[\s:]*(\d{4})", s) or None
    if m:
        return month_end(TERTIAL_END_MONTH[int(m.group(1))], int(m.group(2)))
    m = re.fullmatch(r"(\d{4})\s*t([123])", s)
    if m:
        return month_end(TERTIAL_END_MONTH[int(m.group(2))], int(m.group(1)))
    m = re.fullmatch(r"([a-zåäö]+)\.?\s+(\d{4})", s)
    if m and month_end(m.group(1), int(m.group(2))):
        return month_end(m.group(1), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m:
        return month_end(int(m.group(2)), int(m.group(1)))
    d = parse_iso_date(s)
    if d:
        return d
    m = re.fullmatch(r"(?:bokslut|utfall|budget|prognos|plan)?\s*(\d{4})", s)
    if m:
        return date(int(m.group(1)), 12, 31)
    return None


# --------------------------------------------------------------------------- printed amounts

# Thousands are grouped with a space, a no-break space (U+00A0) or a narrow no-break space
# (U+202F); minus is printed as a hyphen, U+2212 or an en dash; a negative may also be put
# in parentheses; '+48' is a signed number, not a percent.
THOUSANDS_SPACES = " \u00a0\u202f\u2009"
_AMOUNT = re.compile(
    r"^(?P<open>\()?(?P<sign>[+\-\u2212\u2013]\s?)?(?P<int>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)"
    r"(?:,(?P<dec>\d+))?(?P<close>\))?\s?(?P<pct>%)?$")
# a value followed by the year it refers to: '28,6 (2022)'
_VALUE_YEAR = re.compile(r"^(?P<num>.+?)\s+\((?P<year>(?:19|20)\d{2})\)$")


@dataclass(frozen=True)
class Amount:
    """A printed amount: `value` signed, `decimals` as printed, `percent` when '%' follows,
    `note` what was printed beside the number (a year in parentheses)."""

    text: str
    value: float
    decimals: int
    percent: bool = False
    note: str | None = None


def parse_amount(text: str | None) -> Amount | None:
    """'−15 872' -> -15872; '(1 234)' -> -1234; '+48' -> 48; '3,2 %' -> 3.2 (percent);
    '412 600 (2022)' -> 412600 with note '2022'. None for anything else."""
    if text is None:
        return None
    s = text.strip()
    if not s:
        return None
    note = None
    m = _VALUE_YEAR.match(s)
    if m:
        s, note = m.group("num").strip(), m.group("year")
    m = _AMOUNT.match(s)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    digits = re.sub(r"\D", "", m.group("int"))
    dec = m.group("dec")
    value = float(digits + ("." + dec if dec else ""))
    sign = (m.group("sign") or "").strip()
    if (sign and sign != "+") or m.group("open"):
        value = -value
    return Amount(text.strip(), value, len(dec) if dec else 0, bool(m.group("pct")), note)


# --------------------------------------------------------------------------- printed periods

_MONTH_WORD = (r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
               r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?")
_YEAR_RE = r"(?:19|20)\d{2}"
_PERIOD_TEXT = re.compile(
    r"^(?:"
    + _YEAR_RE + r"(?:\s*[-–]\s*" + _YEAR_RE + r")?"                  # 2023, 2025–2026
    + r"|" + _YEAR_RE + r"-\d{2}(?:-\d{2})?"                          # 2023-08, 2023-08-31
    + r"|" + _YEAR_RE + r"\s?T[123]"                                  # 2023T2
    + r"|(?:T|tertial\s*)[123](?:\s*:?\s*" + _YEAR_RE + r")?"          # T2 2023, Tertial 2:2022
    + r"|" + _MONTH_WORD + r"(?:\s*[-–]\s*" + _MONTH_WORD + r")?(?:\s+" + _YEAR_RE + r")?"  # jan–aug 2023, Okt 2023
    + r"|(?:helår|hela året)(?:\s+" + _YEAR_RE + r")?"                  # helår, helår 2023
    + r"|(?:tom|t\.o\.m\.?|per)\s+" + _YEAR_RE                       # tom 2023
    + r")$", re.I)


def is_period_text(text: str | None) -> bool:
    """True when the whole text is a period as printed in a column head: '2023', '2023-08-31',
    'jan–aug 2023', 'Okt 2023', 'T2 2023', 'tom 2023', 'helår 2023', '2025–2026'."""
    if not text:
        return False
    return bool(_PERIOD_TEXT.match(" ".join(text.strip().strip("()").split())))
