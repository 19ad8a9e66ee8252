"""The header of a meeting call or protocol in any template: body, meeting date, start
time, place and the paragraph range, from a label/value block or running text.

Layouts read (labels from seeds/governance_header_labels.csv):
    Tid: 2030-03-12 kl. 13.00                     label, ':' and value on one line
    Tid             Tisdagen den 12 mars 2030     label and value in two columns
    Sammanträdesdatum / 2030-03-12                label and value on consecutive lines
                         Sammanträdesdatum        a right-hand block whose value line
    Regionstyrelsen      2030-03-12               also carries the body on the left
    Plats och tid   Regionens hus, kl. 09.00      place and time in one value
    Paragrafer 112–118 / §§ 31–38 / Protokollet omfattar §§ 30–41
A date printed without a label counts only when a clock time goes with it (`onsdag 14
februari 2030, kl. 09.00`), so the date a call was issued is not taken for the meeting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ingest.extract.governance.text import norm
from ingest.extract.governance.when import find_date, find_time, strip_time
from ingest.text.seeds import seed_rows

_CELLS = re.compile(r"\t|\s{2,}")
# a range opens a cell (or follows 'omfattar'): '§§ 114–115' after a comma is a note
_RANGE = re.compile(r"(?:^|\t|\s{2,}|omfattar\s+)(?:Paragrafer|§§)\s*(\d{1,4})\s*[-–—]+\s*(\d{1,4})", re.I)
_MARKER = re.compile(r"^(?:KALLELSE|Kallelse|PROTOKOLL|Protokoll|Sammanträdesprotokoll|SAMMANTRÄDESPROTOKOLL|"
                     r"Protokollsutdrag|Sida|Sidan)\b|^\d+\s*\(\d+\)$|^\d{4}-\d{2}-\d{2}$")


@dataclass
class MeetingHeader:
    body: str | None = None
    body_line: int | None = None
    date_text: str | None = None
    meeting_date: date | None = None
    date_line: int | None = None
    start_time: str | None = None
    place: str | None = None
    place_line: int | None = None
    range_text: str | None = None
    paragraph_from: int | None = None
    paragraph_to: int | None = None
    range_line: int | None = None
    issues: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _labels() -> tuple[tuple[str, str], ...]:
    rows = [(r["label_phrase"].lower(), r["field"]) for r in seed_rows("governance_header_labels")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def body_words() -> tuple[str, ...]:
    return tuple(p for p, f in _labels() if f == "body_word")


def _label_at(text: str) -> tuple[str, str] | None:
    """(field, value) when the line opens with a header label: value after ':' or a
    column gap, '' when the label stands alone."""
    low = text.lower()
    for phrase, fld in _labels():
        if fld == "body_word" or not low.startswith(phrase):
            continue
        rest = text[len(phrase):]
        if not rest.strip():
            return fld, ""
        m = re.match(r"\s*:\s*|\t+\s*|\s{2,}", rest)
        if m:
            return fld, rest[m.end():].strip()
    return None


def is_body_name(cell: str) -> bool:
    low = cell.lower()
    return (cell[:1].isupper() and len(cell) <= 80 and not any(ch.isdigit() for ch in cell)
            and any(w in low for w in body_words()) and not cell.endswith((".", ":")))


def read_header(lines: tuple[str, ...], lo: int, hi: int) -> MeetingHeader | None:
    """The meeting header in lines[lo:hi] (0-based, hi exclusive); None without a date."""
    h = MeetingHeader()
    hi = min(hi, len(lines))
    pending: str | None = None      # a label standing alone: its value is on the next line
    loose: tuple[int, object] | None = None
    for k in range(lo, hi):
        t = lines[k].strip()
        if not t:
            continue
        cells = [c for c in _CELLS.split(t) if c.strip()]
        if h.range_text is None:
            r = _RANGE.search(t)
            if r:
                h.range_text = f"{r.group(1)}–{r.group(2)}"
                h.paragraph_from, h.paragraph_to, h.range_line = int(r.group(1)), int(r.group(2)), k + 1
        if pending is not None:
            _take(h, pending, t, k, cells)
            pending = None
            continue
        lab = _label_at(t)
        if lab:
            fld, value = lab
            if value:
                _take(h, fld, value, k, [value])
            else:
                pending = fld
            continue
        if h.body is None and len(cells) <= 3 and is_body_name(cells[0]) and k - lo < 12:
            h.body, h.body_line = norm(cells[0]), k + 1
        if loose is None:
            w = find_date(t)
            if w is not None and w.start_time and w.meeting_date:
                loose = (k, w)
    if h.date_text is None and loose is not None:
        k, w = loose
        h.date_text, h.meeting_date, h.date_line = w.date_text, w.meeting_date, k + 1
        h.start_time = h.start_time or w.start_time
    if h.date_text is None:
        return None
    if h.meeting_date is None:
        h.issues.append(f"impossible meeting date '{h.date_text}'")
    return h


def _take(h: MeetingHeader, fld: str, value: str, k: int, cells: list[str]) -> None:
    if fld == "range":
        r = _RANGE.search(value) or re.search(r"(\d{1,4})\s*[-–—]+\s*(\d{1,4})", value)
        if r and h.range_text is None:
            h.range_text = f"{r.group(1)}–{r.group(2)}"
            h.paragraph_from, h.paragraph_to, h.range_line = int(r.group(1)), int(r.group(2)), k + 1
        return
    w = find_date(value) if fld in ("date", "date_place") else None
    if w is not None and h.date_text is None:
        h.date_text, h.meeting_date, h.date_line = w.date_text, w.meeting_date, k + 1
        # a right-hand label block: the body printed on the value's line, left of the date
        left = value[: w.date_start].strip()
        if h.body is None and left and is_body_name(norm(_CELLS.split(left)[0])):
            h.body, h.body_line = norm(_CELLS.split(left)[0]), k + 1
    if h.start_time is None and fld in ("date", "date_place"):
        h.start_time = find_time(value)
    if fld in ("place", "date_place") and h.place is None:
        rest = value
        if w is not None:
            rest = value[w.date_end:] if w.date_start < 3 else value[: w.date_start]
        place = strip_time(rest)
        # a weekday or 'den' left over from a date in words is not a place
        if place and not re.fullmatch(r"[\wåäö]*dag(?:en)?(?: den)?", place, re.I):
            h.place, h.place_line = norm(place), k + 1
