"""Step 1 of segmentation: scan the lines once and emit start events (kind, title,
organisation, and for excerpts and letters an explicit last line)."""
from __future__ import annotations

import re

from ingest.document import Document
from ingest.segment.lines import Lines
from ingest.segment.names import is_heading_like, looks_like_prose, sentence_case, strip_links
from ingest.segment.calls import other_template
from ingest.segment.events import Event
from ingest.segment.letters import letter_event, letter_start_before
from ingest.segment.markers import AGENDA_HEAD, ANNUAL_TITLE, ATTENDEES, CALL_TITLE, DECISION_PAGES, GOAL_TITLE, GRID_ROW, INLEDNING, INTERIM_TITLE, KALLELSE, LETTER_HEAD, MONTHLY, MONTH_HEADER, PARA, PARAS, PLAN_TITLE, PROPOSAL, PROTOCOL_TITLE, PROTOKOLL, SAMMANST, SAMMANST_START, TERTIAL, TID, UTSKRIFT
from ingest.segment.registers import register_layout_after, register_print
from ingest.text.contents import TOC_HEADING
from ingest.text.line_classes import classes_of
from ingest.text.periods import MONTHS

# First characters of the lines the rules below test by their first character (the markers
# are anchored); MONTH_HEADER is case-blind, so both cases of a month's initial. A line
# starting with any other ASCII character is settled by the unanchored tests alone.
_ANCHORED_FIRST = frozenset("PpSKTOUMFDVÅ") | {m[0] for m in MONTHS} | {m[0].upper() for m in MONTHS}
_QUIET_FIRST = frozenset(chr(c) for c in range(128)) - _ANCHORED_FIRST
_TITLE_ENDS = ("KALLELSE", "PROTOKOLL")
_PROTOCOL_ENDS = ("PROTOKOLL", "rotokoll")   # PROTOCOL_TITLE's words end so
_MONTH_WORD = re.compile("|".join(MONTHS), re.I)   # MONTH_HEADER's word test, for one word


def _is_month(word: str) -> bool:
    return _MONTH_WORD.fullmatch(word) is not None

# --- 1. start events ---------------------------------------------------------------
def find_starts(L: Lines, doc: Document) -> list[Event]:
    s = L.s
    n = len(s)
    evs: list[Event] = []
    letter_heads: list[int] = []
    protocol_ranges: list[tuple[int, int]] = []
    call: dict = {}    # an open call in another template (see other_template)
    # the goal title's fixed word, asked of the whole text once: lower() maps characters one
    # by one, so a line holds the lowered word only if the lowered text does
    goal_word = "uppfyllelse" in "\n".join(s).lower()
    # a calendar header is month names and white space only: its first word is a month
    month_first = {k - 1 for k in classes_of(L.raw).word_lines("first_word", _is_month, "month_word")}
    i = 0
    while i < n:
        t = s[i]
        if not t:
            i += 1
            continue
        c = t[0]
        if c in _QUIET_FIRST and not call and "§§" not in t and not t.endswith(_TITLE_ENDS) \
                and not (goal_word and len(t) <= 90 and "uppfyllelse" in t.lower()):
            i += 1   # no rule below can act on this line
            continue
        # every title PROTOCOL_TITLE / CALL_TITLE matches ends in (or starts with) its word:
        # tested first, so most lines never reach the patterns' backtracking `\S.*\s{2}`
        if c in "PpSK" and t.endswith(_PROTOCOL_ENDS) and PROTOCOL_TITLE.match(t) \
                or t.endswith("KALLELSE") and CALL_TITLE.match(t) \
                or t.endswith("PROTOKOLL") and PROTOCOL_TITLE.match(t) \
                or c == "K" and (t.startswith("Kallelse") or t.endswith("KALLELSE")) and CALL_TITLE.match(t) or call:
            ev, nxt = other_template(L, i, call, protocol_ranges)
            if ev is not None:
                evs.append(ev)
            if nxt is not None:
                i = nxt
                continue
        # protocol excerpt: a `Body §§ N-M` line followed by Tid:
        if "§§" in t:
            ev = protocol_event(L, i)
            if ev:
                evs.append(ev)
                protocol_ranges.append((ev.start, ev.end if ev.end is not None else ev.extra["hdr"]))
                i = ev.extra["hdr"] + 1
                continue
        if c == "K" and KALLELSE.match(t):
            m = KALLELSE.match(t)
            ev = agenda_event(L, i, i)
            if ev:
                ev.cont = bool(m.group(1) and int(m.group(1)) > 1)
                evs.append(ev)
                i = ev.extra["tid"] + 1
                continue
        if c == "T" and TID.match(t) and not _in(i, protocol_ranges):
            ev = agenda_event(L, None, i)
            if ev:
                evs.append(ev)
                i += 1
                continue
        if c in "KO" and ATTENDEES.match(t):
            evs.append(Event(i, "attendee_list", title=t))
            j = L.next_nb(i)
            i = (j + 1) if (j is not None and t.startswith("Kallade") and ATTENDEES.match(s[j])) else i + 1
            continue
        if c == "S" and SAMMANST_START.match(t) and L.blank_before(i):
            title, last = L.join_wrapped(i)
            m = SAMMANST.match(title)
            if m and register_layout_after(L, last):
                evs.append(Event(i, "register", title=title, organisation=sentence_case(m.group("org")),
                               key="sammanst:" + title))
                i = last + 1
                continue
        if c == "U" and UTSKRIFT.match(t):
            evs.append(register_print(L, i))
            i += 1
            continue
        if c in "TM" and LETTER_HEAD.match(t):
            m = LETTER_HEAD.match(t)
            if m.group(2) and int(m.group(2)) > 1:
                i += 1
                continue  # page 2 of a letter: page furniture
            letter_heads.append(i)
            evs.append(letter_event(L, i, i))
            i += 1
            continue
        if c == "F" and PROPOSAL.match(t):
            # an indented proposal is part of an agenda item's description, not a letter
            if not any(0 <= i - h <= 40 for h in letter_heads) and not _in(i, protocol_ranges) \
                    and not L.raw[i][:1].isspace():
                start = letter_start_before(L, i)
                if start is not None:
                    evs.append(letter_event(L, start, i))
            i += 1
            continue
        if c == "M" and MONTHLY.match(t) and len(t) <= 60 and L.blank_before(i):
            m = MONTHLY.match(t)
            per = m.group("period")
            if per and len(per.split()[0].rstrip(".")) <= 4:
                per = per[0].upper() + per[1:]
            evs.append(Event(i, "monthly_report", title=t, organisation=(m.group("org").strip() or None), period=per))
            i += 1
            continue
        if c in "DVÅ" and (INTERIM_TITLE.match(t) or ANNUAL_TITLE.match(t)):
            ev = report_title_event(L, i)
            if ev:
                evs.append(ev)
                i = ev.extra.get("next", i + 1)
                continue
        if c == "T" and TERTIAL.match(t):
            m = TERTIAL.match(t)
            org_i = L.next_nb(i)
            org = None
            if org_i is not None and is_heading_like(s[org_i]) and not INLEDNING.match(s[org_i]):
                org, _ = L.join_wrapped(org_i)
            evs.append(Event(i, "interim_report", title=t, organisation=org, period=f"T{m.group(1)} {m.group(2)}"))
            i += 1
            continue
        if c == "V" and PLAN_TITLE.match(t) and (i < 40 or L.find(TOC_HEADING, i, 15) is not None):
            j = L.next_nb(i)
            org = s[j] if j is not None and is_heading_like(s[j]) and not TOC_HEADING.match(s[j]) else None
            evs.append(Event(i, "plan_and_budget", title=t, organisation=org, period=PLAN_TITLE.match(t).group(1)))
            i += 1
            continue
        # the title's one fixed word, looked for before the unanchored search
        if goal_word and len(t) <= 90 and "uppfyllelse" in t.lower() and GOAL_TITLE.search(t) and L.blank_before(i):
            m = GOAL_TITLE.search(t)
            evs.append(Event(i, "goal_follow_up", title=t, period=m.group("period")))
            i += 1
            continue
        if i in month_first and MONTH_HEADER.match(t):
            j = L.next_nb(i)
            if j is not None and GRID_ROW.match(s[j]):
                evs.append(Event(i, "calendar", title=t, key="calendar"))
                i = j
                continue
        i += 1
    evs.sort(key=lambda e: e.start)
    return evs


def _in(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i <= b for a, b in ranges)


def protocol_event(L: Lines, i: int) -> Event | None:
    s = L.s
    m = PARAS.match(s[i])
    if not m:
        return None
    tid = L.find(TID, i, 6)
    if tid is None:
        return None
    body = m.group("body").strip()
    top = i
    # a body name wrapped over two lines: the line above has no blank between (and is a
    # name, not a link or a sentence printed just before the header)
    if i > 0 and s[i - 1] and not L.raw[i][:1].isspace() and not PROTOKOLL.match(s[i - 1]) \
            and (not body or body[0].islower()) and strip_links(s[i - 1]) == s[i - 1] \
            and not looks_like_prose(s[i - 1]):
        top = i - 1
        body = (s[i - 1] + " " + body).strip()
    start = top
    p = L.find_back(PROTOKOLL, top, 10)
    if p is not None:
        start = p
    end = None
    for j in range(tid + 1, min(len(s), tid + 400)):
        t = s[j]
        if DECISION_PAGES.match(t):
            k = L.next_nb(j)
            end = k if k is not None and s[k].isdigit() else j
            break
        if "§§" in t and PARAS.match(t) and L.find(TID, j, 6) is not None:
            break
    header = f"{body} §§ {m.group('range')}".strip()
    para = L.find(PARA, tid, 20)
    return Event(start, "protocol_excerpt", title=header, organisation=body or None, end=end,
               key="prot:" + header, extra={"hdr": i, "para": para})


def agenda_event(L: Lines, kall: int | None, i: int) -> Event | None:
    """A meeting call: body line, then Tid:, then (within a page) Ärenden."""
    s = L.s
    if kall is not None:
        tid = L.find(TID, i, 14)
        if tid is None:
            return None
    else:
        tid = i
        if L.find(AGENDA_HEAD, tid, 20) is None:
            return None
    b = L.prev_nb(tid)
    body = s[b] if b is not None and (kall is None or b > kall) else None
    if body and body.startswith("KALLELSE"):
        body = None
    start = kall if kall is not None else (b if b is not None else tid)
    if kall is None and b is not None:
        k = L.find_back(KALLELSE, b, 8)
        if k is not None:
            start = k
    return Event(start, "agenda", title=s[kall] if kall is not None else body, organisation=body,
               key="agenda:" + (body or ""), extra={"tid": tid})


def report_title_event(L: Lines, i: int) -> Event | None:
    """`Delårsrapport 2` / `Tertial 2 2021` / `<unit>` (or Verksamhetsberättelse YYYY)."""
    s = L.s
    t = s[i]
    kind = "interim_report" if t.startswith("Delårsrapport") else "annual_report"
    j = L.next_nb(i)
    if j is None or j - i > 4:
        return None
    period = None
    org = None
    nxt = i + 1
    m = TERTIAL.match(s[j])
    if m:
        period = f"T{m.group(1)} {m.group(2)}"
        k = L.next_nb(j)
        if k is not None and is_heading_like(s[k]) and not TOC_HEADING.match(s[k]) and not s[k].startswith("Dnr"):
            org, _ = L.join_wrapped(k)
        nxt = j + 1
    elif kind == "annual_report" and (L.find(TOC_HEADING, i, 12) is not None or L.find(re.compile(r"^Inledning$"), i, 12) is not None):
        y = re.search(r"\d{4}", t)
        period = y.group(0) if y else None
    else:
        return None
    return Event(i, kind, title=t, organisation=org, period=period, extra={"next": nxt})
