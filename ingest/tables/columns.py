"""Space-aligned tables read by column position (`pdftotext -layout` text).

Where the older reader (ingest.tables.aligned) reads a row's numbers as a run of tokens
and solves the thousands split, this one reads the page as a grid: a cell is a run of
text between gaps of two or more ordinary spaces, and a cell belongs to the header column
it sits under. That is what lets it read

- header lines of any length, and headers over two or three lines, each part of a label
  joined to the column it is printed under (`Utfall` / `jan–aug 2023`);
- numbers grouped with U+00A0, U+202F or a single space, negatives with U+2212, an en dash
  or parentheses, explicit plus signs, and text cells (`Uppfylls ej`, `↑`, `Öka`);
- labels wrapped above their values (`Resultat i förhållande till skatter och` /
  `generella statsbidrag, %  2,0 ...`), below them (`Särskild kollektivtrafik och  18 600` /
  `sjukresor`), and records whose values are printed on the line after the name.

It knows layout only: which words make a header is passed in by the caller (seeds).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ingest.tables.aligned import Cell
from ingest.tables.body import TableBody
from ingest.tables.model import SUBITEM_LABEL, Column, Row, Table
from ingest.text.line_classes import classes_of
from ingest.values import is_period_text, parse_amount

# a cell: printed text between gaps of two or more ordinary spaces (U+00A0 and U+202F are
# part of a number, never a gap)
_CELL = re.compile(r"[^ ]+(?: [^ ]+)*")
_NULL_CELLS = {"-", "–", "—", "−", "u.s.", "x", ".."}
MAX_HEADER_LINES = 3
MAX_BLANK_RUN = 2          # a table ends after more blank lines than this
TITLE_LOOKBACK = 6


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str


def chunks(line: str) -> list[Chunk]:
    return [Chunk(m.start(), m.end(), m.group()) for m in _CELL.finditer(line.rstrip("\r\n"))]


def make_cell(text: str) -> Cell | None:
    """A printed value as the shared Cell; None for text that is not a value."""
    s = text.strip()
    if s.lower() in _NULL_CELLS:
        return Cell(s, None, "null")
    a = parse_amount(s)
    if a is None:
        return None
    return Cell(s, a.value, "pct" if a.percent else "num", a.decimals)


def _is_amount(text: str) -> bool:
    a = parse_amount(text)
    return a is not None and not is_period_text(text)


class HeaderWords:
    """Which printed words can head a column (seed vocabulary), and which of them name the
    column of note numbers or of periods (never amounts)."""

    def __init__(self, words: tuple[str, ...], note_words: tuple[str, ...] = ("not",),
                 period_words: tuple[str, ...] = ("period",), prefixes: tuple[str, ...] = ()):
        self.words = frozenset(w.lower() for w in words if w and " " not in w)
        self.phrases = tuple(w.lower() for w in words if " " in w)
        # words that also start a compound ('Förändr' -> 'Förändring', 'Budgetavvikelse')
        self.prefixes = tuple(sorted({w.lower() for w in prefixes if w}, key=len, reverse=True))
        self.note_words = note_words
        self.period_words = period_words

    def is_word(self, text: str) -> bool:
        s = text.lower().strip()
        first = s.split(None, 1)[0].strip("():,.") if s else ""
        return first in self.words or any(s.startswith(p) for p in self.phrases) \
            or any(first.startswith(p) for p in self.prefixes)

    def is_column_head(self, text: str) -> bool:
        return self.is_word(text) or is_period_text(text) or text.strip() == "%"

    def is_note(self, label: str) -> bool:
        return label.strip().lower().rstrip(".") in self.note_words

    def is_period(self, label: str) -> bool:
        return label.strip().lower() in self.period_words


def header_columns(line: str, words: HeaderWords) -> tuple[Chunk | None, list[Chunk]] | None:
    """(stub, column chunks) when the line can start a header: two or more chunks after an
    optional stub, each a header word or a period, at least one a header word."""
    # called for every line: a header has two cells, so a gap of two spaces somewhere
    if "  " not in line.strip() or "\t" in line or line.rstrip().endswith("."):
        return None
    cs = chunks(line)
    if len(cs) < 2:
        return None
    stub = None
    if cs[0].start < 8 and not words.is_column_head(cs[0].text):
        stub, cs = cs[0], cs[1:]
    # one column is enough under a stub when it is headed by a word ('Insatsområde  Beviljas, kr');
    # read_tables then asks for two rows of values under it
    if len(cs) < 2 and not (stub is not None and cs and words.is_word(cs[0].text)
                            and not any(ch.isdigit() for ch in stub.text)):
        return None   # (a stub with years in it is a header printed with single spaces)
    if not all(words.is_column_head(c.text) and not _is_amount(c.text) for c in cs):
        return None
    if not any(words.is_word(c.text) for c in cs):
        return None
    return stub, cs


def _continues_header(line: str, stub: Chunk | None, cols: list[Column], words: HeaderWords) -> bool:
    """A header line below the first: only column heads, periods and lower-case words, all
    printed right of the stub."""
    cs = chunks(line)
    if not cs or "\t" in line:
        return False
    left = stub.end if stub else 0
    if cs[0].start <= left or cs[0].start < min(c.start for c in cols) - 20:
        return False
    for c in cs:
        if _is_amount(c.text):
            return False
        if not (words.is_column_head(c.text) or c.text[:1].islower() or c.text.startswith("(")):
            return False
    return True


def _nearest(cols: list[Column], c: Chunk) -> int:
    """The column a printed chunk sits under: the largest overlap, else the nearest edge."""
    best, key = 0, None
    for j, col in enumerate(cols):
        overlap = min(col.end, c.end) - max(col.start, c.start)
        gap = max(0, col.start - c.end, c.start - col.end)
        k = (-overlap if overlap > 0 else 0, gap, abs(col.end - c.end))
        if key is None or k < key:
            best, key = j, k
    return best


def _place(cols: list[Column], cells: list[Chunk]) -> list[str | None]:
    out: list[str | None] = [None] * len(cols)
    for c in cells:
        j = _nearest(cols, c)
        if out[j] is None:
            out[j] = c.text
        elif j + 1 < len(cols) and out[j + 1] is None and c.start > cols[j].end:
            out[j + 1] = c.text
        else:
            out[j] = out[j] + " " + c.text
    return out


def _is_label(c: Chunk, first: bool, first_col: int) -> bool:
    """Left of the first column: the row label. A chunk reaching into the first column is a
    cell (a right-aligned period or value), unless it starts at the left margin as words."""
    if c.start >= first_col - 1:
        return False
    if c.end <= first_col + 1:
        return first or not _is_amount(c.text)
    return first and c.start <= 4 and not _is_amount(c.text) and not is_period_text(c.text)


def _values_follow(lines, n: int, end: int, first_col: int, skip) -> bool:
    while n <= end and skip(n):
        n += 1
    if n > end:
        return False
    cs = chunks(lines[n - 1])
    return bool(cs) and not _is_label(cs[0], True, first_col) and any(make_cell(c.text) is not None for c in cs)


def _is_prose(text: str) -> bool:
    s = text.strip()
    return s.endswith(".") and len(s.split()) > 4 or len(s) > 90


def title_above(lines, i: int, start: int) -> tuple[str | None, int | None, str]:
    """The nearest short line above the header (its title) and the text of the lines above
    up to it (a sentence there may state the unit: '... jämfört med budget, mnkr.')."""
    title = title_line = None
    ctx = []
    for k in range(i - 1, max(start, i - TITLE_LOOKBACK) - 1, -1):
        s = lines[k - 1].strip()
        if not s:
            continue
        if "\t" in lines[k - 1]:
            break
        ctx.append(s)
        if title is None and len(s) <= 60 and not s.endswith("."):
            title, title_line = s, k
            break
    return title, title_line, " ".join(reversed(ctx))


def read_tables(lines, words: HeaderWords, start: int = 1, end: int | None = None,
                skip: Callable[[int], bool] = lambda n: False) -> list[Table]:
    """Every column-aligned table between start and end (1-based, inclusive); `skip(n)` says
    which lines are page furniture (running headers, page numbers) to step over."""
    end = len(lines) if end is None else end
    out: list[Table] = []
    gapped = classes_of(lines).gapped   # header_columns' first test, classified once per document
    i = start
    while i <= end:
        if not gapped[i - 1] or skip(i) or header_columns(lines[i - 1], words) is None:
            i += 1
            continue
        t, nxt = _read(lines, i, end, words, skip, start)
        valued = [r for r in t.rows if any(c is not None and c.value is not None for c in r.cells)
                  and any(ch.isalpha() for ch in r.label)] if t else []
        if t is not None and len(t.columns) == 1 and len(valued) < 2:
            t = None
        if t is not None and any(r.cells and any(c is not None for c in r.cells) or any(r.texts) for r in t.rows):
            out.append(t)
            i = max(nxt, i + 1)
        else:
            i += 1
    return out


def _read(lines, i: int, end: int, words: HeaderWords, skip, start: int) -> tuple[Table | None, int]:
    stub, first = header_columns(lines[i - 1], words)
    cols = [Column(c.text, (i,), c.start, c.end) for c in first]
    k = i + 1
    while k <= end and k - i < MAX_HEADER_LINES and lines[k - 1].strip() \
            and _continues_header(lines[k - 1], stub, cols, words):
        for c in chunks(lines[k - 1]):
            col = cols[_nearest(cols, c)]
            col.label = f"{col.label} {c.text}"
            col.lines = col.lines + (k,)
            col.start, col.end = min(col.start, c.start), max(col.end, c.end)
        k += 1
    labels = [c.label for c in cols]
    title, title_line, ctx = title_above(lines, i, start)
    header_lines = [lines[n - 1].strip() for n in range(i, k)]
    t = Table("columns", i, title, title_line, " | ".join([stub.text if stub else ""] + labels),
              stub.text if stub else "", labels,
              context=" ".join(x for x in (ctx, stub.text if stub else "", " ".join(header_lines)) if x),
              columns=cols)
    first_col = min(c.start for c in cols)
    note_cols = {j for j, c in enumerate(cols) if words.is_note(c.label)}
    text_cols = {j for j, c in enumerate(cols) if words.is_period(c.label)}
    pending: list[tuple[int, str]] = []
    section: str | None = None
    last_row: Row | None = None
    body = TableBody(lines, k, end, skip, lambda ln: header_columns(ln, words) is not None, MAX_BLANK_RUN)
    for n, ln in body:
        cs = chunks(ln)
        label_cs = [c for c in cs if _is_label(c, c is cs[0], first_col)]
        # a label that runs on under the columns is prose, unless the values follow on the
        # next line with no label of their own (a name, then 'period  value  target')
        if label_cs and label_cs[-1].end > first_col + 2 and len(label_cs) == len(cs):
            if not _values_follow(lines, n + 1, end, first_col, skip):
                if t.rows or _is_prose(ln):
                    break
                continue
            label_cs, cs = cs, cs
        label = " ".join(c.text for c in label_cs)
        cells = [c for c in cs if c not in label_cs]
        if not cells:
            if _is_prose(label):
                break
            if (last_row is not None and body.blank == 0 and not pending
                    and (label[:1].islower() or last_row.label.rstrip().endswith((" och", ",", " i", " av", " för")))):
                last_row.label = f"{last_row.label} {label}"   # the label continues below its values
            else:
                if body.blank and pending:
                    section = " ".join(p for _, p in pending)
                    pending = []
                pending.append((n, label))
            body.blank = 0
            continue
        texts = _place(cols, cells)
        values: list[Cell | None] = []
        notes = []
        unread: list[str] = []
        for j, tx in enumerate(texts):
            if tx is None or j in text_cols:
                values.append(None)
            elif j in note_cols:
                notes.append(f"{cols[j].label} {tx}")
                values.append(None)
            else:
                values.append(make_cell(tx))
                if values[-1] is None:
                    unread.append(tx)
        label_line = n
        if not label and pending:
            label, label_line = " ".join(p for _, p in pending), pending[0][0]
            pending = []
        elif label[:1].islower() and pending:
            label, label_line = f"{pending[-1][1]} {label}", pending[-1][0]
            if len(pending) > 1:
                section = " ".join(p for _, p in pending[:-1])
            pending = []
        elif pending:
            section = " ".join(p for _, p in pending)
            pending = []
        label = " ".join(label.split())
        row = Row(n, label, label_line, values, section, bool(SUBITEM_LABEL.match(label)),
                  detail="; ".join(notes) or None, texts=texts,
                  split_note=("text in a value column: " + " | ".join(unread)) if unread else None)
        t.rows.append(row)
        last_row = row
        body.blank = 0
    t.end_line = body.n - 1
    return t, body.n
