"""KPI rows from space-aligned PDF text (documents without TABs)."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

from ingest.extract.indicators.lexicon import lexicon
from ingest.extract.indicators.rows import KpiRow
from ingest.extract.indicators.values import join_wrapped
from ingest.tables.kpi_blocks import read_kpi_block
from ingest.text.line_classes import classes_of


_LABEL = re.compile(r"^ ?([^\s:][^:]{0,30}):\s")   # 'Uppdrag: ...'


def header_roles(text: str) -> tuple[str, ...] | None:
    """'Mätetal Utfall Målvärde Kommentar' -> ('name', 'result', 'target', 'comment')."""
    if "\t" in text or len(text) > 80:
        return None
    # called for every line: the first word decides for almost all of them
    first = text.split(None, 1)
    if not first:
        return None
    lex = lexicon()
    if lex.role(first[0]) != "name":
        return None
    words = text.split()
    if len(words) > 6:
        return None
    roles = tuple(r for r in (lex.role(w) for w in words) if r)
    if not any(r in ("target", "result") for r in roles):
        return None
    return roles


def _is_header(text: str) -> bool:
    if header_roles(text):
        return True
    words = text.split()
    # the second line of a two-line header ('tertial Analys')
    return 1 <= len(words) <= 2 and lexicon().role(words[-1]) == "comment" and words[0][:1].islower()


def _is_stop(text: str) -> bool:
    """Another table starts: an activity header, or a line naming two or more columns of
    another kind ('Verksamhetsområde Utfall  Budget  Avvikelse', '... teater Utfall')."""
    words = text.split()
    if not words:
        return False
    lex = lexicon()
    if lex.role(words[0]) == "stop":
        return True
    label = _LABEL.match(text)
    if label and lex.role(label.group(1)) == "stop":
        return True   # 'Uppdrag: ...' opens the next goal
    if header_roles(text):
        return False
    other = sum(lex.role(w.strip(",.")) == "other_column" for w in words)
    # a title line ending in a capitalised column word ('Smålands musik och teater Utfall')
    ends_in_column = len(words) >= 2 and words[-1][:1].isupper() and lex.role(words[-1]) == "result" \
        and not any(ch.isdigit() for ch in text)
    return other >= 2 or ends_in_column


def aligned_rows(lines: tuple[str, ...], start: int, end: int,
                 block_end: Callable[[int], int] | None = None) -> list[KpiRow]:
    """Every KPI record under a space-aligned 'Mätetal ...' header between start and end;
    `block_end(header_line)` may bound a block further (e.g. by its section)."""
    out: list[KpiRow] = []
    c = classes_of(lines)   # tabs and first words, classified once per document
    role = lexicon().role
    # header_roles' own first tests, on the shared classes: a 'name' first word (the lines
    # having one found once per document), no tab, short; the scan steps between them
    cands = c.memo.get("indicators.header_cands")
    if cands is None:   # once per document, not once per scan range
        cands = c.memo["indicators.header_cands"] = [
            n for n in c.word_lines("first_word", lambda w: role(w) == "name", "indicators.name")
            if not c.tabbed[n - 1] and len(lines[n - 1]) <= 80]
    n = start
    while n <= end:
        k = bisect_left(cands, n)
        if k == len(cands) or cands[k] > end:
            break
        n = cands[k]
        text = lines[n - 1]
        roles = header_roles(text)
        if not roles:
            n += 1
            continue
        stop = min(end, block_end(n)) if block_end else end
        records, last = read_kpi_block(lines, n, stop, roles, _is_header, _is_stop)
        value_roles = [r for r in roles if r in ("target", "result")]
        for rec in records:
            name = join_wrapped([t for _, t in rec.name_lines])
            cells = dict(zip(value_roles, rec.cells)) if rec.cells else {}
            comment = join_wrapped([t for _, t in rec.comment_lines]) or None
            out.append(KpiRow(
                line=rec.value_line or rec.name_lines[0][0],
                name_line=rec.name_lines[0][0],
                header_line=n,
                encoding="aligned",
                raw_name=name,
                target_raw=cells.get("target"),
                result_raw=cells.get("result"),
                comment=comment,
                has_target_column="target" in roles,
                has_result_column="result" in roles,
                column_order=" ".join(value_roles),
            ))
        n = max(last, n) + 1
    return out
