"""Tables whose rows print their values over several lines: a label line holding none, some
or all of the row's values, then lines holding only values, often with blank lines between.
Application forms exported to text print project budgets this way:

    Kostnadsslag  2023  2024  2025  2026-04  Totalt
    Externa tjänster: 3 645 000 5 185 000
    (blank)
    3 970 000
    (blank)
     12 800 000

A row's values are every value printed from its label line up to the next label line; a
line break always ends a number (it is never a thousands gap). The values then go to the
columns in printed order. When fewer values than columns are printed, the layout says where
they belong only in two cases, and otherwise the positions are recorded as unknown:
- the last value is the row total of the `Totalt` column (it equals the sum of the others):
  the others are the first periods;
- exactly one value per period column and no total (co-financier rows print no total).

The reader knows layout only; which words head a column comes from the caller (seeds). It
returns a table only when at least one row has its values on two or more lines, the layout
the other readers cannot read: tables printed one row per line stay theirs.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Callable

from ingest.tables.aligned import Cell, Token, _Splits, _prior, _spread, value_tokens
from ingest.tables.body import TableBody
from ingest.tables.columns import HeaderWords, title_above
from ingest.tables.model import SUBITEM_LABEL, Column, Row, Table
from ingest.text.line_classes import classes_of
from ingest.values import is_period_text

ENCODING = "values_below"
MAX_BLANK_RUN = 6        # blank lines inside the table (sections are set apart by a few)
MAX_PENDING = 6          # label lines without values before the table is taken to have ended
PART_GAP = 4             # blank lines before a label that start a new part under the same header
_HARD_GAP = 99           # gap given to the first value of a line: a line break ends a number
_TOTAL_COLUMN = re.compile(r"^(?:totalt|summa|total)\b", re.I)
# a header prints two periods, and every period printed as one word holds a year: most lines
# are settled by this before they are split into words
_TWO_YEARS = re.compile(r"(?:19|20)\d\d\b.*\b(?:19|20)\d\d")


@dataclass(frozen=True)
class LineCell(Cell):
    """A cell that knows the line it is printed on (values of one row sit on several)."""
    line: int = 0


@dataclass
class _Pending:
    line: int
    text: str


@dataclass
class _Row:
    label: str
    label_line: int
    section: str | None
    groups: list[tuple[int, list[Token]]] = field(default_factory=list)   # (line, tokens)
    part: int = 0


def header(line: str, words: HeaderWords) -> tuple[str, list[str]] | None:
    """(stub, column labels) of a header line: a stub, then only periods and column words,
    at least two of them periods ('Kostnadsslag 2023 2024 2025       Totalt')."""
    # two years are two places where '19' or '20' starts (neither overlaps itself or the
    # other): counted before the backtracking search
    if "\t" in line or line.count("20") + line.count("19") < 2 or line.rstrip().endswith(".") \
            or not _TWO_YEARS.search(line):
        return None
    toks = line.split()
    heads = [is_period_text(t) or words.is_word(t) for t in toks]
    i = 0
    while i < len(toks) and not heads[i]:
        i += 1
    if i == 0 or i == len(toks) or not all(heads[i:]):
        return None
    cols = toks[i:]
    if sum(is_period_text(c) for c in cols) < 2:
        return None
    labels: list[str] = []
    for c in cols:
        # a period right after a column word belongs to it ('Budget 2024')
        if labels and is_period_text(c) and not is_period_text(labels[-1]) and not _TOTAL_COLUMN.match(labels[-1]):
            labels[-1] = f"{labels[-1]} {c}"
        else:
            labels.append(c)
    return " ".join(toks[:i]), labels


def _joins_next(prev: str, nxt: str) -> bool:
    """Consecutive label lines of one row: the first breaks off (':' ',' '-' '/' '(') or the
    next goes on in lower case ('Fakturering av' / 'projektdeltagare')."""
    return prev.rstrip().endswith((":", ",", "-", "/", "(")) or nxt.lstrip()[:1].islower()


def _is_prose(text: str) -> bool:
    s = text.strip()
    return len(s) > 90 or (s.endswith(".") and len(s.split()) > 4)


def read_values_below(lines, words: HeaderWords, start: int = 1, end: int | None = None,
                      skip: Callable[[int], bool] = lambda n: False) -> list[Table]:
    end = len(lines) if end is None else end
    out: list[Table] = []
    c = classes_of(lines)   # header()'s first tests (no tab, digits for two years), once per document
    tabbed, has_digit = c.tabbed, c.has_digit
    i = start
    while i <= end:
        h = None if tabbed[i - 1] or not has_digit[i - 1] or skip(i) else header(lines[i - 1], words)
        if h is None:
            i += 1
            continue
        tables, nxt = _read(lines, i, end, h, words, skip, start)
        out += tables
        i = max(nxt, i + 1)
    return out


def _read(lines, i: int, end: int, h: tuple[str, list[str]], words: HeaderWords, skip, start: int):
    stub, labels = h
    rows: list[_Row] = []
    pending: list[_Pending] = []
    section: str | None = None
    cur: _Row | None = None
    part = 0
    part_titles: dict[int, str] = {}
    body = TableBody(lines, i + 1, end, skip, lambda ln: header(ln, words) is not None, MAX_BLANK_RUN)
    last = i

    def settle_pending() -> None:
        """Label lines without values, followed by another label: headings (section) or an
        empty 'Kostnadsslag:' row (dropped)."""
        nonlocal pending, section
        if pending:
            s = " ".join(p.text for p in pending)
            if not s.rstrip().endswith(":"):
                section = s
        pending = []

    for n, ln in body:
        label, toks, _ = value_tokens(ln)
        label = label.strip()
        if label and _is_prose(label):
            break
        if label:
            if body.blank >= PART_GAP and rows and rows[-1].part == part:
                # a part set apart by blank lines (costs, then financing): its totals
                # never take the rows of the part above
                part += 1
                part_titles[part] = label
            if pending and (body.blank or not _joins_next(pending[-1].text, label)):
                settle_pending()
            if not toks:
                cur = None
                pending.append(_Pending(n, label))
                if len(pending) > MAX_PENDING:
                    break
            else:
                text = " ".join([p.text for p in pending] + [label])
                first = pending[0].line if pending else n
                pending = []
                cur = _Row(" ".join(text.split()), first, section, [(n, toks)], part)
                rows.append(cur)
        elif toks:
            if cur is not None and _fits(cur, toks, len(labels)):
                cur.groups.append((n, toks))
            elif pending:
                text = " ".join(p.text for p in pending)
                cur = _Row(" ".join(text.split()), pending[0].line, section, [(n, toks)], part)
                pending = []
                rows.append(cur)
            else:
                break
        last = n
        body.blank = 0
    if not any(len(r.groups) >= 2 for r in rows):
        return [], i + 1
    title, title_line, ctx = title_above(lines, i, start)
    header_line = lines[i - 1].strip()
    total_col = len(labels) - 1 if len(labels) > 2 and _TOTAL_COLUMN.match(labels[-1]) else None
    out: list[Table] = []
    for p in sorted({r.part for r in rows}):
        mine = [r for r in rows if r.part == p]
        # a later part is its own table under the same header, titled by its first heading
        first = i if p == 0 else mine[0].label_line
        ptitle, ptitle_line = (title, title_line) if p == 0 else (part_titles.get(p, title), None)
        t = Table(ENCODING, first, ptitle, ptitle_line, " | ".join([stub] + labels), stub, labels,
                  context=" ".join(x for x in (ctx, header_line) if x),
                  columns=[Column(l, (i,)) for l in labels])
        for r in mine:
            cells, known, note = solve(r.groups, len(labels), total_col)
            lab = r.label[:-1].rstrip() if r.label.endswith(":") else r.label
            t.rows.append(Row(r.groups[0][0], lab, r.label_line, cells, r.section,
                              bool(SUBITEM_LABEL.match(lab)), split_note=note, positions_known=known,
                              texts=[c.text if c is not None else None for c in cells]))
        t.end_line = max((c.line for r in t.rows for c in r.cells if c is not None), default=mine[-1].groups[-1][0])
        out.append(t)
    return out, last + 1


def _tokens(groups: list[tuple[int, list[Token]]]) -> tuple[list[Token], list[int]]:
    """The row's tokens in printed order and the line of each; the first token of every
    line gets a gap no number spans."""
    toks: list[Token] = []
    at: list[int] = []
    for line, g in groups:
        for k, tk in enumerate(g):
            toks.append(dataclasses.replace(tk, gap=_HARD_GAP) if k == 0 else tk)
            at.append(line)
    return toks, at


def _fits(row: _Row, more: list[Token], ncols: int) -> bool:
    toks, _ = _tokens(row.groups + [(0, more)])
    counts = _Splits(toks).counts[0]
    return bool(counts) and min(counts) <= ncols


def _joinable_break(a: Token, b: Token) -> bool:
    """A cell boundary where the two tokens could also have been one number."""
    return (a.kind == "num" and a.decimals is None and b.kind in ("num", "pct") and not b.sign
            and len(b.digits) == 3 and b.gap == 1)


def _placements(cells: tuple[Cell, ...], n: int, total_col: int | None):
    """(cells per column, positions known, evidence score): see the module docstring."""
    k = len(cells)
    periods = n - 1 if total_col is not None else n

    def total_ok(vals: tuple[Cell, ...]) -> bool | None:
        parts = [c.value for c in vals[:-1] if c.value is not None]
        tot = vals[-1].value
        if len(parts) < 2 or tot is None:
            return None
        dec = max(c.decimals for c in vals)
        return abs(sum(parts) - tot) <= 10 ** -dec * len(parts) + 1e-9

    if k == n:
        ok = total_ok(cells) if total_col is not None else None
        yield cells, True, {True: -2.0, False: 3.0, None: 0.0}[ok]
        return
    if total_col is not None and k >= 3 and total_ok(cells):
        placed = list(cells[:-1]) + [None] * (n - k) + [cells[-1]]
        yield tuple(placed), True, -2.0
        return
    if k == periods:
        # one value per period and no total printed (co-financier rows)
        yield tuple(list(cells) + [None] * (n - k)), True, 0.0
        return
    yield tuple(list(cells) + [None] * (n - k)), False, 2.5 * (n - k)


def solve(groups: list[tuple[int, list[Token]]], n: int, total_col: int | None):
    """Cells of one row from its value lines: the most consistent reading of the tokens as
    k <= n numbers, placed by `_placements`. Returns (cells, positions known, note)."""
    toks, at = _tokens(groups)
    splits = _Splits(toks)
    best = None
    tied = 0
    for k in range(1, n + 1):
        for cand in splits.of(k):
            # where each cell starts, for the cost of breaks that could have been joins
            starts, pos = [], 0
            for c in cand:
                starts.append(pos)
                pos += c.ntok
            cost = _prior(toks, cand) + sum(1.0 for s in starts[1:] if _joinable_break(toks[s - 1], toks[s]))
            lined = tuple(LineCell(c.text, c.value, c.kind, c.decimals, c.ntok, at[s]) for c, s in zip(cand, starts))
            for placed, known, ev in _placements(lined, n, total_col):
                # magnitude balance settles what the printing habits leave open
                score = cost + ev + 0.5 * _spread(placed)
                if best is None or score < best[0] - 1e-9:
                    best, tied = (score, placed, known), 0
                elif abs(score - best[0]) < 1e-9:
                    tied += 1
    if best is None:
        return [None] * n, False, "no reading of the values fits the columns"
    _, placed, known = best
    notes = []
    if not known:
        notes.append(f"{sum(c is None for c in placed)} value(s) missing; column positions unknown")
    if tied:
        notes.append(f"{tied + 1} readings equally consistent; kept the first")
    return list(placed), known, "; ".join(notes) or None
