"""Måluppfyllelse count tables: how many measures are met, partly met, not met, measured.

    '\\t2030-08-31\\tAndel\\t2029-08-31\\tAndel' then 'Antal mätetal som är uppfyllda\\t6\\t30%\\t4\\t20%'
or space-aligned: '  2030-08-31 Andel 2029-08-31 Andel' then a label wrapped over two lines
('Antal mätetal som' / 'är uppfyllda') and a value line '3 10% 8 29%'.
Each (row, period) is one fact: a count and, where printed, a share.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ingest.extract.indicators.lexicon import lexicon
from ingest.tables.tsv import clean_cell, tsv_blocks
from ingest.text.line_classes import classes_of

_DATE = r"\d{4}-\d{2}-\d{2}"
_ALIGNED_HEADER = re.compile(r"^\s*(" + _DATE + r")\s+(\S+)\s+(" + _DATE + r")\s+(\S+)\s*$")
_TOKEN = re.compile(r"\d+(?:,\d+)?\s?%|\d+|-")
MAX_LABEL_LINES = 3


@dataclass
class SummaryFact:
    line: int
    label: str
    category: str | None
    period_label: str
    count: int | None
    share_text: str | None
    share_pct: float | None


def _category(label: str) -> str | None:
    m = lexicon().summary_re.search(label)
    return lexicon().summary_labels[m.group(1).lower()] if m else None


def _share(text: str | None) -> float | None:
    if not text or "%" not in text:
        return None
    return float(text.replace("%", "").strip().replace(",", "."))


def _pairs(tokens: list[str | None], periods: list[str]) -> list[tuple[str, int | None, str | None]]:
    out = []
    for k, period in enumerate(periods):
        cnt = tokens[2 * k] if 2 * k < len(tokens) else None
        share = tokens[2 * k + 1] if 2 * k + 1 < len(tokens) else None
        out.append((period, int(cnt) if cnt and cnt.isdigit() else None, share or None))
    return out


def summary_tsv(lines: tuple[str, ...], start: int, end: int) -> list[SummaryFact]:
    out: list[SummaryFact] = []
    for block in tsv_blocks(lines, start, end):
        periods: list[str] | None = None
        for row in block.rows:
            cells = [clean_cell(c) for c in row.cells]
            if not cells[0] and len(cells) >= 3 and re.fullmatch(_DATE, cells[1] or ""):
                periods = [c for c in cells[1:] if re.fullmatch(_DATE, c)]
                continue
            if periods is None or not cells[0]:
                continue
            cat = _category(cells[0])
            if cat is None:
                continue
            for period, cnt, share in _pairs([c or None for c in cells[1:]], periods):
                out.append(SummaryFact(row.line, cells[0], cat, period, cnt, share, _share(share)))
    return out


def _value_tokens(text: str) -> list[str | None]:
    """'3 10% 8 29%' -> ['3','10%','8','29%']; '6  5' -> ['6', None, '5']; '1 17%   ' -> ['1','17%']."""
    out: list[str | None] = []
    pos = 0
    s = text.rstrip()
    while pos < len(s):
        gap = len(s[pos:]) - len(s[pos:].lstrip(" "))
        if gap >= 2 and out and out[-1] is not None and "%" not in out[-1] and out[-1] != "-":
            out.append(None)   # a count followed by a wide gap: its share is empty
        pos += gap
        m = _TOKEN.match(s, pos)
        if not m:
            return []
        out.append(m.group(0))
        pos = m.end()
    return out


def summary_aligned(lines: tuple[str, ...], start: int, end: int) -> list[SummaryFact]:
    out: list[SummaryFact] = []
    # a header starts with a date: only lines starting with a digit (found once per document)
    cands = classes_of(lines).digit_first_lines()
    n = start
    while n <= end:
        k = bisect_left(cands, n)
        if k == len(cands) or cands[k] > end:
            break
        n = cands[k]
        m = _ALIGNED_HEADER.match(lines[n - 1])
        if not m or "\t" in lines[n - 1]:
            n += 1
            continue
        periods = [m.group(1), m.group(3)]
        label: list[str] = []
        k = n + 1
        seen_total = False
        while k <= end and not seen_total:
            text = lines[k - 1]
            if _ALIGNED_HEADER.match(text) or not text.strip():
                if label and text.strip() == "" and text != "":
                    # a whitespace-only value line: the row exists but its cells are empty
                    full = " ".join(label)
                    cat = _category(full)
                    if cat:
                        out += [SummaryFact(k, full, cat, p, None, None, None) for p in periods]
                        seen_total = cat == "total"
                    label = []
                k += 1
                continue
            inline = re.match(r"^(?P<label>\D+?)\s+(?P<vals>\d[\d% \-]*)$", text.rstrip())
            tokens = _value_tokens(text) if re.match(r"^\s*\d", text) else []
            if tokens and label:
                full = " ".join(label)
            elif inline and _category(inline.group("label")):
                full, tokens = inline.group("label").strip(), _value_tokens(inline.group("vals"))
            elif len(label) < MAX_LABEL_LINES and len(text.strip()) <= 40 and not re.search(r"\d", text):
                label.append(text.strip())
                k += 1
                continue
            else:
                break
            cat = _category(full)
            if cat is None:
                break
            for period, cnt, share in _pairs(tokens, periods):
                out.append(SummaryFact(k, full, cat, period, cnt, share, _share(share)))
            seen_total = cat == "total"
            label = []
            k += 1
        n = k
    return out
