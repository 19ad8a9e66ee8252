"""Economic tables in space-aligned PDF text, via the shared reader in ingest.tables.aligned."""
from __future__ import annotations

from ingest.extract.economics.lexicon import Lexicon
from ingest.extract.economics.model import EconRow, EconTable
from ingest.tables.aligned import AlignedTable, find_tables


def read_aligned_tables(lines, lex: Lexicon, start: int = 1, end: int | None = None) -> list[EconTable]:
    out = []
    for t in find_tables(lines, lex.keywords, lex.title_pattern, start, end, lex.deviation_pattern):
        out.append(_convert(t, lines))
    return out


def _convert(t: AlignedTable, lines) -> EconTable:
    ctx_lines = []
    if t.title_line:
        ctx_lines = [lines[k - 1].strip() for k in range(t.title_line, t.header_line)]
    et = EconTable("aligned", t.header_line, t.title, t.title_line, t.header_text, t.stub, t.labels,
                   context=" ".join([t.title or "", t.stub, t.header_text] + ctx_lines))
    n = len(t.labels)
    for r in t.rows:
        sol = r.solution
        cells = list(sol.cells) if sol and sol.cells else [None] * n
        et.rows.append(EconRow(r.line, r.label, r.label_line, cells, r.section_label, r.is_subitem,
                               r.account_code, None, bool(sol and sol.ambiguous), sol.note if sol else None,
                               sol.positions_known if sol else False))
    return et
