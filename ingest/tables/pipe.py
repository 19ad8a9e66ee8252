"""Tables whose cells are separated by `|` (Markdown-like exports, some PDF converters):
runs of lines with two or more bars, the first such line a header of column words, an
optional rule line (`|---|---|`), then rows. Returns the shared Table."""
from __future__ import annotations

import re

from ingest.tables.columns import HeaderWords, make_cell, title_above
from ingest.tables.model import Column, Row, Table
from ingest.text.line_classes import classes_of

_RULE = re.compile(r"^[\s|:\-+=]+$")
_VARAV = re.compile(r"^\s*[-–]?\s*(?:varav|därav)\b", re.I)


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def read_pipe_tables(lines, words: HeaderWords, start: int = 1, end: int | None = None,
                     skip=lambda n: False) -> list[Table]:
    end = len(lines) if end is None else end
    out: list[Table] = []
    piped = classes_of(lines).piped   # lines with two or more bars, classified once per document
    n = start
    while n <= end:
        if not piped[n - 1] or skip(n):
            n += 1
            continue
        head = _cells(lines[n - 1])
        if not any(words.is_column_head(c) for c in head[1:]):
            n += 1
            continue
        cols = [Column(h, (n,)) for h in head[1:]]
        title, title_line, ctx = title_above(lines, n, start)
        t = Table("pipe", n, title, title_line, " | ".join(head), head[0], [c.label for c in cols],
                  context=" ".join(x for x in (ctx, " ".join(head)) if x), columns=cols)
        notes = {j for j, c in enumerate(cols) if words.is_note(c.label)}
        k = n + 1
        while k <= end and piped[k - 1]:
            if _RULE.match(lines[k - 1]):
                k += 1
                continue
            cells = _cells(lines[k - 1])
            label, texts = cells[0], (cells[1:] + [""] * len(cols))[:len(cols)]
            values = [None if j in notes or not tx else make_cell(tx) for j, tx in enumerate(texts)]
            detail = "; ".join(f"{cols[j].label} {texts[j]}" for j in notes if texts[j]) or None
            t.rows.append(Row(k, label, k, values, None, bool(_VARAV.match(label)), detail=detail,
                              texts=[tx or None for tx in texts]))
            k += 1
        t.end_line = k - 1
        if t.rows:
            out.append(t)
        n = k
    return out
