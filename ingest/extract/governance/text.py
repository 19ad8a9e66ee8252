"""Small text helpers shared by the governance parsers: meeting header lines (Tid:,
Plats:), whitespace, the attendee-label lexicon read from the seed CSV.

Everything here is layout and generic Swedish meeting vocabulary; no names, bodies or
dates of any particular document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ingest.values import parse_iso_date
from ingest.text.seeds import column_kinds, seed_rows


_WS = re.compile(r"\s+")
# 'Tid: 2030-10-13 kl:09:00', 'Tid: 2030-10-12 kl.10:00', 'Tid: 2030-03-02 kl. 09:00'
TID = re.compile(
    r"^\s*Tid:?\s*(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:\s*(?:kl\.?|kl:|klockan)?\s*(?P<h>\d{1,2})[:.](?P<m>\d{2}))?",
    re.I,
)
PLATS = re.compile(r"^\s*Plats:?\s*(?P<place>.*?)\s*$", re.I)
KALLELSE = re.compile(r"^\s*KALLELSE\b", re.I)


def norm(text: str | None) -> str:
    """Collapse whitespace (tabs, NBSP, runs of spaces) and strip."""
    return _WS.sub(" ", (text or "").replace("\u00a0", " ")).strip()


def is_blank(line: str) -> bool:
    return not line.strip()


@dataclass(frozen=True)
class Tid:
    date_text: str
    meeting_date: date | None   # None when the printed date does not exist (2025-02-30)
    start_time: str | None      # 'HH:MM'


def parse_tid(line: str) -> Tid | None:
    """A `Tid:` line -> printed date, real date (or None), start time 'HH:MM'."""
    m = TID.match(line)
    if not m:
        return None
    start = f"{int(m.group('h')):02d}:{m.group('m')}" if m.group("h") else None
    return Tid(m.group("date"), parse_iso_date(m.group("date")), start)


def parse_plats(line: str) -> str | None:
    m = PLATS.match(line)
    if not m:
        return None
    return norm(m.group("place")) or None


@lru_cache(maxsize=1)
def attendee_labels() -> tuple[tuple[str, str | None], ...]:
    """(label phrase, role or None for group labels such as 'Kallade'), longest first,
    from seeds/governance_attendee_roles.csv so dbt and the parser share one lexicon."""
    rows = [(r["label_phrase"].lower(), None if r["is_group_label"].lower() == "true" else (r["role"] or None))
            for r in seed_rows("governance_attendee_roles")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def party_codes() -> frozenset[str]:
    return frozenset(r["party_code"].upper() for r in seed_rows("governance_parties"))


@dataclass(frozen=True)
class ListLabel:
    phrase: str
    role: str | None
    is_group: bool
    presence: str | None


@lru_cache(maxsize=1)
def attendance_labels() -> tuple[ListLabel, ...]:
    """Attendee-list labels with the presence they state, longest first."""
    rows = [ListLabel(r["label_phrase"].lower(), r["role"] or None,
                      r["is_group_label"].lower() == "true", r.get("presence") or None)
            for r in seed_rows("governance_attendee_roles")]
    return tuple(sorted(rows, key=lambda r: -len(r.phrase)))


@lru_cache(maxsize=1)
def attendance_columns() -> dict[str, str]:
    return column_kinds("governance_attendance_columns")


def party_code(text: str | None) -> str | None:
    """A printed party code in the seed's spelling ('Kd' -> 'KD'), else None."""
    t = norm(text).strip("()").upper()
    return t if t and t in party_codes() else None
