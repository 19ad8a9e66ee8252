"""Attendee lists of a meeting call -> one row per person and list.

Layout read: a list label ('Ordinarie ledamöter:', 'Ersättare:', 'Tjänstemän:',
'Personalrepresentanter:', 'Regionråd', possibly glued: 'Kallade*Ordinarie ledamöter:*')
followed by one person per line:
    Name (PARTY)[ role title]        'Anna Exempel (C) ordf.', 'Bo Prov (-) 2:e vice ordf.'
    Name, title                      officials; the title may wrap onto lower-case lines
    Vakant (PARTY)                   an empty seat: kept, with no person name
The labels and their roles come from seeds/governance_attendee_roles.csv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.governance.text import attendee_labels, is_blank, norm

_PARTY = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<party>[^()]{1,6})\)\s*(?P<title>.*)$")
_VACANT = re.compile(r"^\s*vakan(t|s)\b", re.I)


@dataclass
class Attendee:
    line: int
    list_label: str | None
    role: str | None
    person_name: str | None
    party: str | None
    role_title: str | None
    raw_text: str
    is_vacant: bool = False
    issue: str | None = None
    presence: str | None = None   # present / absent / called / None (the list does not say)


def _label_role(text: str) -> tuple[bool, str | None]:
    """(is a label, role) for a line such as 'Ordinarie ledamöter:' or 'Kallade'."""
    key = norm(text.replace("*", " ")).rstrip(":").strip().lower()
    if not key or "(" in key or "," in key:
        return False, None
    for phrase, role in attendee_labels():
        if key == phrase:
            return True, role
    return False, None


def _split_label_line(text: str) -> list[str]:
    """'Kallade*Ordinarie ledamöter:*' -> ['Kallade', 'Ordinarie ledamöter:']."""
    return [p for p in (s.strip() for s in text.split("*")) if p]


def parse_person(text: str) -> tuple[str | None, str | None, str | None, bool]:
    """'Anna Exempel (C) ordf.' -> ('Anna Exempel', 'C', 'ordf.', False);
    'Cecilia Test, regiondirektör' -> ('Cecilia Test', None, 'regiondirektör', False);
    'Vakant (V)' -> (None, 'V', None, True)."""
    t = norm(text.replace("*", " "))
    m = _PARTY.match(t)
    if m:
        # the code is kept as printed (upper-cased: 'Mp' -> 'MP'); dbt tests flag codes
        # outside seeds/governance_parties.csv
        name, party, title = norm(m.group("name")), norm(m.group("party")).upper(), norm(m.group("title"))
    else:
        name, _, title = t.partition(",")
        name, party, title = norm(name), None, norm(title)
    vacant = bool(_VACANT.match(name))
    return (None if vacant else name or None), party, title or None, vacant


def parse_attendees(lines: tuple[str, ...], start: int, end: int) -> list[Attendee]:
    """Persons listed in lines[start-1 .. end-1] (1-based inclusive bounds)."""
    out: list[Attendee] = []
    label: str | None = None
    role: str | None = None
    for k in range(start - 1, min(end, len(lines))):
        raw = lines[k]
        if is_blank(raw):
            continue
        parts = _split_label_line(raw)
        labelled = [(p, _label_role(p)) for p in parts]
        if labelled and all(is_lab for _, (is_lab, _) in labelled):
            for p, (_, r) in labelled:
                if r is not None:
                    label, role = norm(p.rstrip(":")), r
                elif role is None:
                    label = norm(p.rstrip(":"))
            continue
        t = norm(raw)
        # a wrapped official title continues in lower case on the next line
        if out and t[:1].islower() and out[-1].party is None and out[-1].role_title:
            prev = out[-1]
            prev.role_title = norm(f"{prev.role_title} {t}")
            prev.raw_text = norm(f"{prev.raw_text} {t}")
            continue
        name, party, title, vacant = parse_person(t)
        issue = None if role else "person listed before any known list label"
        out.append(Attendee(k + 1, label, role, name, party, title, t, vacant, issue))
    return out
