"""Meeting calls (kallelse) -> the meeting header and its numbered agenda items.

Layout read:
    [KALLELSE n(m)]
    <body>
    Tid: YYYY-MM-DD kl.HH:MM      (time lines 'kl. 09.00-11.30 ...' may follow)
    Plats: <place>
    [Ärenden]
    [- ]<n> <title>[ <case number>]     title may wrap over lines (blank lines between),
                                        the case number may sit on its own line
    <group heading>                     e.g. 'Beslutsärenden för nämnden', 'Övrigt'
The page header (body + Tid + time lines, KALLELSE 2(2)) repeats on the next page and
must not end the list or add items.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.extract.governance.text import KALLELSE, Tid, is_blank, norm, parse_plats, parse_tid
from ingest.extract.governance.cases import first_case
from ingest.extract.governance.paragraphs import case_line
from ingest.values import find_case_numbers

_ITEM = re.compile(r"^\s*(?:[-–•]\s*)?(?P<num>\d{1,3})\.?\s+(?P<rest>\S.*?)\s*$")
# a case number glued to the end of a title; a capitalised word before it ('VM', 'ANA')
# is part of the title unless it is the document's own case prefix
_CASE_TAIL = re.compile(r"(?:^|\s)(?:(?P<prefix>[A-ZÅÄÖ](?:\s?[A-ZÅÄÖ]){1,5})\s?)?(?P<case>\d{4}/\d{1,5}|[A-ZÅÄÖ]{1,6}/\d{1,5}/\d{4})\s*$")
_CASE_ONLY = re.compile(r"^\s*(?:[A-ZÅÄÖ](?:\s?[A-ZÅÄÖ]){1,5}\s?)?\d{4}/\d{1,5}\s*$|^\s*[A-ZÅÄÖ]{1,6}/\d{1,5}/\d{4}\s*$")
_TIME_LINE = re.compile(r"^\s*(?:kl\.?|kl:|klockan)\s*\d", re.I)
_LIST_HEAD = re.compile(r"^\s*(Ärenden|Föredragningslista|Dagordning)\s*:?\s*$", re.I)


@dataclass
class AgendaItem:
    item_number: int
    line: int
    title_parts: list[str] = field(default_factory=list)
    case_text: str | None = None
    case_line: int | None = None
    group: str | None = None

    @property
    def title(self) -> str | None:
        return norm(" ".join(self.title_parts)) or None


@dataclass
class Agenda:
    body: str | None
    body_line: int | None
    tid: Tid | None
    tid_line: int | None
    place: str | None
    place_line: int | None
    items: list[AgendaItem] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)


@lru_cache(maxsize=16)
def _prefixed_tail(prefix: str) -> re.Pattern:
    # 'ABC 2030/136' and the broken 'A BC 2030/136' at the end of a title
    letters = r"\s?".join(re.escape(ch) for ch in prefix)
    return re.compile(r"(?:^|\s)(?P<case>" + letters + r"\s?\d{4}/\d{1,5})\s*$")


def _split_case(text: str, prefix: str | None = None) -> tuple[str, str | None]:
    """'Delårsrapport 2 - 2021 2021/136' -> ('Delårsrapport 2 - 2021', '2021/136');
    'Evenemangsbidrag - Handbolls VM 2022/1680' keeps 'VM' in the title; the document's
    own prefix ('ABC 2030/1680') goes with the number."""
    if prefix:
        m = _prefixed_tail(prefix).search(text)
        if m:
            return text[: m.start("case")].rstrip(), norm(m.group("case"))
    m = _CASE_TAIL.search(text)
    if not m:
        return text, None
    return text[: m.start("case")].rstrip(), m.group("case")


def parse_agenda(lines: tuple[str, ...], start: int, end: int, prefix: str | None = None) -> Agenda | None:
    """Parse the agenda in lines[start-1 .. end-1] (1-based inclusive bounds)."""
    lo, hi = start - 1, min(end, len(lines))
    # 1. the header: the first Tid: line; the body is the text line above it
    tid_idx = next((k for k in range(lo, hi) if parse_tid(lines[k])), None)
    if tid_idx is None:
        return None
    tid = parse_tid(lines[tid_idx])
    body_idx = next((k for k in range(tid_idx - 1, lo - 1, -1)
                     if not is_blank(lines[k]) and not KALLELSE.match(lines[k])), None)
    body = norm(lines[body_idx]) if body_idx is not None else None
    ag = Agenda(body, body_idx + 1 if body_idx is not None else None, tid, tid_idx + 1, None, None)
    if tid.meeting_date is None:
        ag.issues.append(f"impossible meeting date '{tid.date_text}'")
    header_texts = {norm(lines[tid_idx]).lower()}
    if body:
        header_texts.add(body.lower())
    cur: AgendaItem | None = None
    group: str | None = None
    for k in range(tid_idx + 1, hi):
        raw = lines[k]
        if is_blank(raw):
            continue
        t = norm(raw)
        low = t.lower()
        if ag.place is None and low.startswith("plats"):
            ag.place, ag.place_line = parse_plats(raw), k + 1
            continue
        # repeated page header and time-table lines are furniture
        if low in header_texts or KALLELSE.match(raw) or _TIME_LINE.match(raw) or parse_tid(raw) \
                or low.startswith("plats") or _LIST_HEAD.match(raw):
            continue
        m = _ITEM.match(raw)
        if m and not _CASE_ONLY.match(raw):
            num = int(m.group("num"))
            last = ag.items[-1].item_number if ag.items else 0
            # numbers only go up; a gap is allowed (an excerpted list), a jump back is text
            if last < num <= last + 20:
                cur = AgendaItem(num, k + 1, group=group)
                title, case = _split_case(m.group("rest"), prefix)
                cur.title_parts.append(title)
                if case:
                    cur.case_text, cur.case_line = case, k + 1
                ag.items.append(cur)
                continue
        if _CASE_ONLY.match(raw) and cur is not None and cur.case_text is None:
            cur.case_text, cur.case_line = t, k + 1
            continue
        # another region's form on its own line ('Dnr 30RUN0011', 'HSN 2030-00123')
        other = case_line(raw, prefix) if cur is not None and cur.case_text is None else None
        if other:
            cur.case_text, cur.case_line = other[0], k + 1
            continue
        # a wrapped title continues in lower case, or is followed by its case number line;
        # an item that already has its case number is complete
        if cur is not None and cur.case_text is None and (t[0].islower() or _next_is_case(lines, k + 1, hi)):
            title, case = _split_case(t, prefix)
            cur.title_parts.append(title)
            if case:
                cur.case_text, cur.case_line = case, k + 1
            continue
        group = t
        cur = None
    if not ag.items:
        ag.issues.append("no numbered agenda items found")
    return ag


def _next_is_case(lines: tuple[str, ...], k: int, hi: int) -> bool:
    while k < hi and is_blank(lines[k]):
        k += 1
    return k < hi and bool(_CASE_ONLY.match(lines[k]))


def item_case_number(item: AgendaItem, default_prefix: str | None) -> str | None:
    if not item.case_text:
        return None
    found = find_case_numbers(item.case_text, default_prefix)
    return found[0] if found else first_case(item.case_text, default_prefix)
