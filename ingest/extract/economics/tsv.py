"""Economic tables in tab-separated text (documents exported with real TABs)."""
from __future__ import annotations

import re

from ingest.extract.economics.lexicon import Lexicon
from ingest.extract.economics.model import EconRow, EconTable
from ingest.tables.aligned import Cell, _ACCOUNT, _VARAV, is_period
from ingest.tables.tsv import TsvBlock, clean_cell, tsv_blocks
from ingest.tables.vocabulary import header_words, role_of

_NUM = re.compile(r"^[+\-−–]?\s?\d{1,3}(?: \d{3})*(?:,\d+)?\s?%?$|^[+\-−–]?\d+(?:,\d+)?\s?%?$")
_NULL = {"u.s.", "-", "—", "–", "x"}


_CELL_NUMBER = re.compile(r"([+\-−–])?\s?(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?")


def parse_cell(text: str) -> Cell | None:
    """A printed cell as a Cell; None for text that is not a value."""
    s = text.strip()
    if not s:
        return None
    if s.lower() in _NULL:
        return Cell(s, None, "null")
    if not _NUM.match(s):
        return None
    pct = s.endswith("%")
    body = s.rstrip("%").strip()
    # own parse: ingest.values.parse_number reads a leading '1' as a sign ('13 380' -> 3380),
    # its sign class '[+-−–]' being a character range (reported, shared file left as is)
    m = _CELL_NUMBER.fullmatch(body)
    if not m:
        return None
    v = float(m.group(2).replace(" ", "") + ("." + m.group(3) if m.group(3) else ""))
    if m.group(1) and m.group(1) != "+":
        v = -v
    dec = len(m.group(3)) if m.group(3) else 0
    return Cell(s, v, "pct" if pct else "num", dec)


def _is_keyword(cell: str, lex: Lexicon) -> bool:
    w = cell.lower().split()
    return bool(w) and any(w[0].startswith(k) for k in lex.keywords)


def _header_ok(cells: list[str], lex: Lexicon) -> bool:
    rest = [c for c in cells[1:] if c]
    if not rest:
        return False
    kw = [c for c in rest if _is_keyword(c, lex)]
    return bool(kw) and all(_is_keyword(c, lex) or all(is_period(w) for w in c.split()) for c in rest)


def _title_above(lines, start: int) -> tuple[str | None, int | None]:
    for k in range(start - 1, max(0, start - 7), -1):
        s = lines[k - 1].strip()
        if not s or "\t" in lines[k - 1]:
            continue
        if len(s) <= 80:
            return s, k
    return None, None


def read_tsv_tables(lines, lex: Lexicon, start: int = 1, end: int | None = None) -> list[EconTable]:
    out = []
    for block in tsv_blocks(lines, start, end):
        t = _table(block, lines, lex)
        if t is not None and t.rows:
            out.extend(_split_on_titles(t, lex))
    return out


def _split_on_titles(t: EconTable, lex: Lexicon) -> list[EconTable]:
    """A block holding several statements under one header (a section row naming each
    statement, e.g. an income statement then key ratios) becomes one table per statement."""
    parts: list[EconTable] = []
    cur = t
    cur_rows: list[EconRow] = []
    seen = None
    for r in t.rows:
        if r.section_label and r.section_label != seen and lex.statement(r.section_label)[0]:
            seen = r.section_label
            if cur_rows:
                cur.rows = cur_rows
                parts.append(cur)
            cur = EconTable(t.encoding, r.line - 1, r.section_label, r.line - 1, t.header_text, t.stub, t.labels,
                            context=t.context + " " + r.section_label)
            cur_rows = []
        cur_rows.append(r)
    cur.rows = cur_rows
    parts.append(cur)
    return [p for p in parts if p.rows]


def _table(block: TsvBlock, lines, lex: Lexicon) -> EconTable | None:
    head = [clean_cell(c) for c in block.header.cells]
    title, title_line = _title_above(lines, block.line_start)
    if head and head[0] and lex.statement(head[0])[0]:
        title, title_line = head[0], block.line_start
    probe = " ".join(x for x in (title or "", head[0] if head else "") if x)
    if not (_header_ok(head, lex) or lex.statement(probe)[0]):
        return None
    rows = list(block.rows[1:])
    # a second header line: empty first cell, the others periods or lower-case words
    if rows:
        second = [clean_cell(c) for c in rows[0].cells]
        if not second[0] and all(not c or all(is_period(w) or w[:1].islower() for w in c.split()) for c in second[1:]) \
                and any(second[1:]):
            head = [(" ".join(x for x in (a, b) if x)) for a, b in
                    zip(head + [""] * (len(second) - len(head)), second + [""] * (len(head) - len(second)))]
            rows = rows[1:]
    ncols = len(head)
    labels = head[1:]
    notes = {j for j, h in enumerate(head) if j and header_words().is_note(h)}
    # an investment table names its object in a column of its own: that is the line item,
    # the first column (the organisational unit) and the kind of investment are detail
    obj = next((j for j, h in enumerate(head) if j and role_of(h) == "object"), None)
    t = EconTable("tsv", block.line_start, title, title_line, " | ".join(h for h in head if h), head[0], labels,
                  context=" ".join(x for x in (title or "", " ".join(head)) if x))
    section = None
    anynum = False
    for r in rows:
        cells = [clean_cell(c) for c in r.cells] + [""] * max(0, ncols - len(r.cells))
        label = cells[0]
        vals: list[Cell | None] = []
        texts: list[str] = []
        if obj is not None and cells[obj]:
            label, texts = cells[obj], [cells[0]] if cells[0] else []
        code = None
        for j, c in enumerate(cells[1:ncols], 1):
            if j == obj and label == c:
                vals.append(None)
                continue
            if j in notes:
                # a note number is a reference, never an amount
                if c:
                    texts.append(f"{head[j]} {c}")
                vals.append(None)
                continue
            pc = parse_cell(c)
            if pc is None and c:
                if _ACCOUNT.match(c):
                    code = c
                else:
                    texts.append(c)
            vals.append(pc)
        if not any(v is not None for v in vals):
            if label:
                section = label
            continue
        anynum = True
        sub = bool(_VARAV.match(label))
        t.rows.append(EconRow(r.line, label, r.line, vals, section, sub, code, " | ".join(texts) or None))
    return t if anynum else None
