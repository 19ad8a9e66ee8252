"""Space-aligned tables from PDF text: header, column labels, rows, and the thousands split.

In PDF-extracted text a row such as `Verksamhetens resultat  882 1 003 448 490 756` uses one
ASCII space both between columns and as the thousands separator. This module:

- tokenises the value area at the right end of a row (`value_tokens`);
- enumerates every valid reading of the tokens as `n` cells (`split_candidates`), where a
  cell is one token or a first group of 1-3 digits followed by 3-digit groups, each after a
  single space; a wide gap, a sign, a decimal comma or a percent sign closes a number;
- scores readings with row evidence (percent-change columns, a row-total column, the
  "a small leading group before a 3-digit group is a thousands group" habit, magnitude
  balance) and resolves what stays open with the table's own totals (`solve_table`);
- finds tables: a header (also split over many lines, or interleaved over two lines), its
  column labels, then rows whose labels may wrap and whose values may sit on a later line,
  continuing over page breaks with repeated headers (`find_tables`).

Vocabulary (which words start a column label) is passed in by the caller, so the reader
itself holds no document wording.
"""
from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.text.line_classes import classes_of

MINUS = "-−–"
_VALUE_WORD = re.compile(r"^(?:[+\-−–]?\d+(?:,\d+)?%?|%|u\.s\.|[-—–])$")
_TOKEN = re.compile(r"(?P<sign>[+\-−–])?(?P<int>\d+)(?:,(?P<dec>\d+))?(?P<pct>%)?$")
_NULL_WORDS = {"u.s.", "-", "—", "–"}
_PERIOD = re.compile(
    r"^(?:(?:19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?-?|(?:19|20)\d{2}T\d|T\d|\d:(?:19|20)\d{2}|\d|(?:19|20)\d{2}-(?:19|20)\d{2})$",
    re.I)
_CONNECTORS = {"mot", "i", "av", "för", "med", "jämfört", "och"}
_ACCOUNT = re.compile(r"^\d{1,3}x{1,3}(?:-\d{1,3}x{1,3})?$", re.I)


# --------------------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Token:
    text: str
    kind: str            # 'num', 'pct' or 'null' (u.s., a dash)
    sign: str = ""
    digits: str = ""
    decimals: str | None = None
    gap: int = 1         # spaces before the token (0 for the first token of a cell text)


@dataclass(frozen=True)
class Cell:
    text: str            # as printed, e.g. '3 281 %'
    value: float | None  # None for u.s. / dash
    kind: str            # 'num', 'pct', 'null'
    decimals: int = 0
    ntok: int = 1        # how many printed tokens the cell spans


def make_token(word: str, gap: int = 1) -> Token | None:
    if word in _NULL_WORDS:
        return Token(word, "null", gap=gap)
    if word == "%":
        return None
    m = _TOKEN.match(word)
    if not m:
        return None
    sign = m.group("sign") or ""
    return Token(word, "pct" if m.group("pct") else "num", "-" if sign in MINUS and sign else sign,
                 m.group("int"), m.group("dec"), gap)


def value_tokens(text: str) -> tuple[str, list[Token], int]:
    """Split a printed row into (label, value tokens, start column of the values).

    Walks from the right while words look like values; a lone '%' is glued to the number
    before it ('3 281 %'). Gaps are the number of spaces before each token.
    """
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    i = len(words)
    while i > 0 and _VALUE_WORD.match(words[i - 1][1]):
        i -= 1
    # a leading lone dash right after the label is a bullet/"- Varav" marker when the label is empty
    vals = words[i:]
    toks: list[Token] = []
    prev_end = None
    for pos, w in vals:
        gap = 0 if prev_end is None else pos - prev_end
        prev_end = pos + len(w)
        if w == "%":
            if toks and toks[-1].kind == "num":
                t = toks[-1]
                toks[-1] = Token(t.text + " %", "pct", t.sign, t.digits, t.decimals, t.gap)
            continue
        t = make_token(w, gap)
        if t is not None:
            toks.append(t)
    label = text[: words[i][0]].rstrip() if i < len(words) else text.rstrip()
    if i == len(words):
        return label, [], len(text)
    return label, toks, words[i][0]


def _joinable(toks: list[Token]) -> bool:
    first = toks[0]
    if first.kind != "num" or first.decimals is not None:
        return len(toks) == 1
    if len(first.digits) > 1 and first.digits.startswith("0"):
        return False      # '003' is never a number on its own: it is a thousands group
    if len(toks) == 1:
        return True
    if len(first.digits) > 3 or first.digits.startswith("0"):
        return False
    for prev, t in zip(toks, toks[1:]):
        if prev.kind != "num" or prev.decimals is not None:
            return False
        if t.kind == "null" or t.sign or len(t.digits) != 3 or t.gap != 1:
            return False
    return True


def make_cell(toks: list[Token]) -> Cell:
    first, last = toks[0], toks[-1]
    if first.kind == "null":
        return Cell(first.text, None, "null", 0, 1)
    digits = "".join(t.digits for t in toks)
    dec = last.decimals
    v = float(digits + ("." + dec if dec else ""))
    if first.sign == "-":
        v = -v
    text = " ".join(t.text for t in toks)
    return Cell(text, v, last.kind, len(dec) if dec else 0, len(toks))


def split_candidates(tokens: list[Token], n: int, max_groups: int = 5) -> list[tuple[Cell, ...]]:
    """Every reading of `tokens` as exactly `n` cells (no empty cells)."""
    return _Splits(tokens, max_groups).of(n)


class _Splits:
    """The readings of one row's tokens, for any number of cells (a row is read as n, n-1 ...
    cells): which runs of tokens can form a cell, and how many cells each rest can make,
    worked out once per row instead of once per branch of the search."""

    def __init__(self, tokens: list[Token], max_groups: int = 5) -> None:
        self.tokens = tokens
        m = len(tokens)
        # runs[i]: [k, cell or None until first used] for k = 1, 2 ... up to the first
        # run starting at token i that cannot join
        self.runs: list[list[list]] = []
        for i in range(m):
            r: list[list] = []
            for k in range(1, min(max_groups, m - i) + 1):
                if not _joinable(tokens[i:i + k]):
                    break
                r.append([k, None])
            self.runs.append(r)
        # counts[i]: how many cells tokens[i:] can be read as; branches that cannot end in
        # exactly n cells are cut instead of explored (same readings, same order)
        counts: list[set[int]] = [set() for _ in range(m)] + [{0}]
        for i in range(m - 1, -1, -1):
            counts[i] = {c + 1 for k, _ in self.runs[i] for c in counts[i + k]}
        self.counts = counts

    def of(self, n: int) -> list[tuple[Cell, ...]]:
        out: list[tuple[Cell, ...]] = []
        if n <= 0 or n not in self.counts[0]:
            return out
        runs, counts, tokens = self.runs, self.counts, self.tokens

        def rec(i: int, acc: list[Cell]) -> None:
            left = n - len(acc)
            if left == 0:
                out.append(tuple(acc))
                return
            for entry in runs[i]:
                k = entry[0]
                if left - 1 in counts[i + k]:
                    cell = entry[1]
                    if cell is None:
                        cell = entry[1] = make_cell(tokens[i:i + k])
                    acc.append(cell)
                    rec(i + k, acc)
                    acc.pop()

        rec(0, [])
        return out


# --------------------------------------------------------------------------- row solving

@dataclass
class ColumnSpec:
    label: str | None
    is_pct: bool = False                   # a percent-change column
    change_of: tuple[int, int] | None = None  # (a, b): value = a / b - 1 (or a - b for shares)
    is_row_total: bool = False             # value = sum of the other money columns
    often_empty: bool = False              # e.g. a deviation column, empty for gross items


@dataclass
class RowReading:
    cells: tuple[Cell | None, ...]         # one per column, None = empty cell
    score: float
    positions_known: bool = True


@dataclass
class RowSolution:
    cells: tuple[Cell | None, ...] | None  # None when no reading fits
    candidates: list[RowReading]
    ambiguous: bool = False
    note: str | None = None
    positions_known: bool = True


def _log(v: float | None) -> float | None:
    if v is None or v == 0:
        return None
    return math.log10(abs(v))


def _prior(tokens: list[Token], cells: tuple[Cell | None, ...]) -> float:
    """Penalty for readings that contradict printing habits."""
    pen = 0.0
    # a 1-2 digit token followed (single space) by an unsigned 3-digit token is a thousands group
    joined_starts = set()
    pos = 0
    for c in cells:
        joined_starts.add(pos)
        pos += c.ntok
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if (a.kind == "num" and a.decimals is None and len(a.digits) < 3 and not a.digits.startswith("0")
                and b.kind in ("num", "pct") and not b.sign and len(b.digits) == 3 and b.gap == 1
                and (i + 1) in joined_starts):
            pen += 2.0
    # an integer among decimal numbers is a split-off thousands group
    nums = [c for c in cells if c.kind == "num"]
    if sum(1 for c in nums if c.decimals) >= 2:
        pen += 1.0 * sum(1 for c in nums if not c.decimals)
    return pen


def _spread(cells: tuple[Cell | None, ...]) -> float:
    logs = [_log(c.value) for c in cells if c is not None and c.kind == "num"]
    logs = [x for x in logs if x is not None]
    if len(logs) < 2:
        return 0.0
    mean = sum(logs) / len(logs)
    return sum((x - mean) ** 2 for x in logs) / len(logs)


def _row_evidence(cells: tuple[Cell | None, ...], cols: list[ColumnSpec]) -> tuple[int, int]:
    """(checks passed, checks failed) for percent-change and row-total columns."""
    ok = bad = 0
    for j, spec in enumerate(cols):
        c = cells[j] if j < len(cells) else None
        if c is None or c.value is None:
            continue
        if spec.change_of:
            a_i, b_i = spec.change_of
            a, b = cells[a_i] if a_i < len(cells) else None, cells[b_i] if b_i < len(cells) else None
            if a is None or b is None or a.value is None or b.value is None:
                continue
            if a.kind == "pct" and b.kind == "pct":
                expect = a.value - b.value
            elif b.value == 0:
                continue
            else:
                expect = (a.value / b.value - 1) * 100
            tol = 0.5 * 10 ** -c.decimals + 1e-9 + (0.15 if c.decimals == 0 else 0.06)
            if abs(expect - c.value) <= tol:
                ok += 1
            else:
                bad += 1
        if spec.is_row_total:
            parts = [cells[k].value for k, s in enumerate(cols)
                     if k != j and not s.is_pct and not s.is_row_total and k < len(cells)
                     and cells[k] is not None and cells[k].value is not None]
            if parts:
                if abs(sum(parts) - c.value) <= 10 ** -c.decimals * len(parts) + 1e-9:
                    ok += 1
                else:
                    bad += 1
    return ok, bad


def _fits(cells: tuple[Cell | None, ...], cols: list[ColumnSpec]) -> bool:
    row_has_pct = any(c is not None and c.kind == "pct" for c in cells)
    for j, spec in enumerate(cols):
        c = cells[j]
        if c is None:
            continue
        if spec.is_pct and c.kind == "num" and (row_has_pct or c.decimals == 0 and abs(c.value or 0) >= 1000):
            return False
        if not spec.is_pct and c.kind == "pct" and any(s.is_pct for s in cols):
            return False
    return True


def row_readings(tokens: list[Token], cols: list[ColumnSpec]) -> list[RowReading]:
    """All readings of a row's tokens as len(cols) cells, best first.

    Readings with fewer values than columns place the empty cells at interior wide gaps when
    the gaps say so, else (one missing value) in a deviation-less position is unknown and
    the reading is marked positions_known=False.
    """
    n = len(cols)
    readings: list[RowReading] = []
    splits = _Splits(tokens)
    for full in splits.of(n):
        if _fits(full, cols):
            readings.append(RowReading(full, 0.0))
    # readings with empty cells: always when the wide gaps place them, else only as a fallback
    have_full = bool(readings)
    for k in range(n - 1, 0, -1):
        for cand in splits.of(k):
            for placed, known in _place_empties(tokens, cand, n, cols):
                # known: True = placed at wide gaps, None = in empty-prone columns, False = unknown
                if _fits(placed, cols):
                    cost = {True: 0.5, None: 2.0, False: 2.5}[known] * (n - k)
                    readings.append(RowReading(placed, cost, known is not False))
        if readings and not have_full:
            break
        if have_full and k < n - 1:
            break
    for r in readings:
        ok, bad = _row_evidence(r.cells, cols)
        r.score += _prior(tokens, tuple(c for c in r.cells if c is not None)) + 3.0 * bad - 2.0 * ok \
            + 0.5 * _spread(r.cells)
    readings.sort(key=lambda r: r.score)
    return readings


def _place_empties(tokens: list[Token], cells: tuple[Cell, ...], n: int, cols: list[ColumnSpec]):
    """Positions for n - len(cells) empty cells: at interior wide gaps when they match in number."""
    missing = n - len(cells)
    # token index where each cell starts, to look up the gap before it
    starts, pos = [], 0
    for c in cells:
        starts.append(pos)
        pos += c.ntok
    wide = [i for i in range(1, len(cells)) if tokens[starts[i]].gap >= 2]
    if len(wide) == missing:
        out: list[Cell | None] = []
        for i, c in enumerate(cells):
            if i in wide:
                out.append(None)
            out.append(c)
        yield tuple(out), True
    elif sum(c.often_empty for c in cols) == missing:
        it = iter(cells)
        yield tuple(None if c.often_empty else next(it) for c in cols), None
    else:
        # positions unknown: keep the values in printed order, empties at the end
        yield tuple(list(cells) + [None] * missing), False


def solve_row(tokens: list[Token], cols: list[ColumnSpec]) -> RowSolution:
    readings = row_readings(tokens, cols)
    if not readings:
        return RowSolution(None, [], False, "no reading of the values fits the columns")
    best = readings[0]
    ties = [r for r in readings if abs(r.score - best.score) < 1e-9]
    ambiguous = len(readings) > 1 and (len(ties) > 1 or readings[1].score - best.score < 1.0)
    note = None
    if not best.positions_known:
        note = f"{sum(c is None for c in best.cells)} value(s) missing; column positions unknown"
    if ambiguous:
        note = (note + "; " if note else "") + f"{len(readings)} valid splits; kept the most consistent"
    return RowSolution(best.cells, readings, ambiguous, note, best.positions_known)


# --------------------------------------------------------------------------- table totals

def _sum_matches(values: list[float], total: float, decimals: int, exact: bool) -> bool:
    tol = 1e-6 if exact else 10 ** -decimals * max(1, len(values)) / 2 + 1e-9
    return abs(sum(values) - total) <= tol


def resolve_with_totals(readings: list[list[RowReading]], groups: list[tuple[list[int], int]],
                        n: int, exact_first: bool = True, cap: int = 50000) -> list[int] | None:
    """Choose one reading per row so that, in every column, each total row equals the sum of
    its member rows. `groups` = [(member row indexes, total row index)].

    Column-by-column search: rows with one reading are fixed; the others are narrowed per
    column by the value they put in that column. Returns chosen reading indexes or None.
    """
    rows_in = sorted({i for g, t in groups for i in g + [t]})
    if not rows_in:
        return None
    choice_sets = {i: list(range(len(readings[i]))) for i in rows_in}
    if any(not v for v in choice_sets.values()):
        return None

    for exact in ([True, False] if exact_first else [False]):
        sols = _search(readings, groups, n, choice_sets, 0, exact, cap)
        if sols is not None and len(sols) >= 1:
            return sols
    return None


def _search(readings, groups, n, sets, col, exact, cap):
    if col == n:
        # every row narrowed to readings that agree on all columns: pick the best-scored
        return {i: min(s, key=lambda k: readings[i][k].score) for i, s in sets.items()}
    rows = list(sets)
    # distinct values per row in this column
    by_val: dict[int, dict] = {}
    for i in rows:
        d: dict = {}
        for k in sets[i]:
            c = readings[i][k].cells[col]
            key = None if c is None else c.value
            d.setdefault(key, []).append(k)
        by_val[i] = d
    total_combos = 1
    for i in rows:
        total_combos *= len(by_val[i])
    if total_combos > cap:
        return None
    keys = [list(by_val[i].keys()) for i in rows]
    results = []
    for combo in itertools.product(*keys):
        val = dict(zip(rows, combo))
        good = True
        for members, t in groups:
            tv = val[t]
            if tv is None:
                continue
            parts = [val[m] for m in members if val[m] is not None]
            if not parts:
                continue
            dec = max([_dec_of(readings, t, col, sets)] + [0])
            if not _sum_matches(parts, tv, dec, exact):
                good = False
                break
        if good:
            results.append(val)
    if len(results) != 1:
        # zero: no consistent reading; several: keep searching each branch and keep unique ones
        if not results:
            return None
    # Several branches may reconcile: a reading that leaves a cell empty adds up trivially in
    # that column, so prefer the branch whose readings fill the most cells, then the best score.
    best = None
    for val in results:
        narrowed = {i: by_val[i][val[i]] for i in rows}
        sub = _search(readings, groups, n, narrowed, col + 1, exact, cap)
        if sub is not None:
            key = (sum(c is None for i, k in sub.items() for c in readings[i][k].cells),
                   sum(readings[i][k].score for i, k in sub.items()))
            if best is None or key < best[0]:
                best = (key, sub)
    return best[1] if best else None


def _dec_of(readings, i, col, sets) -> int:
    for k in sets[i]:
        c = readings[i][k].cells[col]
        if c is not None:
            return c.decimals
    return 0


def total_groups(is_total: list[bool], is_sub: list[bool]) -> list[list[tuple[list[int], int]]]:
    """Alternative member sets for each total row: rows since the previous total, or the
    previous total plus the rows since it (a grand total over a subtotal)."""
    out = []
    last_total = None
    since: list[int] = []
    for i, (tot, sub) in enumerate(zip(is_total, is_sub)):
        if sub:
            continue
        if tot:
            alts = []
            if since:
                alts.append((list(since), i))
            if last_total is not None:
                alts.append(([last_total] + since, i))
            out.append(alts)
            last_total = i
            since = []
        else:
            since.append(i)
    return out


# --------------------------------------------------------------------------- headers

def join_header_lines(lines: list[str]) -> str:
    """Join header fragments: a fragment ending without a space continues the next one
    directly ('Förändr' + 'ing %', 'Period-' + 'avvikelse', '2022-' + '2021')."""
    out = ""
    for ln in lines:
        if not ln.strip():
            continue
        ln = re.sub(r"(?<=\S) {2,}(?=\S)", " ¦ ", ln)
        if out and not out.endswith(" ") and not ln.startswith(" ") and (
                out.endswith("-") or ln[:1].islower() or ln[:1].isdigit() and out[-1:] == "-"):
            out += ln
        else:
            out = (out.rstrip() + " " + ln.strip()) if out else ln.strip()
            if ln.endswith(" "):
                out += " "
    return re.sub(r"\s+", " ", out).strip()


def _is_keyword(word: str, keywords: tuple[str, ...]) -> bool:
    # asked for the last word of every line by every reader: answered once per word
    try:
        seen = _KEYWORD_WORDS[keywords]
    except KeyError:
        seen = _KEYWORD_WORDS[keywords] = {}
    except TypeError:   # an unhashable keyword list
        return _keyword_prefix(keywords).match(word.lower().strip("():,")) is not None
    hit = seen.get(word)
    if hit is None:
        hit = seen[word] = _keyword_prefix(keywords).match(word.lower().strip("():,")) is not None
    return hit


_KEYWORD_WORDS: dict[tuple[str, ...], dict[str, bool]] = {}


_KEYWORD_PREFIX: dict[tuple[str, ...], re.Pattern] = {}


def _keyword_prefix(keywords: tuple[str, ...]) -> re.Pattern:
    """One compiled alternation per keyword tuple: `.match(w)` == any(w.startswith(k))."""
    try:
        return _KEYWORD_PREFIX[keywords]
    except KeyError:
        pass
    except TypeError:   # an unhashable keyword list: compile without caching
        return re.compile("|".join(map(re.escape, keywords)) if keywords else "(?!)")
    pat = re.compile("|".join(map(re.escape, keywords)) if keywords else "(?!)")
    _KEYWORD_PREFIX[keywords] = pat
    return pat


@lru_cache(maxsize=1 << 16)
def is_period(word: str) -> bool:
    w = word.strip("():,")
    # every period starts with a digit or T; an ASCII first letter settles most words
    if w and w[0] < "\x80" and not w[0].isdigit() and w[0] not in "tT":
        return False
    return bool(_PERIOD.match(w))


def split_labels(text: str, keywords: tuple[str, ...]) -> tuple[str, list[str]]:
    """'Stub Utfall 2022-08 Utfall 2021-08 Förändring % 2022-2021' -> (stub, labels).

    A label starts at a keyword; a keyword right after a keyword (no tail yet) or after a
    connector word ('mot') stays in the label; a year after a completed label starts a new
    one (year-only labels such as 2023 2024 Totalt).
    """
    words = text.split()
    stub: list[str] = []
    labels: list[list[str]] = []
    complete = False   # current label already has a period tail
    tail = False
    force = False
    for w in words:
        if w == "¦":
            force = True
            continue
        if force and labels:
            labels.append([w])
            complete = tail = is_period(w)
            force = False
            continue
        force = False
        kw = _is_keyword(w, keywords)
        per = is_period(w) and not _ONE_DIGIT.fullmatch(w)
        suffix = bool(_TERTIAL_SUFFIX.fullmatch(w))
        if not labels:
            if kw or (per and stub) or (per and not stub):
                labels.append([w])
                complete = per
                tail = per
            else:
                stub.append(w)
            continue
        cur = labels[-1]
        prev = cur[-1].lower()
        if "-" in w.strip("-") and kw:
            # a hyphenated compound ('Prognos-avvikelse') is a whole label
            labels.append([w])
            complete = tail = True
        elif kw and (not tail) and not complete and "-" not in cur[-1].strip("-"):
            cur.append(w)
        elif kw and prev in _CONNECTORS:
            cur.append(w)
        elif kw:
            labels.append([w])
            complete = tail = False
        elif per and complete and not suffix:
            labels.append([w])
            complete = tail = True
        else:
            cur.append(w)
            tail = True
            complete = complete or per
    # a first label with a long wordy tail is the stub ('Förändring jämfört med föregående år')
    if len(labels) > 1 and sum(1 for w in labels[0][1:] if not is_period(w) and w != "%") >= 3:
        stub.extend(labels.pop(0))
    return " ".join(stub), [" ".join(x) for x in labels]


def header_end_words(line: str, keywords: tuple[str, ...]) -> bool:
    """True when a line can start a header: it ends in a keyword (optionally + periods)."""
    if len(line) > 100:
        return False
    # called for every line: most end in a word that is neither a period nor a keyword,
    # which settles it without splitting the whole line
    tail = line.rsplit(None, 1)
    if not tail:
        return False
    if not is_period(tail[-1]) and not _is_keyword(tail[-1], keywords):
        return False
    words = line.split()
    if not words:
        return False
    i = len(words)
    while i > 0 and is_period(words[i - 1]):
        i -= 1
    if i == 0:
        return False
    if not _is_keyword(words[i - 1], keywords):
        return False
    # prose guard: few words before the first keyword
    first_kw = next(k for k, w in enumerate(words) if _is_keyword(w, keywords))
    return first_kw <= 8 and not line.rstrip().endswith(".")


_ONE_DIGIT = re.compile(r"\d")
_TERTIAL_SUFFIX = re.compile(r"T\d")


def is_header_fragment(line: str, keywords: tuple[str, ...]) -> bool:
    """A continuation line of a header: only keywords, periods, '%', lowercase words."""
    words = line.split()
    if not words or len(words) > 8:
        return False
    for w in words:
        if _is_keyword(w, keywords) or is_period(w) or w in ("%", "-") or w[:1].islower() \
                or _ONE_DIGIT.fullmatch(w):
            continue
        return False
    return True


# --------------------------------------------------------------------------- tables

@dataclass
class AlignedRow:
    line: int                      # 1-based line of the values
    label: str
    label_line: int                # first line of the label
    tokens: list[Token]
    section_label: str | None = None
    is_subitem: bool = False
    account_code: str | None = None
    solution: RowSolution | None = None


@dataclass
class AlignedTable:
    header_line: int               # first header line
    title: str | None
    title_line: int | None
    stub: str
    header_text: str
    labels: list[str]
    columns: list[ColumnSpec] = field(default_factory=list)
    rows: list[AlignedRow] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)
    end_line: int = 0


_VARAV = re.compile(r"^\s*[-–]?\s*varav\b", re.I)


def _label_and_code(label: str) -> tuple[str, str | None]:
    words = label.split()
    if words and _ACCOUNT.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return label.strip(), None


def _read_header(lines, i, end, keywords):
    """Collect header lines from i; returns (header lines, next index, interleaved title)."""
    first = lines[i - 1]
    frags = [first]
    j = i + 1
    blank_run = 0
    while j <= end:
        ln = lines[j - 1]
        if not ln.strip():
            blank_run += 1
            if blank_run > 2:
                break
            j += 1
            continue
        blank_run = 0
        if is_header_fragment(ln, keywords):
            frags.append(ln)
            j += 1
            continue
        break
    return frags, j


def _interleaved(first: str, nxt: str, keywords) -> tuple[str, list[str], str] | None:
    """Two-line header: line 1 holds k label heads (after an optional title), line 2 holds a
    title followed by exactly k suffixes ('Resultaträkning fullfond 2022T2 2022 budget ...')."""
    w1 = first.split()
    kw_pos = [k for k, w in enumerate(w1) if _is_keyword(w, keywords)]
    if len(kw_pos) < 2:
        return None
    title1 = " ".join(w1[:kw_pos[0]])
    heads: list[str] = []
    for k, w in enumerate(w1[kw_pos[0]:]):
        if _is_keyword(w, keywords):
            heads.append(w)
        elif heads:
            heads[-1] += " " + w
    if any(is_period(w) for w in w1[kw_pos[0]:]):
        return None
    w2 = nxt.split()
    k = len(heads)
    if len(w2) < k:
        return None
    suffix = w2[-k:]
    if not all(is_period(w) or w[:1].islower() for w in suffix):
        return None
    if not any(is_period(w) for w in suffix):
        return None
    title2 = " ".join(w2[:-k])
    labels = [f"{h} {s}" for h, s in zip(heads, suffix)]
    return " ".join(x for x in (title1, title2) if x), labels, title2


def _is_prose(line: str) -> bool:
    s = line.strip()
    return len(s) > 75 or (s.endswith(".") and len(s.split()) > 4)


def find_tables(lines: tuple[str, ...] | list[str], keywords: tuple[str, ...],
                title_pattern: re.Pattern | None = None, start: int = 1, end: int | None = None,
                empty_prone: re.Pattern | None = None) -> list[AlignedTable]:
    """Space-aligned tables between start and end (1-based, inclusive)."""
    end = len(lines) if end is None else end
    tables: list[AlignedTable] = []
    c = classes_of(lines)   # tabs and last words, classified once per document
    tabbed = c.tabbed
    # a header ends in a keyword or a period: the lines whose last word is one, once per
    # document and keyword tuple; the scan steps from one to the next
    keyword = _keyword_prefix(keywords).match   # _is_keyword's test, its per-word cache not needed here
    cands = c.word_lines("last_word", lambda w: is_period(w) or keyword(w.lower().strip("():,")) is not None,
                         ("header_end", tuple(keywords)))
    i = start
    while i <= end:
        k = bisect_left(cands, i)
        if k == len(cands) or cands[k] > end:
            break
        i = cands[k]
        if tabbed[i - 1] or not header_end_words(lines[i - 1], keywords):
            i += 1
            continue
        t, nxt = _read_table(lines, i, end, keywords, title_pattern, empty_prone)
        if t is not None and (len(t.rows) >= 2 or t.rows and title_pattern is not None
                              and title_pattern.search(t.title or "")):
            tables.append(t)
            i = max(nxt, i + 1)
        else:
            i += 1
    return tables


def _find_title(lines, i, start, title_pattern) -> tuple[str | None, int | None]:
    """The nearest title line above the header: a line matching the statement vocabulary
    within 12 lines, else the nearest short line within 4 lines."""
    nearest = None
    for k in range(i - 1, max(start, i - 12) - 1, -1):
        s = lines[k - 1].strip()
        if not s or "\t" in s:
            continue
        if title_pattern is not None and title_pattern.search(s) and len(s) <= 90:
            return s, k
        if nearest is None and i - k <= 4 and len(s) <= 60 and not _is_prose(s):
            nearest = (s, k)
        if _is_prose(s) and nearest is None and i - k > 1:
            break
    return nearest if nearest else (None, None)


def _read_table(lines, i, end, keywords, title_pattern, empty_prone=None):
    frags, j = _read_header(lines, i, end, keywords)
    first = lines[i - 1]
    title, title_line = _find_title(lines, i, 1, title_pattern)
    inter = None
    if len(frags) >= 1:
        # look for an interleaved second line (it is not a pure fragment: it holds a title)
        k = i + 1
        if k <= end and lines[k - 1].strip():
            inter = _interleaved(first, lines[k - 1], keywords)
    if inter:
        stub_title, labels, title2 = inter
        header_text = first.strip() + " / " + lines[i].strip()
        stub = stub_title
        if title2 or stub_title:
            title, title_line = (stub_title, i)
        j = i + 2
    else:
        header_text = join_header_lines(frags)
        stub, labels = split_labels(header_text, keywords)
    if not labels or any(len(l.split()) > 6 for l in labels):
        return None, j
    if title is None and stub:
        title, title_line = stub, i
    table = AlignedTable(i, title, title_line, stub, header_text, labels)
    table.columns = column_specs(labels, {j for j, l in enumerate(labels)
                                          if empty_prone is not None and empty_prone.search(l)})
    n = len(labels)

    pending: list[tuple[int, str]] = []   # value-less lines waiting for their values
    section: str | None = None
    blank_run = 0
    k = j
    header_sig = first.strip()
    while k <= end:
        ln = lines[k - 1]
        if "\t" in ln:
            break
        if not ln.strip():
            blank_run += 1
            k += 1
            continue
        if ln.strip() == header_sig:
            # repeated header after a page break: skip it and go on
            f2, k2 = _read_header(lines, k, end, keywords)
            table.repeated_headers.append(k)
            k = k2 if not inter else k + 2
            blank_run = 0
            continue
        if blank_run >= 3 and not table.rows:
            break
        label, toks, _ = value_tokens(ln)
        if toks and len([t for t in toks]) > 0 and not (len(toks) == 1 and toks[0].kind == "null" and not label):
            if blank_run >= 3 and pending == [] and not label:
                break
            if header_end_words(ln, keywords):
                if not table.rows:
                    return None, k
                break
            row = _make_row(k, label, toks, pending, section)
            if row is None:
                break
            sol = _solve_with_label_retry(row, table.columns)
            if sol is None:
                if table.rows:
                    break
                return None, k
            table.rows.append(row)
            section = row.section_label
            pending = []
            blank_run = 0
            k += 1
            continue
        # a line without values
        if not table.rows and header_end_words(ln, keywords):
            return None, k     # another header follows before any row: this was not a table
        if not table.rows and k - j > 25:
            return None, k
        if blank_run >= 3 or _is_prose(ln) or header_end_words(ln, keywords) and table.rows:
            # a note inside the table is allowed when a labelled row follows directly
            if _is_prose(ln) and table.rows and blank_run < 3:
                nk = _next_nonblank(lines, k + 1, end)
                if nk:
                    lab2, tok2, _ = value_tokens(lines[nk - 1])
                    if tok2 and lab2.strip() and len(tok2) >= n - 1:
                        k = nk
                        pending = []
                        continue
            break
        if continues_label_below(table.rows[-1] if table.rows else None, k, ln, blank_run, pending):
            table.rows[-1].label = f"{table.rows[-1].label} {ln.strip()}"
            k += 1
            continue
        if blank_run >= 1 and pending:
            # a label group separated by blank lines from the next one: the earlier is a section
            section = " ".join(p for _, p in pending)
            pending = []
        pending.append((k, ln))
        blank_run = 0
        k += 1
    table.end_line = k - 1
    _resolve_table(table)
    return table, k


_LABEL_CONNECTORS = ("och", "i", "av", "för", "med", "samt", "inom", "till")


def continues_label_below(prev, k: int, text: str, blank_run: int, pending) -> bool:
    """A value-less line right below a row whose label breaks off ('Skatteintäkter och
    generella  10 244 ...' / 'statsbidrag'): the label's last words, printed below its values."""
    if prev is None or blank_run or pending or prev.line != k - 1:
        return False
    s = text.strip()
    words = prev.label.split()
    return bool(s) and s[:1].islower() and len(s.split()) <= 4 and bool(words) \
        and words[-1].lower() in _LABEL_CONNECTORS


def _next_nonblank(lines, k, end) -> int | None:
    while k <= end:
        if lines[k - 1].strip():
            return k
        k += 1
    return None


def _joins_next(prev: str, nxt: str) -> bool:
    p = prev.rstrip()
    return p.endswith((":", ",", "-", "/", "(")) or nxt.lstrip()[:1].islower() or \
        (not prev.endswith(" ") and nxt.lstrip()[:1].islower())


def _make_row(k, label, toks, pending, section) -> AlignedRow | None:
    own = label.strip()
    lab_lines = [p for _, p in pending]
    sec = section
    if not own:
        full = " ".join(x.strip() for x in lab_lines)
        first = pending[0][0] if pending else k
    else:
        # pending lines that continue into this label are part of it, the rest are sections
        keep: list[str] = []
        first = k
        for idx, (ln_no, p) in enumerate(pending):
            nxt = pending[idx + 1][1] if idx + 1 < len(pending) else label
            if _joins_next(p, nxt):
                if not keep:
                    first = ln_no
                keep.append(p)
            else:
                sec = p.strip()
                keep = []
                first = k
        full = ""
        for p in keep + [label]:
            if full and not full.endswith(" ") and p[:1].islower() and not full.endswith((":", ",")):
                full += p.strip()
            else:
                full = (full.rstrip() + " " + p.strip()).strip()
    full = re.sub(r"\s+", " ", full).strip()
    name, code = _label_and_code(full)
    is_sub = bool(_VARAV.match(full)) or bool(label and label.startswith(" ") and _VARAV.match(label))
    return AlignedRow(k, name, first, list(toks), sec, is_sub, code)


def _solve_with_label_retry(row: AlignedRow, cols: list[ColumnSpec]) -> RowSolution | None:
    """Solve; when too many tokens, move leading tokens into the label ('av 50% 650 274 ...')."""
    toks = row.tokens
    for drop in range(0, 3):
        if drop >= len(toks):
            break
        sol = solve_row(toks[drop:], cols)
        if sol.cells is not None:
            if drop:
                row.label = (row.label + " " + " ".join(t.text for t in toks[:drop])).strip()
                row.tokens = toks[drop:]
                sol.note = ((sol.note + "; ") if sol.note else "") + f"{drop} leading number(s) kept in the label"
            row.solution = sol
            return sol
        if len(toks) - drop <= len(cols):
            break
    return None


_YEAR = re.compile(r"(?:19|20)\d{2}")


def column_specs(labels: list[str], often_empty: set[int] | None = None) -> list[ColumnSpec]:
    """Percent-change columns and the outcome columns they compare, from the labels' years."""
    specs = [ColumnSpec(l, is_pct="%" in l or "förändr" in l.lower(), often_empty=j in (often_empty or set()))
             for j, l in enumerate(labels)]
    year_col: dict[str, int] = {}
    for j, s in enumerate(specs):
        if not s.is_pct:
            ys = _YEAR.findall(s.label or "")
            if len(ys) == 1 and ys[0] not in year_col:
                year_col[ys[0]] = j
    for s in specs:
        if s.is_pct:
            ys = _YEAR.findall(s.label or "")
            if len(ys) == 2 and ys[0] in year_col and ys[1] in year_col:
                s.change_of = (year_col[ys[0]], year_col[ys[1]])
    if labels and re.match(r"^(totalt|summa)\b", labels[-1].strip().lower()) and len(labels) > 2:
        specs[-1].is_row_total = True
    return specs


_TOTAL = re.compile(r"^\s*(?:summa|totalt|total)\b|\btotalt\b", re.I)


def is_total_label(label: str) -> bool:
    s = label.strip()
    if _TOTAL.search(s):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(s.split()) >= 2 and len(letters) >= 8 and all(c.isupper() for c in letters)


def _resolve_table(table: AlignedTable) -> None:
    """Use the table's totals to settle rows with several readings: when the kept readings do
    not add up to a total row, search all readings of the rows involved for ones that do."""
    rows = table.rows
    if not any(r.solution and len(r.solution.candidates) > 1 for r in rows):
        return
    n = len(table.columns)
    readings = [r.solution.candidates if r.solution else [] for r in rows]
    tot = [is_total_label(r.label) for r in rows]
    sub = [r.is_subitem for r in rows]
    for alts in total_groups(tot, sub):
        for members, t in alts:
            idx = members + [t]
            if any(rows[i].solution is None or rows[i].solution.cells is None for i in idx):
                break
            if _prefer_full_readings(rows, idx, members, t, n):
                break
            if _adds_up(rows, members, t, n):
                for i in idx:
                    sol = rows[i].solution
                    if sol.ambiguous:
                        sol.ambiguous = False
                        sol.note = (f"{len(sol.candidates)} valid splits; the kept one agrees with the "
                                    f"column totals of row '{rows[t].label}'")
                break
            if not any(len(rows[i].solution.candidates) > 1 for i in idx):
                continue
            pick = resolve_with_totals(readings, [(members, t)], n)
            if pick:
                for i, kpick in pick.items():
                    sol = rows[i].solution
                    if len(sol.candidates) > 1:
                        sol.cells = sol.candidates[kpick].cells
                        sol.positions_known = sol.candidates[kpick].positions_known
                        sol.ambiguous = False
                        sol.note = (f"{len(sol.candidates)} valid splits; resolved by the column totals "
                                    f"of row '{rows[t].label}'")
                break


def _prefer_full_readings(rows: list[AlignedRow], idx: list[int], members: list[int], t: int,
                          n: int) -> bool:
    """A kept reading that leaves cells empty adds up trivially in those columns ('1 101' kept
    as 1101 and an empty cell). When readings that fill every column also add up, the printed
    row is more likely full: keep those. Returns True when it settled the group."""
    if not any(c is None for i in idx for c in rows[i].solution.cells):
        return False
    full = [[k for k, r in enumerate(rows[i].solution.candidates) if all(c is not None for c in r.cells)]
            for i in idx]
    if any(not ks for ks in full):
        return False
    readings = [[] for _ in rows]
    for i, ks in zip(idx, full):
        readings[i] = [rows[i].solution.candidates[k] for k in ks]
    pick = resolve_with_totals(readings, [(members, t)], n)
    if not pick:
        return False
    for i, ks in zip(idx, full):
        sol = rows[i].solution
        chosen = sol.candidates[ks[pick[i]]]
        if len(sol.candidates) > 1:
            kept = chosen.cells is sol.cells
            sol.cells = chosen.cells
            sol.positions_known = chosen.positions_known
            sol.note = (f"{len(sol.candidates)} valid splits; "
                        + ("the kept one agrees" if kept else "resolved by the reading filling every column, which agrees")
                        + f" with the column totals of row '{rows[t].label}'")
        sol.ambiguous = False
    return True


def _adds_up(rows: list[AlignedRow], members: list[int], t: int, n: int) -> bool:
    for j in range(n):
        tc = rows[t].solution.cells[j]
        if tc is None or tc.value is None:
            continue
        parts = [rows[m].solution.cells[j].value for m in members
                 if rows[m].solution.cells[j] is not None and rows[m].solution.cells[j].value is not None]
        if parts and not _sum_matches(parts, tc.value, tc.decimals, exact=False):
            return False
    return True

def solve_table(row_texts: list[str], labels: list[str], is_subitem: list[bool] | None = None,
                empty_prone: set[int] | None = None) -> list[AlignedRow]:
    """Solve printed rows ('Label 1 234 5 678') against known column labels, row by row and
    then with the table's totals (rows labelled Summa/Totalt). Rows whose values do not fit
    keep solution.cells None."""
    table = AlignedTable(0, None, None, "", " ".join(labels), list(labels))
    table.columns = column_specs(list(labels), empty_prone)
    for k, text in enumerate(row_texts):
        label, toks, _ = value_tokens(text)
        row = AlignedRow(k + 1, label.strip(), k + 1, toks,
                         is_subitem=bool(is_subitem[k]) if is_subitem else bool(_VARAV.match(label)))
        row.solution = solve_row(toks, table.columns)
        table.rows.append(row)
    _resolve_table(table)
    return table.rows
