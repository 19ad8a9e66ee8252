"""Register listings: `Sammanställning av ...` titles and diarium / delegation print-outs."""
from __future__ import annotations

import re

from ingest.segment.lines import Lines
from ingest.segment.events import Event
from ingest.segment.markers import LIST_ROW, REGISTER_HEADER, REGISTER_TITLE

def register_layout_after(L: Lines, last: int) -> bool:
    """A register title stands alone (a blank line below it) and a listing follows:
    its header row (Ärendetyp, Diarienummer ...) or list rows; not running text."""
    s = L.s
    if last + 1 < len(s) and s[last + 1] and not REGISTER_HEADER.match(s[last + 1]):
        return False
    k = L.next_nb(last)
    if k is None or k - last > 8:
        return False
    return bool(REGISTER_HEADER.match(s[k]) or LIST_ROW.match(L.raw[k].lstrip()))


def register_print(L: Lines, i: int) -> Event:
    """A register print-out (diarium search, delegeringsbeslut) around `Utskriftsdatum:`."""
    s = L.s
    start = i
    title = None
    j = i
    for _ in range(4):
        k = L.prev_nb(j)
        if k is None or i - k > 25 or not REGISTER_TITLE.match(s[k]):
            break
        start = j = k
        if not s[k].startswith("Sidan"):
            title = s[k]
    if title is None:
        k = L.find(REGISTER_TITLE, i, 4)
        title = s[k] if k is not None else s[i]
    org = None
    dn = L.find(re.compile(r"^Diarienummer:"), i, 30)
    if dn is not None:
        org = re.split(r"\*\*|\t|\s{2,}|Sekretess", s[dn][len("Diarienummer:"):].strip())[0].strip() or None
    bi = L.find(re.compile(r"^Beslutsinstans:\s*$"), i, 12)
    if bi is not None:
        org = _label_value(L, i, bi) or org
    return Event(start, "register", title=title, organisation=org, key="print:" + title)


def _label_value(L: Lines, first: int, label: int) -> str | None:
    """Labels printed in a column, their values in a second column below them."""
    s = L.s
    labels = []
    j = label
    while j > first and (not s[j - 1] or (s[j - 1].endswith(":") and len(s[j - 1]) < 40)):
        j -= 1
    while j < len(s) and len(labels) < 12:
        t = s[j]
        if t.endswith(":") and len(t) < 40:
            labels.append(j)
        elif t:
            break
        j += 1
    if label not in labels:
        return None
    idx = labels.index(label)
    values: list[str] = []
    cur: list[str] = []
    while j < len(s) and len(values) <= idx + 1 and j < first + 60:
        t = s[j]
        if not t:
            if cur:
                values.append(" ".join(cur))
                cur = []
        elif ":" not in t:
            cur.append(t)
        j += 1
    if cur:
        values.append(" ".join(cur))
    return values[idx] if idx < len(values) else None
