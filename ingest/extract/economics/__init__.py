"""Extractor for the economics domain: one raw row per printed amount in an economic table.

Tables come from two readers (TSV blocks and space-aligned text); this module labels
them with statement, measure, period and unit from the seed vocabulary
(ingest.extract.economics.lexicon) and keeps the table's structure explicit (table_id,
row_index, is_total, is_subitem, parent_line_item) for the reconciliation checks.
"""
from __future__ import annotations

import hashlib
import re

import polars as pl

from ingest.document import Document, SectionIndex
from ingest.extract.economics.aligned import read_aligned_tables
from ingest.extract.economics.columns import merge_column_tables
from ingest.extract.economics.lexicon import Lexicon, lexicon, period_of, year_of
from ingest.extract.economics.model import EconTable
from ingest.extract.economics.prose import label_key, prose_figures
from ingest.extract.economics.tsv import read_tsv_tables
from ingest.tables.aligned import is_total_label
from ingest.text.page_furniture import furniture_lines
from ingest.title_block import stated_organisation

TABLES: dict[str, dict[str, pl.DataType]] = {
    "financial_amount": {
        "financial_line_id": pl.Utf8,
        "section_id": pl.Utf8,
        "source_line": pl.Int32,
        "table_id": pl.Utf8,
        "table_encoding": pl.Utf8,
        "table_start_line": pl.Int32,
        "table_title": pl.Utf8,
        "header_text": pl.Utf8,
        "statement": pl.Utf8,
        "accounting_model": pl.Utf8,
        "row_index": pl.Int32,
        "label_line": pl.Int32,
        "line_item": pl.Utf8,
        "line_item_detail": pl.Utf8,
        "section_label": pl.Utf8,
        "is_total": pl.Boolean,
        "is_subitem": pl.Boolean,
        "parent_line_item": pl.Utf8,
        "account_code": pl.Utf8,
        "column_index": pl.Int32,
        "value_position": pl.Int32,
        "column_label": pl.Utf8,
        "measure": pl.Utf8,
        "period_label": pl.Utf8,
        "amount_text": pl.Utf8,
        "amount": pl.Float64,
        "decimals": pl.Int32,
        "unit": pl.Utf8,
        "unit_note": pl.Utf8,
        "split_ambiguous": pl.Boolean,
        "split_note": pl.Utf8,
        "source_kind": pl.Utf8,
        "sentence": pl.Utf8,
        "stated_organisation": pl.Utf8,
    }
}

_MONEY = {"kr", "tkr", "mnkr"}
_NEIGHBOUR_LINES = 80


def extract(doc: Document, sections: SectionIndex) -> dict[str, list[dict]]:
    lex = lexicon()
    tables = read_tsv_tables(doc.lines, lex) + read_aligned_tables(doc.lines, lex)
    tables = merge_column_tables(doc.lines, lex, tables)
    tables.sort(key=lambda t: t.start_line)
    rows: list[dict] = []
    units = _table_units(tables, lex, sections)
    for t, (unit, note) in zip(tables, units):
        rows.extend(table_rows(doc.document_id, t, lex, sections, unit, note))
    rows.extend(prose_rows(doc, sections, tables, rows))
    # the body the document names in its title block, for rows whose section names none
    org = stated_organisation(doc.lines, furniture_lines(doc.lines))
    for r in rows:
        r["stated_organisation"] = org
    return {"financial_amount": rows}


def prose_rows(doc: Document, sections: SectionIndex, tables: list[EconTable], table_rows: list[dict]) -> list[dict]:
    """Figures stated in sentences outside the tables, with the table's statement when the
    sentence names one of its row labels as the figure's subject."""
    in_tables = {n for t in tables for n in range(min([t.start_line] + [r.label_line for r in t.rows]),
                                                      max([t.start_line] + [r.line for r in t.rows]) + 1)}
    statement_of = {}
    for r in table_rows:
        if r["line_item"]:
            # the first table printing the label, as the reconciliation compares with
            statement_of.setdefault(label_key(r["line_item"]), r["statement"])
    out = []
    on_line: dict[int, int] = {}
    for i, f in enumerate(prose_figures(doc.lines, in_tables, [r["line_item"] for r in table_rows if r["line_item"]])):
        sec = sections.at(f.line)
        if sec is None:
            continue
        section_id = sec.section_id
        # a sentence has no column: the figure's order on its line stands in for one
        on_line[f.line] = on_line.get(f.line, 0) + 1
        out.append({
            "financial_line_id": _hash(doc.document_id, "prose", f.line, i),
            "section_id": section_id, "source_line": f.line,
            "table_id": _hash(doc.document_id, "prose", f.line, i), "table_encoding": "prose",
            "table_start_line": f.line, "table_title": None, "header_text": None,
            "statement": statement_of.get(label_key(f.line_item), "other") if f.matched_label else "other",
            "accounting_model": None, "row_index": 0, "label_line": f.line,
            "line_item": f.line_item, "line_item_detail": None, "section_label": None,
            "is_total": False, "is_subitem": False, "parent_line_item": None, "account_code": None,
            "column_index": None, "value_position": on_line[f.line] - 1,
            "column_label": f"figure {on_line[f.line]} in the text", "measure": f.measure,
            "period_label": None, "amount_text": f.amount_text, "amount": f.amount, "decimals": f.decimals,
            "unit": f.unit, "unit_note": None, "split_ambiguous": False,
            "split_note": None if f.matched_label else "subject is not a row label of the document's tables",
            "source_kind": "prose", "sentence": f.sentence,
        })
    return out


def _statement(t: EconTable, lex: Lexicon) -> tuple[str, str | None]:
    st, default = lex.statement(" ".join(x for x in (t.title or "", t.stub, t.header_text) if x))
    if st:
        return st, default
    st = lex.statement_of_rows([r.label for r in t.rows])
    if st:
        return st, None
    if any(lex.measure(l) == "change_pct" for l in t.labels):
        return "activity_volume", "outcome"
    return "other", None


def _table_units(tables: list[EconTable], lex: Lexicon, sections: SectionIndex) -> list[tuple[str | None, str | None]]:
    """Unit stated by each table's title/header; money tables without one borrow it from the
    nearest table in the same section (recorded in unit_note)."""
    stated = [lex.unit(t.context) for t in tables]
    out: list[tuple[str | None, str | None]] = []
    for i, t in enumerate(tables):
        u = stated[i]
        st, _ = _statement(t, lex)
        if u:
            out.append((u, None))
            continue
        if st in ("activity_volume", "other"):
            out.append(("antal", None))
            continue
        if st == "project_budget":
            out.append(("kr", "no unit printed; project budgets are in kronor"))
            continue
        sec = sections.at(t.start_line)
        best = None
        for k, other in enumerate(tables):
            if k == i or not stated[k] or stated[k] not in _MONEY:
                continue
            d = abs(other.start_line - t.start_line)
            if d <= _NEIGHBOUR_LINES and sections.at(other.start_line) == sec and (best is None or d < best[0]):
                best = (d, stated[k], other.start_line)
        if best:
            out.append((best[1], f"no unit printed; taken from the table at line {best[2]}"))
        else:
            out.append((None, "no unit printed"))
    return out


_SUM_WORD = re.compile(r"^\s*(?:summa|s:a)\s+", re.I)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+och\s+", re.I)


def one_row_sections(t: EconTable) -> set[int]:
    """Rows that are a whole section printed as one row: a later total lists the sections it
    sums ('Summa eget kapital, avsättningar och skulder') and this row's label is one of
    them with no 'Summa <label>' row of its own (var 'Eget kapital' with only a varav below).
    Such a row closes its block like a subtotal, so the next block's sum does not take it."""
    labels = [" ".join(r.label.lower().split()) for r in t.rows]
    out: set[int] = set()
    for ti, tl in enumerate(labels):
        m = _SUM_WORD.match(tl)
        if not m:
            continue
        names = [n for n in _LIST_SPLIT.split(tl[m.end():]) if n]
        # every listed section is printed: as one row or with its own 'Summa' row
        if len(names) < 2 or not all(n in labels or f"summa {n}" in labels for n in names):
            continue
        for ri in range(ti):
            r = t.rows[ri]
            if labels[ri] in names and not r.is_subitem and f"summa {labels[ri]}" not in labels:
                out.add(ri)
    return out


def _hash(*parts) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _magnitude_unit(t: EconTable, unit: str | None) -> tuple[str | None, str | None]:
    """Header says Tkr but values carry decimals and stay small: they are mnkr."""
    if unit != "tkr":
        return unit, None
    nums = [c for r in t.rows for c in r.cells if c is not None and c.kind == "num" and c.value is not None]
    if nums and any(c.decimals for c in nums) and max(abs(c.value) for c in nums) < 10000:
        return "mnkr", "header says tkr, magnitudes and decimals are mnkr"
    return unit, None


def _model(text: str) -> str | None:
    s = text.lower()
    if "fullfond" in s:
        return "fullfond"
    if "blandmodell" in s:
        return "blandmodell"
    return None


def table_rows(document_id: str, t: EconTable, lex: Lexicon, sections: SectionIndex,
               unit: str | None, unit_note: str | None) -> list[dict]:
    statement, default_measure = _statement(t, lex)
    unit, mag_note = _magnitude_unit(t, unit)
    unit_note = "; ".join(x for x in (unit_note, mag_note) if x) or None
    sec = sections.at(t.start_line)
    section_id = sec.section_id if sec else None
    table_id = _hash(document_id, section_id, t.start_line)
    model = _model(" ".join(x for x in (t.title or "", t.header_text) if x))
    # measures per column; outcome columns of an earlier year than the table's latest are prior
    measures = []
    for lab in t.labels:
        m = lex.measure(lab)
        measures.append(m if m else (default_measure or "other"))
    years = [year_of(l) for l in t.labels]
    latest = max([y for y, m in zip(years, measures) if y and m in ("outcome", "forecast", "budget")] or [0])
    measures = ["prior_outcome" if m == "outcome" and y and y < latest else m for m, y in zip(measures, years)]
    out: list[dict] = []
    parent = None
    sections = one_row_sections(t)
    for ri, r in enumerate(t.rows):
        total = is_total_label(r.label) or ri in sections
        if not r.is_subitem:
            parent = r.label
        row_unit = lex.unit(r.label) if statement == "key_ratio" else None
        pos = -1
        for ci, c in enumerate(r.cells):
            if c is None:
                continue
            pos += 1
            label = t.labels[ci] if (r.positions_known and ci < len(t.labels)) else None
            measure = measures[ci] if label is not None else None
            if c.kind == "pct" or measure == "change_pct":
                u = "%"
            elif statement == "key_ratio":
                u = row_unit or ("other" if unit in _MONEY else unit)
            else:
                u = unit
            out.append({
                "financial_line_id": _hash(document_id, section_id, t.start_line, r.line, ci),
                "section_id": section_id,
                # a row's values may sit on several lines (ingest.tables.values_below)
                "source_line": getattr(c, "line", None) or r.line,
                "table_id": table_id,
                "table_encoding": t.encoding,
                "table_start_line": t.start_line,
                "table_title": t.title,
                "header_text": t.header_text,
                "statement": statement,
                "accounting_model": model,
                "row_index": ri,
                "label_line": r.label_line,
                "line_item": r.label or None,
                "line_item_detail": r.detail,
                "section_label": r.section_label,
                "is_total": total,
                "is_subitem": r.is_subitem,
                "parent_line_item": parent if r.is_subitem else None,
                "account_code": r.account_code,
                "column_index": ci if label is not None else None,
                "value_position": pos,
                "column_label": label,
                "measure": measure,
                "period_label": period_of(label),
                "amount_text": c.text,
                "amount": c.value,
                "decimals": c.decimals,
                "unit": u,
                "unit_note": unit_note if u == unit else None,
                "split_ambiguous": r.split_ambiguous,
                "split_note": r.split_note,
                "source_kind": "table",
                "sentence": None,
            })
    return out
