"""Calls and protocols printed in other templates than the bundled `Body §§ N-M` + Tid: one."""
from __future__ import annotations

import re

from ingest.segment.lines import Lines
from ingest.segment.events import Event
from ingest.segment.markers import AGENDA_HEAD_ANY, ATTENDEE_LABEL, CALL_TITLE, DATE_WORDS, HEADER_DATE, HEADER_DATE_LABEL, KALLELSE, LETTER_HEAD, LOOSE_DATE, MONTHLY, PARAS, PARA_ANY, PROTOCOL_TITLE, TID

def other_template(L: Lines, i: int, call: dict,
                        protocol_ranges: list[tuple[int, int]]) -> tuple[Event | None, int | None]:
    """Calls and protocols of other templates. Returns (event or None, next index or None
    to let the other rules look at the line).

    A protocol: `PROTOKOLL` / `Sammanträdesprotokoll` with a meeting date under a label
    within a page and a `§ N` heading further on (the bundled `Body §§ N-M` + Tid: header
    is left to protocol_event). Its repeated page header continues it (same key), and its
    `Förslag till beslut` blocks are no letters.
    A call: `Kallelse` or a page header ending in `KALLELSE`, with a labelled meeting date
    within a page; while it is open, its attendee list and its agenda heading start the
    attendee_list and agenda sections, and repeated page headers are furniture."""
    s = L.s
    t = s[i]
    if PROTOCOL_TITLE.match(t):
        hdr = _header_date_line(L, i, 12)
        if hdr is None or _bundled_protocol_near(L, i) or L.find(PARA_ANY, i, 250) is None:
            return None, None
        call.clear()
        org, date_text = _generic_header(L, i)
        end = next((j - 1 for j in range(i + 1, len(s)) if KALLELSE.match(s[j]) or LETTER_HEAD.match(s[j])),
                   len(s) - 1)
        protocol_ranges.append((i, end))
        return Event(i, "protocol_excerpt", title=t, organisation=org,
                   key=f"protg:{org}:{date_text}"), i + 1
    if CALL_TITLE.match(t) and not KALLELSE.match(t) or (KALLELSE.match(t) and L.find(TID, i, 14) is None):
        if call:
            return None, i + 1          # the call's page header on its next page
        if _header_date_line(L, i, 16) is None:
            return None, None
        org, date_text = _generic_header(L, i)
        call.update(key=f"call:{org}:{date_text}", org=org, attendees=False)
        return Event(i, "agenda", title=t, organisation=org, key=call["key"], extra={"tid": i}), i + 1
    if call:
        if PROTOCOL_TITLE.match(t) or MONTHLY.match(t) or LETTER_HEAD.match(t):
            call.clear()
            return None, None
        if not call["attendees"] and ATTENDEE_LABEL.match(t):
            call["attendees"] = True
            return Event(i, "attendee_list", title=t), i + 1
        if AGENDA_HEAD_ANY.match(t):
            return Event(i, "agenda", title=t, organisation=call["org"], key=call["key"], cont=True), i + 1
    return None, None




def _header_date_line(L: Lines, i: int, within: int) -> int | None:
    """A meeting date under a header label (on the label's line or the next one), or a
    date with a clock time in running text."""
    s = L.s
    for j in range(i, min(len(s), i + within)):
        if HEADER_DATE.match(s[j]) or LOOSE_DATE.search(s[j]):
            return j
        if HEADER_DATE_LABEL.match(s[j]):
            k = L.next_nb(j)
            if k is not None and re.search(DATE_WORDS, s[k], re.I):
                return k
    return None


def _bundled_protocol_near(L: Lines, i: int) -> bool:
    for j in range(i, min(len(L.s), i + 10)):
        if "§§" in L.s[j] and PARAS.match(L.s[j]) and L.find(TID, j, 6) is not None:
            return True
    return False


def _generic_header(L: Lines, i: int) -> tuple[str | None, str | None]:
    """Body and meeting date of a call or protocol header (read as the extractor reads it)."""
    from ingest.extract.governance.header import read_header  # one reader for both

    h = read_header(tuple(L.raw), i, i + 40)
    if h is None:
        return None, None
    return h.body, h.date_text
