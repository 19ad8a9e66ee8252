"""Official letters: their first line (with or without a TJÄNSTESKRIVELSE head) and the end
of their signature block."""
from __future__ import annotations

from ingest.segment.events import Event
from ingest.segment.lines import Lines
from ingest.segment.markers import BODY_DATE, CAPS_LINE, DATE_CASE, LETTER_HEAD, NAME_LINE, PARAS, PROPOSAL, PROTOKOLL, SENT_TO
from ingest.segment.names import is_heading_like
from ingest.text.people import is_person_line


def letter_start_before(L: Lines, p: int) -> int | None:
    """Header-less letter: addressee block, title block, `Förslag till beslut`.

    A block stops at a blank line or at a page top (a line printed with a leading
    indent); a `<date> <case number>` line just above the addressee opens the letter."""
    s = L.s
    title_top = _block_top(L, p)
    if title_top == p:  # the title is the previous block
        k = L.prev_nb(p)
        if k is None or p - k > 4:
            return None
        title_top = _block_top(L, k)
        if p - title_top > 8:
            return None
    k = L.prev_nb(title_top)
    if k is None or title_top - k > 4:
        return title_top
    top = max(_block_top(L, k), k - 3)
    if not is_heading_like(s[top]) or any(_looks_like_prose(s[x]) for x in range(top, k + 1)):
        return title_top
    d = L.prev_nb(top)
    if d is not None and top - d <= 12 and DATE_CASE.match(s[d]):
        return d
    return top


def _block_top(L: Lines, j: int) -> int:
    s, raw = L.s, L.raw
    while j > 0 and s[j - 1] and not raw[j][:1].isspace() and not s[j - 1].isdigit():
        j -= 1
    return j


def _looks_like_prose(t: str) -> bool:
    return len(t) > 90 or t.endswith((".", ";")) or "\t" in t


def letter_event(L: Lines, start: int, at: int) -> Event:
    s = L.s
    p = at if PROPOSAL.match(s[at]) else L.find(PROPOSAL, at, 40)
    title = org = None
    if p is not None:
        # title block directly above the proposal, addressee block above that
        j = p - 1
        while j > start and not s[j]:
            j -= 1
        t_end = j
        while j > start and s[j - 1]:
            j -= 1
        title_lines = [s[x] for x in range(j, t_end + 1) if s[x]]
        if LETTER_HEAD.match(title_lines[0] if title_lines else ""):
            title_lines = []
        title = " ".join(title_lines) or None
        k = L.prev_nb(j)
        if k is not None and k >= start and not LETTER_HEAD.match(s[k]):
            a = max(_block_top(L, k), start)
            if is_heading_like(s[a]) and not BODY_DATE.search(s[a]) \
                    and not any(_looks_like_prose(s[x]) for x in range(a, k + 1)):
                org = " ".join(s[a:k + 1])
    end = signature_end(L, p if p is not None else at)
    head = s[start] if LETTER_HEAD.match(s[start]) else None
    return Event(start, "official_letter", title=title or head, organisation=org, end=end)


def signature_end(L: Lines, frm: int, limit: int | None = None) -> int | None:
    """Last line of the signature block (UPPER-CASE office, then names and titles).

    Looked for after `Beslut skickas till`, or (with `limit`) anywhere before limit
    where an UPPER-CASE office line is followed by a person's name."""
    s = L.s
    sent = L.find(SENT_TO, frm, 400)
    if sent is not None and limit is not None and sent >= limit:
        sent = None
    if sent is None and limit is not None:
        for j in range(frm, limit):
            if CAPS_LINE.match(s[j]) and not PROTOKOLL.match(s[j]) and not LETTER_HEAD.match(s[j]):
                k = L.next_nb(j, limit)
                if k is not None and k - j <= 6 and is_person_line(s[k]):
                    sent = j - 1
                    break
    if sent is None:
        return None
    caps = None
    for j in range(sent + 1, min(len(s), sent + 20)):
        if CAPS_LINE.match(s[j]) and not PROTOKOLL.match(s[j]) and not LETTER_HEAD.match(s[j]):
            caps = j
            break
        if PARAS.match(s[j]) or PROPOSAL.match(s[j]):
            return None
    if caps is None:
        return None
    end = caps
    j = caps + 1
    taken = 0
    while j < len(s) and taken < 8:
        raw = L.raw[j]
        t = s[j]
        if not t:
            if taken and all(not x for x in s[j:j + 3]):
                break  # three blank lines: the signature is over
            j += 1
            continue
        if raw[:1].isspace() or not NAME_LINE.match(t) or len(t) > 60:
            break
        end = j
        taken += 1
        j += 1
    return end
