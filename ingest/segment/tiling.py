"""Step 2: walk the start events in order into spans that tile the document; merge
continuations (a protocol page whose header repeats, KALLELSE 2(2), the next page of a
print-out) and classify the gaps after explicitly ended sections by their page footers."""
from __future__ import annotations

from ingest.text.page_furniture import FOOTER, kind_of_footer
from ingest.segment.lines import Lines
from ingest.segment.names import clean_organisation, is_heading_like
from ingest.segment.events import Event, Span
from ingest.segment.letters import signature_end

def tile(evs: list[Event], L: Lines) -> list[Span]:
    n = len(L.s)
    spans: list[Span] = []
    first = L.next_nb(-1)
    if first is None:
        return []
    # drop events swallowed by an explicitly ended section before them
    kept: list[Event] = []
    for ev in evs:
        if kept and kept[-1].kind == "protocol_excerpt" and kept[-1].end is not None \
                and ev.start <= kept[-1].end and ev.kind != "protocol_excerpt":
            continue
        if kept and ev.start == kept[-1].start:
            continue
        kept.append(ev)
    if not kept or kept[0].start > first:
        kept.insert(0, Event(first, "other"))
    for idx, ev in enumerate(kept):
        nxt = kept[idx + 1].start if idx + 1 < len(kept) else n
        prev = spans[-1] if spans else None
        if prev is not None and _continues(prev, ev):
            prev.end = max(prev.end, min(nxt - 1, ev.end if ev.end is not None else nxt - 1))
            prev.ended = ev.end is not None and ev.end < nxt
            if ev.end is not None:
                prev.ev.end = ev.end
            _add_gap(spans, L, ev.end, nxt)
            continue
        end = nxt - 1
        ended = False
        if ev.end is not None and ev.end < nxt - 1:
            end, ended = ev.end, True
        spans.append(Span(ev.start, end, ev, ended))
        if ended:
            _add_gap(spans, L, end, nxt)
    return [sp for sp in spans if L.last_nb(sp.start, sp.end) is not None]


def _continues(prev: Span, ev: Event) -> bool:
    p = prev.ev
    if ev.kind == "protocol_excerpt" and p.kind == "protocol_excerpt":
        # the header repeats on page 2 of one excerpt: same body, no decision-end yet
        return p.key == ev.key and not prev.ended and p.end is None
    if ev.kind == "agenda" and p.kind == "agenda":
        return ev.cont or p.key == ev.key
    if ev.kind == "register" and p.kind == "register":
        return p.key == ev.key and (ev.key or "").startswith("print:")
    if ev.kind == "calendar" and p.kind == "calendar":
        return True
    return False


def _add_gap(spans: list[Span], L: Lines, end: int | None, nxt: int) -> None:
    """Text after an explicitly ended section and before the next start."""
    if end is None or end + 1 > nxt - 1:
        return
    a = L.next_nb(end, nxt)
    if a is None:
        return
    b = nxt - 1
    # a letter without a proposal: addressee, title, text, `Beslut skickas till`, signature
    if is_heading_like(L.s[a]) and L.raw[a][:1].isspace() and len(L.s[a]) <= 60 and ":" not in L.s[a]:
        sig = signature_end(L, a, min(b, a + 200))
        if sig is not None and sig < b:
            title = L.s[L.next_nb(a)] if L.next_nb(a) is not None else None
            spans.append(Span(a, sig, Event(a, "official_letter", title=title, organisation=L.s[a]), True))
            _add_gap(spans, L, sig, nxt)
            return
    kind, org = _classify_gap(L, a, b)
    spans.append(Span(a, b, Event(a, kind, organisation=org)))


def _classify_gap(L: Lines, a: int, b: int) -> tuple[str, str | None]:
    """Untitled text between two sections: a report if its page footers say so."""
    for j in range(a, b + 1):
        t = L.s[j]
        if t and t[-1] == ")" and FOOTER.match(t):
            m = FOOTER.match(t)
            return kind_of_footer(m.group("rep")), clean_organisation(m.group("org"))
    return "other", None
