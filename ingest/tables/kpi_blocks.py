"""Space-aligned KPI blocks (PDF text without TABs): a header naming the columns, then
records of a wrapped name, a value line and an analysis.

Layouts handled (see the inventories): the name wrapped over 1-7 lines, a value line
'<cell> <cell> [comment...]' where a leading space or a double space marks an empty cell,
cells wrapped over lines ('250' / 'recept/100' / '0 inv'), a text cell before a numeric one
('Öka jfm' / '2021' then '77 %'), name and values on one line ('Prisvärdhet 50 % 45 %'),
header lines repeated at page breaks, and a name tail printed after such a repeat.
The reader only knows layout; which header word means what is passed in as `roles`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ingest.text.page_furniture import COUNTER_LINE
from ingest.text.wrapping import join_broken_words

NAME_WIDTH = 34          # the name column is narrow; analysis lines are wider
CELL_FRAGMENT_WIDTH = 16  # a wrapped value cell ('recept/100', 'kr/km') is short

_NUM = r"(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?"
_UNIT = r"(?:%|[A-Za-zÅÄÖåäö²₂]+[\w²₂/\-.]*(?:/[\w²₂\-]+)*)"
_VALUE = re.compile(
    r"(?P<op>[<>≤≥]=?\s?)?(?P<sign>[+\-−–]\s?)?(?P<num>" + _NUM + r")(?:\s?(?P<unit>" + _UNIT + r"))?"
)
_AFTER_NUM = re.compile(r"(?![\d,])(?:\s?(?P<unit>" + _UNIT + r"))?")
_BOOL = re.compile(r"(?P<bool>Ja|Nej|—)(?=\s|$)")
_DOTTED_HEADING = re.compile(r"^\s?\d+(?:\.\d+)+ \S")
_SUMMARY_HEADER = re.compile(r"^\s*\d{4}-\d{2}-\d{2} \S+ \d{4}-\d{2}-\d{2}")


@dataclass
class AlignedRecord:
    header_line: int
    roles: tuple[str, ...]            # header roles in printed order
    name_lines: list[tuple[int, str]] = field(default_factory=list)
    value_line: int | None = None
    cells: list[str | None] = field(default_factory=list)   # value cells in header order
    comment_lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def value_roles(self) -> list[str]:
        return [r for r in self.roles if r in ("target", "result")]


def _unit_ok(unit: str | None) -> bool:
    if not unit:
        return True
    # a unit is not an ordinary lower-case word starting a sentence ('av', 'patienter')
    return unit == "%" or "/" in unit or unit.endswith("-") or unit.lower() in _UNITS or bool(re.search(r"\d|²|₂", unit))


_NAME_THEN_VALUES = re.compile(r"^\s*(?P<name>[^\d\s].*?[^\d\s,])(?P<gap>\s+)(?P<vals>[<>+\-−–]?\s?\d.*)$")
_UNIT_CHAR = re.compile(r"[%a-zA-Z]")     # a value read from a line's end carries a unit
_PREFIX_MARK = re.compile(r"[A-ZÅÄÖ]{1,5}")   # a 'VO  ' prefix line
_UNITS = {"tkr", "mnkr", "mkr", "kr", "st", "dagar", "kg", "ton", "procent", "kwh", "inv"}


def parse_value_line(line: str, ncols: int) -> tuple[list[str | None], str] | None:
    """'0 tkr 47 582 tkr Det positiva' -> (['0 tkr', '47 582 tkr'], 'Det positiva').

    A leading space empties the first cell, a double space the cell it stands for. When a
    run of digits can be split in several ways, the split that fills the expected cells
    wins; if that is still ambiguous the line is not read (None)."""
    raw = line.rstrip("\n")
    if not raw.strip():
        return None
    cells: list[str | None] = []
    pos = len(raw) - len(raw.lstrip(" "))
    if pos >= 1:
        cells.append(None)
    parses = _parse_from(raw, pos, cells, ncols)
    if not parses:
        return None
    full = [p for p in parses if len(p[0]) == ncols]
    best = full or parses
    best = [p for p in best if any(c is not None for c in p[0])]
    if not best:
        return None
    if len({tuple(p[0]) for p in best}) > 1:
        return None
    cells_out, rest = best[0]
    return list(cells_out) + [None] * (ncols - len(cells_out)), rest


def _parse_from(raw: str, pos: int, cells: list[str | None], ncols: int) -> list[tuple[list[str | None], str]]:
    out: list[tuple[list[str | None], str]] = []
    rest = raw[pos:].lstrip()
    if cells and any(c is not None for c in cells) and (not rest or not rest[0].isdigit() and not rest[0] in "+-−<>—"):
        if not rest.strip() or rest[0].isupper() or not rest[0].isalpha():
            out.append((cells, rest if rest.strip() else ""))
    if len(cells) >= ncols:
        return out
    seg = raw[pos:]
    m_bool = _BOOL.match(seg)
    if m_bool:
        nxt = pos + m_bool.end()
        out += _after_cell(raw, nxt, cells + [m_bool.group(0)], ncols)
        return out
    # every way of reading a number here: thousands groups may or may not continue
    for m in _candidates(seg):
        unit = m.group("unit")
        if not _unit_ok(unit):
            text = seg[: m.start("unit")].rstrip() if unit else m.group(0)
            nxt = pos + len(text)
        else:
            text = m.group(0)
            nxt = pos + m.end()
        if nxt < len(raw) and raw[nxt] not in " ":
            continue
        out += _after_cell(raw, nxt, cells + [text.strip()], ncols)
    return out


def _after_cell(raw: str, nxt: int, cells: list[str | None], ncols: int) -> list[tuple[list[str | None], str]]:
    # two or more spaces after a cell: the next cell is empty
    gap = len(raw[nxt:]) - len(raw[nxt:].lstrip(" "))
    if gap >= 2 and nxt + gap < len(raw) and len(cells) < ncols:
        return _parse_from(raw, nxt + gap, cells + [None], ncols) + _parse_from(raw, nxt + gap, cells, ncols)
    return _parse_from(raw, nxt + gap, cells, ncols)


def _candidates(seg: str) -> list[re.Match[str]]:
    """Matches of a value at the start of `seg` with 0, 1, 2 ... thousands groups."""
    out = []
    m = _VALUE.match(seg)
    if not m:
        return out
    groups = m.group("num").split(" ")
    head_end = m.start("num")
    for k in range(1, len(groups) + 1):
        num = " ".join(groups[:k])
        if k < len(groups) and "," in groups[k - 1]:
            break
        if k > 1 and groups[0].startswith("0") and groups[0] != "0":
            break
        # the literal prefix seg[:head_end] + num is already known to be there; only the
        # optional unit after it needs a match (one compiled pattern, not one per call)
        mm = _AFTER_NUM.match(seg, head_end + len(num))
        if mm:
            mm2 = _VALUE.match(seg[: mm.end()])
            if mm2:
                out.append(mm2)
    return out


def trailing_values(line: str, ncols: int) -> tuple[str, list[str | None]] | None:
    """'Prisvärdhet 50 % 45 %' -> ('Prisvärdhet', ['50 %', '45 %']); ' Prognos  8 500 tkr'
    -> ('Prognos', [None, '8 500 tkr']). Every value read this way must carry a unit."""
    raw = line.rstrip()
    m = _NAME_THEN_VALUES.match(raw)
    if not m:
        return None
    wide = len(m.group("gap")) >= 2
    parsed = None
    for vals in ((" " + m.group("vals"), m.group("vals")) if wide else (m.group("vals"),)):
        cand = parse_value_line(vals, ncols)
        if cand and not cand[1].strip() and all(c is None or _UNIT_CHAR.search(c) for c in cand[0]):
            parsed = cand
            break
    if not parsed:
        return None
    cells = parsed[0]
    if not all(c is None or _UNIT_CHAR.search(c) for c in cells):
        return None
    if None in cells and not wide:
        return None   # one value without the wide gap that marks an empty cell: prose
    return m.group("name").strip(), cells


@dataclass
class _Para:
    lines: list[tuple[int, str]]
    after: str                 # what precedes it: 'blank', 'marker', 'header', 'marker_after_blank', 'start'
    seps: tuple[str, ...] = ()  # the separator lines before it, in order

    @property
    def indented(self) -> bool:
        """First line indented by two or more spaces (a record's first line in some layouts)."""
        return self.first.startswith("  ") and not self.first.startswith("   ")

    @property
    def first(self) -> str:
        return self.lines[0][1]

    @property
    def narrow(self) -> bool:
        return all(len(t.strip()) <= NAME_WIDTH for _, t in self.lines)


def read_kpi_block(lines: tuple[str, ...] | list[str], header_line: int, end: int,
                   roles: tuple[str, ...], is_header: Callable[[str], bool],
                   is_stop: Callable[[str], bool]) -> tuple[list[AlignedRecord], int]:
    """Records of the block whose header is at `header_line` (1-based); stops at a stop line,
    a dotted heading, a count-table header or `end`. Returns the records and the last line read."""
    ncols = sum(r in ("target", "result") for r in roles)
    paras: list[_Para] = []
    cur: list[tuple[int, str]] = []
    seps: list[str] = []
    n = header_line + 1
    last = header_line
    while n <= end:
        text = lines[n - 1]
        if is_stop(text) or _DOTTED_HEADING.match(text) or _SUMMARY_HEADER.match(text):
            break
        last = n
        stripped = text.strip()
        if is_header(text):
            sep = "header"
        elif text == "" or COUNTER_LINE.fullmatch(stripped):
            sep = "blank"
        elif not stripped or (_PREFIX_MARK.fullmatch(stripped) and text.endswith("  ")):
            sep = "marker"   # a whitespace-only line (a lost icon) or a 'VO  ' prefix line
        else:
            sep = None
        if sep is None:
            if not cur:
                paras_after = (_after(seps), tuple(seps))
                seps = []
            cur.append((n, text))
        else:
            if cur:
                paras.append(_Para(cur, *paras_after))
                cur = []
            seps.append(sep)
        n += 1
    if cur:
        paras.append(_Para(cur, *paras_after))
    return _records(paras, header_line, roles, ncols), last


def _after(seps: list[str]) -> str:
    """How a paragraph is introduced: a repeated header wins; a marker line right after a
    blank line opens a record (the layout where blocks are blank-separated); otherwise the last separator."""
    if not seps:
        return "start"
    if "header" in seps:
        return "header"
    if seps[-1] == "marker" and len(seps) >= 2 and seps[-2] == "blank":
        return "marker_after_blank"
    return seps[-1]


def _value_para(p: _Para, ncols: int) -> tuple[list[str | None], str] | None:
    return parse_value_line(p.first, ncols)


def _is_cell_fragment(p: _Para) -> bool:
    return len(p.lines) <= 6 and all(len(t.strip()) <= CELL_FRAGMENT_WIDTH for _, t in p.lines)


def _records(paras: list[_Para], header_line: int, roles: tuple[str, ...], ncols: int) -> list[AlignedRecord]:
    out: list[AlignedRecord] = []
    rec: AlignedRecord | None = None
    i = 0

    def starts_record(j: int) -> bool:
        p = paras[j]
        if p.after == "marker_after_blank":
            return True
        if not p.narrow:
            return False
        if p.indented and not _value_para(p, ncols):
            return True
        return values_follow(j)

    def values_follow(j: int) -> bool:
        """The next paragraph (or the one after a short text cell) holds values."""
        k = j + 1
        if k < len(paras) and _value_para(paras[k], ncols):
            return True
        if k + 1 < len(paras) and _is_cell_fragment(paras[k]) and not _value_para(paras[k], ncols) \
                and _value_para(paras[k + 1], ncols):
            return True
        return False

    while i < len(paras):
        p = paras[i]
        tv = trailing_values(p.first, ncols) if len(p.lines) == 1 else None
        if tv and (rec is None or rec.value_line is not None):
            name, cells = tv
            rec = AlignedRecord(header_line, roles, [(p.lines[0][0], name)], p.lines[0][0], cells)
            rec.comment_lines += p.lines[1:]
            out.append(rec)
            i += 1
            continue
        if rec is not None and rec.value_line is not None and p.after == "header" and p.narrow \
                and (p.first.strip()[:1].islower() or p.first.strip().startswith("(")):
            rec.name_lines += p.lines   # the name continues after a page break
            i += 1
            continue
        if rec is None or rec.value_line is not None:
            if rec is None or starts_record(i):
                if _value_para(p, ncols) and rec is None:
                    i += 1          # values without a name: nothing to attach them to
                    continue
                rec = AlignedRecord(header_line, roles, list(p.lines))
                out.append(rec)
            else:
                rec.comment_lines += p.lines
            i += 1
            continue
        # a name is open and waits for its values
        vp = _value_para(p, ncols)
        if vp is None and p.indented and "marker" in p.seps and not values_follow(i):
            # '  Uppföljning av ...': both cells empty, the comment starts at once
            rec.value_line = p.lines[0][0]
            rec.cells = [None] * ncols
            rec.comment_lines += p.lines
            i += 1
            continue
        if vp is None and len(rec.name_lines) == 1 and rec.name_lines[0][1].startswith(" ") and p.narrow:
            rec.name_lines += p.lines   # ' Andel' / blank / 'heltidsanställda': one name
            i += 1
            continue
        if vp is None and _is_cell_fragment(p) and i + 1 < len(paras) and _value_para(paras[i + 1], ncols):
            # a text cell before the numeric one ('Öka jfm' / '2021' then '77 %')
            from_text = _joined(p.lines)
            nxt = paras[i + 1]
            cells2, rest2 = _value_para(nxt, 1) or ([None], "")
            rec.value_line = p.lines[0][0]
            rec.cells = [from_text] + cells2[:1] + [None] * max(0, ncols - 2)
            _extend_cell(rec, 1, nxt)
            if rest2:
                rec.comment_lines.append((nxt.lines[0][0], rest2))
            i += 2
            continue
        if vp is None:
            if starts_record(i) or p.after == "header":
                rec.name_lines += p.lines if p.after == "header" else []
                if p.after != "header":
                    rec = AlignedRecord(header_line, roles, list(p.lines))
                    out.append(rec)
            else:
                rec.comment_lines += p.lines   # no values for this name
                rec.value_line = -1
            i += 1
            continue
        cells, rest = vp
        rec.value_line = p.lines[0][0]
        rec.cells = cells
        filled = [c for c in cells if c is not None]
        if not rest and len(filled) < ncols and cells[0] is not None and _is_cell_fragment(p):
            # wrapped cells: '250' / 'recept/100' / '0 inv', then the next cell
            _extend_cell(rec, 0, p)
            if i + 1 < len(paras) and _is_cell_fragment(paras[i + 1]) and _value_para(paras[i + 1], 1):
                nxt = paras[i + 1]
                rec.cells = [rec.cells[0], _value_para(nxt, 1)[0][0]] + [None] * max(0, ncols - 2)
                _extend_cell(rec, 1, nxt)
                i += 1
        elif not rest and len(filled) == 1 and cells[-1] is not None and _is_cell_fragment(p):
            _extend_cell(rec, len(cells) - 1, p)
        else:
            if rest:
                rec.comment_lines.append((p.lines[0][0], rest))
            rec.comment_lines += p.lines[1:]
        i += 1
    for r in out:
        if r.value_line == -1:
            r.value_line = None
    return out


def _joined(lines: list[tuple[int, str]]) -> str:
    """Lines of a wrapped cell, by the trailing-space rule."""
    return join_broken_words([t for _, t in lines])


def _extend_cell(rec: AlignedRecord, idx: int, p: _Para) -> None:
    """Append the paragraph's further lines to a wrapped cell, keeping mid-word breaks."""
    if idx >= len(rec.cells) or rec.cells[idx] is None:
        return
    text = rec.cells[idx]
    first = p.lines[0][1]
    broken = not first.endswith(" ")
    for _, t in p.lines[1:]:
        piece = t.strip()
        text = text + ("" if broken else " ") + piece
        broken = not t.endswith(" ")
    rec.cells[idx] = text
