"""Meeting dates and times as printed in any template: ISO (`2030-03-12`), a day and
month name (`12 mars 2030`, `tisdagen den 12 mars 2030`, `onsdag 14 februari 2030`) and
a start time (`kl. 13.00`, `klockan 09.00–15.30`, `Kl. 08.30`, `kl:09:00`).

Only the Swedish month names and the clock words are vocabulary here; no date of any
document."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.values import parse_iso_date

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
_ISO = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-]{2})")
_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
# 'kl. 09.30', 'kl 9.30', 'kl:09:00', 'klockan 09.00'; the start of a range is the start
_TIME = re.compile(r"\b(?:kl\.?|kl:|klockan)\s*(\d{1,2})[.:](\d{2})\b", re.I)


@dataclass(frozen=True)
class When:
    date_text: str                 # as printed ('2030-03-12', '12 mars 2030')
    meeting_date: date | None      # None when the printed date does not exist
    start_time: str | None         # 'HH:MM'
    date_start: int                # offset of the date in the text
    date_end: int


def find_date(text: str) -> When | None:
    """The first meeting date in `text` (ISO or day + month name + year), with the
    first clock time printed in the same text."""
    hits = []
    m = _ISO.search(text)
    if m:
        hits.append((m.start(), m.end(), m.group(1), parse_iso_date(m.group(1))))
    w = _WORDS.search(text)
    if w:
        try:
            d = date(int(w.group(3)), MONTHS.index(w.group(2).lower()) + 1, int(w.group(1)))
        except ValueError:
            d = None
        hits.append((w.start(), w.end(), w.group(0), d))
    if not hits:
        return None
    a, b, txt, d = min(hits)
    return When(txt, d, find_time(text), a, b)


def find_time(text: str) -> str | None:
    m = _TIME.search(text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def strip_time(text: str) -> str:
    """A place value with its clock time removed: 'Regionens hus, kl. 09.00–15.20' ->
    'Regionens hus'; 'Kl. 08.30–15.10, Regionens hus' -> 'Regionens hus'."""
    t = re.sub(r"\b(?:kl\.?|kl:|klockan)\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?", "", text, flags=re.I)
    return re.sub(r"^[\s,;]+|[\s,;]+$", "", re.sub(r"\s*,\s*,", ",", t)) or ""
