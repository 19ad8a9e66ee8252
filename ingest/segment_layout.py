"""Layout primitives shared by the segmenter: stripped lines, blank-aware look-ups,
heading shapes, page footers and report periods. Pure functions, no document facts."""
from __future__ import annotations

import re

# `<unit>, Delårsrapport 2 ABC 7(101)` / `<unit>, Verksamhetsberättelse 10(22)`; the unit
# may itself contain a comma, so the report word is found from the right.
_REPORT_WORD = r"Verksamhetsberättelse|Delårsrapport|Årsredovisning|Månadsrapport"
FOOTER = re.compile(
    r"^(?P<org>[^,\d\s][^\t]{1,100}?),?\s+(?P<rep>" + _REPORT_WORD + r")\b[^()]{0,20}\s\d+\s?\(\d+\)$"
)
# A page counter `5(41)` / `5 (41)` at the end of a line: page furniture, never a name.
PAGE_COUNTER = re.compile(r"\s*\b\d{1,3}\s?\(\d{1,3}\)\s*$")
_URL = re.compile(r"(?:https?://|file:///?|www\.)\S*", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Report-kind words and periods glued to a unit name by a footer or a title page.
_KIND_TAIL = re.compile(
    r"[,\s–-]*\b(?:" + _REPORT_WORD + r")\b(?:\s+\d{1,4}\b|\s*[–-]\s*\d{4}\b|\s+[A-ZÅÄÖ]{2,6}\b)*.*$", re.I)
_TERTIAL_WORDS = re.compile(r"[,\s–-]*\bTertial\s+[1-3](?:\s+\d{4})?\b", re.I)
# Finite verbs and subject pronouns: a line carrying them is a sentence, not a name.
_PROSE_WORD = re.compile(r"\b(?:har|är|var|kan|ska|skall|blir|blev|finns|kommer|måste|bör|man|vi|jag)\b", re.I)
_MID_STOP = re.compile(r"[.!?]\s+[A-ZÅÄÖ]")
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
        and "\t" not in t and not (t[-1] == ")" and PAGE_COUNTER.search(t)) \
        and not ("." in t and _MID_STOP.search(t))


def strip_links(t: str | None) -> str | None:
    """Text without URLs and e-mail addresses (a link line glued to a heading)."""
    if not t:
        return t
    if "@" in t or "/" in t or "www" in t:
        t = " ".join(_EMAIL.sub(" ", _URL.sub(" ", t)).split())
    return t or None


def looks_like_prose(t: str) -> bool:
    """A sentence rather than a name: a stop mid-text, a finite verb or pronoun, or too long."""
    return len(t) > 90 or len(t.split()) > 12 or t.endswith((".", ";", "?", "!")) \
        or bool(_MID_STOP.search(t)) or bool(_PROSE_WORD.search(t))


def clean_organisation(name: str | None) -> str | None:
    """A unit name as printed, without page furniture: URLs, e-mail addresses, the
    report kind (`, Verksamhetsberättelse`, `Delårsrapport 2 - 2022`), `Tertial 2 2022`
    and page counters. A sentence is not a name: None."""
    if not name:
        return None
    t = strip_links(name) or ""
    m = FOOTER.match(t)
    if m:
        t = m.group("org")
    t = PAGE_COUNTER.sub("", t)
    t = _KIND_TAIL.sub("", t)
    t = _TERTIAL_WORDS.sub("", t)
    t = " ".join(t.split()).strip(" ,;:–-")
    if not t or not any(ch.isalpha() for ch in t) or looks_like_prose(t):
        return None
    return t


def name_key(name: str) -> str:
    """Spelling-insensitive key of a name: case, punctuation and spacing folded."""
    return " ".join(re.sub(r"[^\w ]+", " ", name.casefold()).split())


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
