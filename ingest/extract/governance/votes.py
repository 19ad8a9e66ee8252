"""Votes (omröstning / votering) and reservations of a protocol paragraph.

Layouts read:
    Omröstningen utfaller med 9 Ja-röster mot 6 Nej-röster      counts in prose
    Ja / 9 / Nej / 6 / Avstår / 0                               counts one cell per line
    Ledamot            Ja   Nej  Avstår                         a voting list: who voted how
    Anna Ek (M)        X                                        (an X under the column),
    Summa              9    6    0                              its sum row gives the counts
    Reservation
    Anna Ek (M), Bo Al (S) och Cia Berg (C) reserverar sig ...  persons and parties
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.governance.text import norm, party_code

# (word then number: 'Ja 9', cells one per line; number then word: '9 Ja-röster' in prose)
_YES = (re.compile(r"\bja(?:-?röster)?\s*:?\s+(\d+)\b", re.I), re.compile(r"(\d+)\s+ja(?:-?röster)?\b", re.I))
_NO = (re.compile(r"\bnej(?:-?röster)?\s*:?\s+(\d+)\b", re.I), re.compile(r"(\d+)\s+nej(?:-?röster)?\b", re.I))
_ABST = (re.compile(r"\b(?:avstår|avstod|avstående)\s*:?\s+(\d+)\b", re.I),
         re.compile(r"(\d+)\s+(?:ledam(?:ot|öter)\s+)?(?:avstår|avstod|avstående|nedlagda)\b", re.I))
_LIST_HEAD = re.compile(r"^\s*\S.*?\s{2,}Ja\s+Nej(?:\s+Avstår)?\s*$", re.I)
_SUM = re.compile(r"^\s*(?:Summa|Totalt|Summa röster)\s+(\d+)\s+(\d+)(?:\s+(\d+))?\s*$", re.I)
_PERSON = re.compile(r"(?P<name>[A-ZÅÄÖÉÜ][\w'’-]+(?:\s+[A-ZÅÄÖÉÜ][\w'’-]+){1,3})\s*\((?P<party>[^()]{1,4})\)")


@dataclass
class Vote:
    line: int
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    text: str | None = None
    casts: list[tuple[int, str, str | None, str]] = field(default_factory=list)  # line, name, party, vote


def _count(pats: tuple[re.Pattern, ...], text: str) -> int | None:
    for pat in pats:
        m = pat.search(text)
        if m:
            return int(m.group(1))
    return None


def read_vote(blocks: dict[str, list[tuple[int, str]]], raw_lines: tuple[str, ...]) -> Vote | None:
    """The vote of a paragraph: counts from the vote block's text, a voting list anywhere
    in the paragraph (who voted how; its sum row wins over prose)."""
    rows = blocks.get("vote") or []
    vote = None
    if rows:
        text = " ".join(t for _, t in rows)
        vote = Vote(rows[0][0], _count(_YES, text), _count(_NO, text), _count(_ABST, text), norm(text))
    all_rows = sorted(r for rs in blocks.values() for r in rs)
    for idx, (ln, t) in enumerate(all_rows):
        raw = raw_lines[ln - 1]
        if not _LIST_HEAD.match(raw):
            continue
        cols = [m.group(0).lower() for m in re.finditer(r"\b(?:Ja|Nej|Avstår)\b", raw)]
        heads = [m.start() for m in re.finditer(r"\b(?:Ja|Nej|Avstår)\b", raw)]
        vote = vote or Vote(ln)
        marks: list[tuple[int, str, str, int]] = []
        for ln2, _ in all_rows[idx + 1:]:
            r = raw_lines[ln2 - 1]
            s = _SUM.match(r)
            if s:
                vote.yes, vote.no = int(s.group(1)), int(s.group(2))
                vote.abstain = int(s.group(3)) if s.group(3) else vote.abstain
                break
            p = _PERSON.search(r)
            x = [m.start() for m in re.finditer(r"\b[Xx]\b", r[p.end():] if p else "")]
            if not p or not x:
                break
            marks.append((ln2, norm(p.group("name")), party_code(p.group("party")) or p.group("party").upper(),
                          p.end() + x[0]))
        # the X columns need not sit under their heads: distinct X positions, in order,
        # are the columns in order; a single position goes to the nearest head
        spots = sorted({m[3] for m in marks})
        clusters: list[list[int]] = []
        for sp in spots:
            if clusters and sp - clusters[-1][-1] <= 2:
                clusters[-1].append(sp)
            else:
                clusters.append([sp])
        for ln2, name, party, pos in marks:
            if 1 < len(clusters) <= len(cols):
                col = cols[next(i for i, c in enumerate(clusters) if pos in c)]
            else:
                col = cols[min(range(len(heads)), key=lambda i: abs(heads[i] - pos))]
            vote.casts.append((ln2, name, party, {"ja": "yes", "nej": "no", "avstår": "abstain"}[col]))
        if vote.yes is None and vote.casts:
            vote.yes = sum(c[3] == "yes" for c in vote.casts)
            vote.no = sum(c[3] == "no" for c in vote.casts)
            vote.abstain = sum(c[3] == "abstain" for c in vote.casts)
        break
    if vote is None or (vote.yes is None and vote.no is None):
        return None
    return vote


def read_reservation(blocks: dict[str, list[tuple[int, str]]]) -> tuple[str | None, str | None]:
    """(text, 'Name (P), Name (P)') of the paragraph's Reservation block."""
    rows = blocks.get("reservations") or []
    if not rows:
        return None, None
    taken = []
    for _, t in rows:        # up to the sentence's end (a voting list may follow the page break)
        taken.append(t)
        if t.rstrip().endswith("."):
            break
    text = norm(" ".join(taken))
    people = [f"{norm(m.group('name'))} ({party_code(m.group('party')) or m.group('party').upper()})"
              for m in _PERSON.finditer(text)]
    return text, ", ".join(dict.fromkeys(people)) or None
