"""Attendance in any template -> one Attendee per person, with party, role and presence.

Layouts read (labels and their presence from seeds/governance_attendee_roles.csv,
column heads from seeds/governance_attendance_columns.csv):
    Ledamöter: Anna Ek (M), ordförande, Bo Al (S), Carl-     running text; a name may
    Johan Berg (C), ...                                      break over lines
    Beslutande ledamöter   Anna Ek (M), ordförande           label/value block: the value
                           Bo Al (S)                         column continues below
    Tjänstgörande ersättare  Cia Bo (C) för Dan Ek (C)       'X för Y': X serves for Y
    Ledamöter          Ersättare                             two lists side by side
    Anna Ek (M), ordförande   Eva Ny (M)
    Ledamöter / Parti / Närvarande / Tjänstgörande ersättare   a table flattened to one
    Anna Ek, ordförande / S / X                                cell per line; an absent
    Bo Al / S / Cia Bo (S)                                     member's cell names the
                                                               substitute who serves
    Övriga kallade / Anna Ek, ekonomichef                    one person per line
A label standing alone with nothing person-like under it ('Beslutande' / 'Se
närvarolista') yields nobody. Presence: the label's (beslutande, närvarande,
frånvarande, kallade ...), else the caller's default (called on a meeting call).
"""
from __future__ import annotations

import re

from ingest.extract.governance.attendees import Attendee
from ingest.extract.governance.text import ListLabel, attendance_columns, attendance_labels, norm, party_code

_GAP = re.compile(r"\t|\s{2,}")
_NAME = re.compile(r"^[A-ZÅÄÖÉÜ][\w'’.-]*(?:-[A-ZÅÄÖÉÜ][\w'’-]*)?(?:\s+(?:af\s+|von\s+|de\s+)?[A-ZÅÄÖÉÜ][\w'’-]+){1,3}$")
_WITH_PARTY = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<party>[^()]{1,4})\)\s*,?\s*(?P<rest>.*)$")
_PARAGRAPHS = re.compile(r"^§§?\s*\d")
_MARK = re.compile(r"^[Xx✓]$")
# a signature block ('Underskrifter / Sekreterare / <name>') names who signs, not who attends
_SIGNATURES = re.compile(r"^(?:Underskrifter|Underskrift|Signaturer)\b", re.I)


def _label_at(text: str) -> tuple[ListLabel, str] | None:
    """A list label opening the line and the text after it ('' when it stands alone).
    After the label comes ':', a column gap, or a capitalised name; a lower-case word
    means a sentence ('Ersättare tjänstgör enbart vid förhinder ...')."""
    low = text.lower()
    for lab in attendance_labels():
        if not low.startswith(lab.phrase):
            continue
        rest = text[len(lab.phrase):]
        if not rest.strip() or rest.strip() == ":":
            return lab, ""
        m = re.match(r"\s*:\s*|\t+\s*|\s{2,}|\s(?=[A-ZÅÄÖÉÜ])", rest)
        if m:
            return lab, rest[m.end():].strip()
        return None
    return None


def _whole_label(cell: str) -> ListLabel | None:
    lab = _label_at(cell.strip())
    return lab[0] if lab and not lab[1] else None


def _column(cell: str) -> str | None:
    return attendance_columns().get(norm(cell).rstrip(":").lower())


def parse_attendance(lines: tuple[str, ...], lo: int, hi: int, default_presence: str | None,
                     stop: int | None = None) -> list[Attendee]:
    """Persons listed in lines[lo:hi] (0-based, hi exclusive)."""
    out: list[Attendee] = []
    hi = min(hi, len(lines))
    group_presence: str | None = None
    k = lo
    while k < hi:
        t = lines[k].strip()
        if _SIGNATURES.match(t):
            while k < hi and lines[k].strip():
                k += 1
            continue
        found = _label_at(t) if t else None
        if found is None:
            k += 1
            continue
        lab, rest = found
        if lab.is_group and not rest:
            group_presence = lab.presence or group_presence
            k += 1
            continue
        presence = lab.presence or group_presence or default_presence
        cells = [c for c in _GAP.split(t) if c.strip()]
        heads = [_whole_label(c) for c in cells]
        if len(cells) >= 2 and all(heads):
            k = _side_by_side(lines, k, hi, heads, presence, group_presence or default_presence, out)
            continue
        if not rest:
            j = _next_nb(lines, k + 1, hi)
            if j is not None and _column(lines[j]):
                k = _cell_table(lines, k, j, hi, lab, presence, out)
                continue
            k = _block(lines, k + 1, hi, lab, "", presence, out, one_per_line=True)
            continue
        k = _block(lines, k, hi, lab, rest, presence, out, one_per_line=False)
    return out


def _next_nb(lines: tuple[str, ...], j: int, hi: int) -> int | None:
    while j < hi and not lines[j].strip():
        j += 1
    return j if j < hi else None


def _person(text: str) -> tuple[str, str | None, str] | None:
    """'Anna Ek (M), ordförande' -> ('Anna Ek', 'M', 'ordförande'); 'Anna Ek, ekonomichef'
    -> ('Anna Ek', None, 'ekonomichef'); None when the text is no person."""
    t = norm(text)
    m = _WITH_PARTY.match(t)
    if m and _NAME.match(norm(m.group("name"))):
        party = party_code(m.group("party")) or norm(m.group("party")).upper()
        return norm(m.group("name")), party, norm(m.group("rest"))
    name, _, title = t.partition(",")
    if _NAME.match(name.strip()):
        return name.strip(), None, norm(title)
    return None


def _emit(out: list[Attendee], line: int, lab: ListLabel, label_text: str | None, person, presence,
          raw: str, role: str | None = None) -> Attendee:
    name, party, title = person
    a = Attendee(line + 1, label_text or lab.phrase.capitalize(), role or lab.role, name, party,
                 title or None, norm(raw), False, None, presence)
    out.append(a)
    return a


def _block(lines, k, hi, lab, rest, presence, out, one_per_line: bool) -> int:
    """Running text or a label/value block: the label line's value and the lines below,
    up to a blank line or the next label."""
    parts: list[tuple[int, str]] = []
    if rest:
        parts.append((k, rest))
        k += 1
    while k < hi:
        t = lines[k].strip()
        if not t or _label_at(t):
            break
        if one_per_line and not _person(t):
            break
        parts.append((k, t))
        k += 1
    if not parts:
        return k
    text, where = _join(parts)
    prev: Attendee | None = None
    for start, item in _items(text):
        line = where(start)
        p = _person(item)
        sub_for = None
        if p and " för " in f" {p[2]} " and p[2].startswith("för "):
            sub_for = p[2]
        if p:
            prev = _emit(out, line, lab, None, p, presence, item)
            if sub_for:
                prev.role_title = sub_for
            continue
        if prev is not None and (item[:1].islower() or item[:1].isdigit() or _PARAGRAPHS.match(item)):
            prev.role_title = norm(f"{prev.role_title or ''}, {item}").lstrip(", ")
    return k


def _join(parts: list[tuple[int, str]]):
    """Lines joined into one text; a name broken at the line end ('Nils-' / 'Åke', 'Anna' /
    'Berg (S)') joins with a space, a finished entry with a comma."""
    text = ""
    marks: list[tuple[int, int]] = []
    for idx, (k, t) in enumerate(parts):
        if idx:
            prev = text.rstrip()
            last = prev.split()[-1] if prev.split() else ""
            if prev.endswith((",", "-")) or (last[:1].isupper() and not last.endswith(")")
                                              and "(" not in last and _WITH_PARTY.match(t.split(",")[0])):
                text = prev + ("" if prev.endswith("-") else " ")
            else:
                text = prev + ", "
        marks.append((len(text), k))
        text += t

    def where(pos: int) -> int:
        line = marks[0][1]
        for off, k in marks:
            if off <= pos:
                line = k
        return line
    return text, where


def _items(text: str) -> list[tuple[int, str]]:
    """Comma- (and final 'och'-) separated items with their offsets."""
    out = []
    for m in re.finditer(r"[^,]+", text):
        seg, base = m.group(0), m.start()
        for n in re.finditer(r"(?:^|(?<=\s)och\s+)(?P<it>.+?)(?=\s+och\s+[A-ZÅÄÖÉÜ]|$)", seg):
            it = n.group("it")
            if it.strip():
                out.append((base + n.start("it") + len(it) - len(it.lstrip()), it.strip()))
    return out


def _side_by_side(lines, k, hi, heads, presence, other_presence, out) -> int:
    """Two (or more) lists printed as columns: each cell goes to the column it starts under."""
    raw = lines[k]
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=\t)|(?<=\s\s))\S", raw)]
    labels = [lab for lab in heads]
    k += 1
    while k < hi:
        raw = lines[k]
        if not raw.strip() or _label_at(raw.strip()) and not _person(raw.strip().split("  ")[0]):
            break
        for m in re.finditer(r"\S(?:.*?)(?=\t|\s{2,}|$)", raw):
            cell = m.group(0).strip()
            if not cell:
                continue
            col = max((i for i, s in enumerate(starts) if s <= m.start() + 2), default=0)
            lab = labels[min(col, len(labels) - 1)]
            p = _person(cell)
            if p:
                _emit(out, k, lab, None, p, lab.presence or presence if col == 0 else lab.presence or other_presence, cell)
        k += 1
    return k


def _cell_table(lines, k, j, hi, lab, presence, out) -> int:
    """A table flattened to one cell per line: label, column heads, then rows that each
    open with a person's name."""
    cols: list[str] = []
    while j < hi and lines[j].strip() and _column(lines[j]):
        cols.append(_column(lines[j]))
        j += 1
    has_presence = "presence" in cols
    row: list[tuple[int, str]] = []

    def flush():
        if not row:
            return
        line, first = row[0]
        p = _person(first)
        party, mark, sub, title = p[1], None, None, p[2] or None
        for ln, cell in row[1:]:
            code = party_code(cell)
            if code and party is None and "party" in cols:
                party = code
            elif _MARK.match(cell) or _PARAGRAPHS.match(cell):
                mark = cell
            elif _WITH_PARTY.match(cell) and _person(cell):
                sub = (ln, cell)
            elif "title" in cols and title is None:
                title = cell
        state = "present" if mark else ("absent" if sub or has_presence else presence)
        a = _emit(out, line, lab, None, (p[0], party, title), state, " | ".join(c for _, c in row))
        if mark and _PARAGRAPHS.match(mark):
            a.role_title = norm(f"{a.role_title or ''}, {mark}").lstrip(", ")
        if sub:
            sp = _person(sub[1])
            _emit(out, sub[0], lab, "Tjänstgörande ersättare", (sp[0], sp[1], f"för {p[0]}"), "present",
                  sub[1], role="substitute")
        row.clear()

    while j < hi:
        t = lines[j].strip()
        if not t:
            break
        nxt = _next_nb(lines, j + 1, hi)
        if _whole_label(t) and nxt is not None and _column(lines[nxt]):
            break
        p = _person(t)
        if p and not _WITH_PARTY.match(t):
            flush()
            row.append((j, t))
        elif row:
            row.append((j, t))
        j += 1
    flush()
    return j
