"""Activity tables (`Aktiviteter | Analys`) -> activity records, in both encodings.

`parse_tsv_table`: tab-separated rows (one activity per line). After a page break the
header repeats; a row with an empty first cell then continues the previous analysis,
and a lower-case first cell with an empty analysis continues the previous name.

`parse_aligned_table`: PDF text where the two columns were flattened. Activity name
lines (narrow column), a blank line, analysis lines (wide column); or the name and the
first analysis line glued on one line. Blocks are told apart by their width, which is
measured per report (`estimate_widths`), never fixed: the name column is narrow, the
analysis column wide. A glued line is longer than any analysis line; it is split at a
sentence end or before a capitalised word so that the rest fits the analysis width.

Both return `ActivityRecord`s whose text parts keep their line numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.activities.context import (
    ACTIVITY_HEADER,
    OTHER_TABLE_HEADER,
    is_blank,
    join_wrapped,
    parse_label,
    perspective_of,
)
from ingest.tables.tsv import clean_cell

_BULLET = re.compile(r"^\s*[•\-–−*]\s")
_LEAD_PREFIX = re.compile(r"^(?:[A-ZÅÄÖ]{2,5}\s+)+")   # `VO `, `SMOT `: owner prefixes before the name
_TITLE_WORD = re.compile(r"(?<=\s)(?=[A-ZÅÄÖ][a-zåäöé])")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


@dataclass
class ActivityRecord:
    name_parts: list[tuple[int, str]] = field(default_factory=list)      # (line, text)
    analysis_parts: list[tuple[int, str]] = field(default_factory=list)
    header_line: int = 0
    glued: bool = False          # name and analysis were printed on one line and split here
    continued: bool = False      # the record continues after a page break (repeated header)
    layout: str = "tsv"

    @property
    def line(self) -> int:
        return (self.name_parts or self.analysis_parts)[0][0]

    @property
    def name(self) -> str:
        return join_wrapped([t for _, t in self.name_parts])

    @property
    def analysis(self) -> str:
        return join_wrapped([t for _, t in self.analysis_parts])

    @property
    def analysis_line(self) -> int | None:
        return self.analysis_parts[0][0] if self.analysis_parts else None


def ends_table(text: str) -> bool:
    """A line that closes an activity table: a hierarchy label, a perspective heading or another table."""
    return bool(parse_label(text) or perspective_of(text) or OTHER_TABLE_HEADER.match(text))


# --- tab-separated ---------------------------------------------------------------

def parse_tsv_table(lines: tuple[str, ...] | list[str], i: int, stop: int) -> tuple[list[ActivityRecord], int]:
    """Rows of the table whose header is at 0-based index i; returns records and the index after it.
    Repeated headers (page breaks) inside the run are absorbed."""
    out: list[ActivityRecord] = []
    header = i + 1
    j = i + 1
    page_break = False
    while j < stop:
        t = lines[j]
        if ACTIVITY_HEADER.match(t):
            page_break, header = True, j + 1
            j += 1
            continue
        if "\t" not in t:
            if t.strip():
                break
            # a blank line ends the table unless a repeated header follows
            k = j
            while k < stop and not lines[k].strip():
                k += 1
            if k < stop and ACTIVITY_HEADER.match(lines[k]):
                j = k
                continue
            break
        cells = t.split("\t")
        name, analysis = clean_cell(cells[0]), clean_cell("\t".join(cells[1:]))
        cur = out[-1] if out else None
        if cur is not None and not name and analysis:
            cur.analysis_parts.append((j + 1, analysis))
            cur.continued = cur.continued or page_break
        elif cur is not None and page_break and name[:1].islower() and not analysis:
            cur.name_parts.append((j + 1, name))
            cur.continued = True
        elif name or analysis:
            rec = ActivityRecord(header_line=header, layout="tsv")
            if name:
                rec.name_parts.append((j + 1, name))
            if analysis:
                rec.analysis_parts.append((j + 1, analysis))
            out.append(rec)
        page_break = False
        j += 1
    return out, j


# --- space-aligned ---------------------------------------------------------------

@dataclass(frozen=True)
class Widths:
    name: int       # widest name-column line
    analysis: int   # widest ordinary analysis line


def table_blocks(lines, i: int, stop: int) -> tuple[list[tuple[bool, list[tuple[int, str]]]], int]:
    """Blocks of non-blank lines after the header at index i, up to the line that ends the table.
    Each block carries whether a repeated header (page break) came right before it."""
    blocks: list[tuple[bool, list[tuple[int, str]]]] = []
    cur: list[tuple[int, str]] = []
    page_break = False
    j = i + 1
    while j < stop:
        t = lines[j]
        if ACTIVITY_HEADER.match(t):
            if cur:
                blocks.append((page_break, cur))
                cur = []
            page_break = True
        elif is_blank(t):
            if cur:
                blocks.append((page_break, cur))
                cur, page_break = [], False
        elif ends_table(t):
            break
        else:
            cur.append((j + 1, t.rstrip()))
        j += 1
    if cur:
        blocks.append((page_break, cur))
    return blocks, j


def estimate_widths(tables: list[list[tuple[bool, list[tuple[int, str]]]]]) -> Widths:
    """Column widths of one report's activity tables, from the lengths of their lines.
    Analysis: a high percentile of all lines (analysis lines dominate). Name: the widest
    line of first blocks that are clearly not glued."""
    lengths = sorted(len(t.strip()) for blocks in tables for _, b in blocks for _, t in b)
    if not lengths:
        return Widths(45, 80)
    wa = lengths[int(0.9 * (len(lengths) - 1))]
    names: list[int] = []
    for blocks in tables:
        if not blocks or blocks[0][0]:
            continue          # empty, or the first block continues a page
        for _, t in blocks[0][1]:
            if len(t.strip()) > 0.75 * wa:
                break         # glued, or the analysis follows without a blank line
            names.append(len(t.strip()))
    names.sort()
    if not names:
        wn = int(0.55 * wa)
    else:
        wn = names[int(0.95 * (len(names) - 1))] if len(names) >= 20 else names[-1]
    return Widths(min(wn, int(0.8 * wa)), wa)


def split_glued(text: str, w: Widths) -> tuple[str, str] | None:
    """Name and analysis of a line that holds both, or None when no split fits the columns."""
    s = text.strip()
    lead = _LEAD_PREFIX.match(s)
    skip = lead.end() if lead else 0
    cands: list[int] = []
    for m in _SENTENCE_SPLIT.finditer(s, skip):
        cands.append(m.end())
    sentence_ends = set(cands)
    for m in _TITLE_WORD.finditer(s, skip + 1):
        if m.start() > skip:
            cands.append(m.start())
    best = None
    for c in sorted(set(cands)):
        name, rest = s[:c].strip(), s[c:].strip()
        if not name or not rest or len(name) > w.name + 2:
            continue
        if len(rest) <= w.analysis + 2:
            # prefer a sentence end; else the first capitalised word that lets the rest fit
            if best is None or (c in sentence_ends and best not in sentence_ends):
                best = c
            if c in sentence_ends:
                break
    if best is None:
        return None
    return s[:best].strip(), s[best:].strip()


def _is_glued(first: str, w: Widths) -> bool:
    return len(first.strip()) > w.analysis + 3


def _start(block: list[tuple[int, str]], w: Widths, header: int) -> tuple[ActivityRecord, str]:
    rec = ActivityRecord(header_line=header, layout="aligned")
    line, first = block[0]
    if _is_glued(first, w):
        sp = split_glued(first, w)
        if sp:
            rec.glued = True
            rec.name_parts.append((line, sp[0]))
            rec.analysis_parts.append((line, sp[1]))
            rec.analysis_parts.extend(block[1:])
            return rec, "analysis"
    k = 0
    while k < len(block) and (k == 0 or len(block[k][1].strip()) <= w.name + 2):
        k += 1
    rec.name_parts.extend(block[:k])
    rec.analysis_parts.extend(block[k:])
    return rec, ("analysis" if rec.analysis_parts else "name")


def _looks_like_name(block: list[tuple[int, str]], prev: ActivityRecord, w: Widths) -> bool:
    first = block[0][1].strip()
    if _BULLET.match(block[0][1]) or not first[:1].isupper():
        return False
    if prev.analysis_parts and prev.analysis_parts[-1][1].rstrip().endswith((":", ",")):
        return False     # a list or a sentence continues
    if _is_glued(block[0][1], w):
        return True
    return all(len(t.strip()) <= w.name + 2 for _, t in block)


def parse_aligned_table(blocks: list[tuple[bool, list[tuple[int, str]]]], w: Widths, header: int,
                        prev: ActivityRecord | None = None) -> list[ActivityRecord]:
    """Activity records from the blocks of one table. `prev` is the last record of the previous
    table when this table continues it after a page break."""
    out: list[ActivityRecord] = []
    cur, state = prev, ("analysis" if prev is not None and prev.analysis_parts else "name")
    for page_break, block in blocks:
        first = block[0][1].strip()
        if cur is None:
            cur, state = _start(block, w, header)
            out.append(cur)
        elif page_break and (first[:1].islower() or _BULLET.match(block[0][1])):
            (cur.name_parts if state == "name" else cur.analysis_parts).extend(block)
            cur.continued = True
        elif state == "name":
            last = cur.name_parts[-1][1].strip() if cur.name_parts else ""
            if (first[:1].islower() and not last.endswith(".")
                    and all(len(t.strip()) <= w.name + 2 for _, t in block)):
                cur.name_parts.extend(block)
            else:
                cur.analysis_parts.extend(block)
                state = "analysis"
        elif _looks_like_name(block, cur, w):
            cur, state = _start(block, w, header)
            out.append(cur)
        else:
            cur.analysis_parts.extend(block)
    if out and out[-1] is not prev and not out[-1].analysis_parts and not out[-1].glued:
        out.pop()    # a short line after the last analysis with nothing under it is a heading, not an activity
    return out
