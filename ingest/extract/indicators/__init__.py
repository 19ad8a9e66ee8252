"""Extractor for the indicators domain: every mätetal (measure) with its target, result,
period, unit and status, and the reports' own counts of measures met.

Encodings, one module each: tab-separated KPI tables and their embedded HTML series
(indicators_tsv), space-aligned KPI blocks (indicators_aligned over tables/kpi_blocks),
and måluppfyllelse count tables (indicators_summary). This module adds provenance,
period, organisation, chapter, the matching key and status.
"""
from __future__ import annotations

import polars as pl

from ingest.document import Document, Section, SectionIndex
from ingest.extract.indicators.aligned import aligned_rows
from ingest.extract.indicators.rows import KpiRow
from ingest.extract.indicators.status import assessment_status, derive_status
from ingest.extract.indicators.summary import summary_aligned, summary_tsv
from ingest.extract.indicators.tables import kpi_tables, table_rows
from ingest.extract.indicators.tsv import tsv_rows
from ingest.extract.indicators.values import EMPTY, clean_name, join_wrapped, map_unit, name_key, parse_cell
from ingest.text.page_furniture import furniture_lines
from ingest.title_block import stated_organisation
from ingest.values import period_end_date

REPORT_KINDS = ("monthly_report", "interim_report", "annual_report", "plan_and_budget", "goal_follow_up")
COMMENT_WIDTH = 2000

TABLES: dict[str, dict[str, pl.DataType]] = {
    "indicator_value": {
        "section_id": pl.Utf8, "source_line": pl.Int32, "name_line": pl.Int32, "header_line": pl.Int32,
        "encoding": pl.Utf8, "column_order": pl.Utf8,
        "indicator_name": pl.Utf8, "name_prefix": pl.Utf8, "name_key": pl.Utf8,
        "organisation": pl.Utf8, "chapter": pl.Utf8, "report_kind": pl.Utf8,
        "period_label": pl.Utf8, "period_end_date": pl.Date,
        "target_text": pl.Utf8, "target_value": pl.Float64, "target_operator": pl.Utf8,
        "target_unit": pl.Utf8, "target_unit_text": pl.Utf8, "target_note": pl.Utf8,
        "result_text": pl.Utf8, "result_value": pl.Float64, "result_unit": pl.Utf8, "result_unit_text": pl.Utf8,
        "unit": pl.Utf8, "unit_text": pl.Utf8,
        "glyph": pl.Utf8, "status": pl.Utf8, "status_source": pl.Utf8, "status_evidence": pl.Utf8,
        "direction": pl.Utf8, "direction_source": pl.Utf8,
        "has_target_column": pl.Boolean, "has_result_column": pl.Boolean,
        "comment": pl.Utf8, "remarks": pl.Utf8,
    },
    "indicator_summary": {
        "section_id": pl.Utf8, "source_line": pl.Int32, "organisation": pl.Utf8,
        "row_label": pl.Utf8, "category": pl.Utf8, "period_label": pl.Utf8, "period_end_date": pl.Date,
        "measure_count": pl.Int32, "share_text": pl.Utf8, "share_pct": pl.Float64,
    },
}


def _report_period(sections: SectionIndex, s: Section | None) -> str | None:
    while s is not None:
        if s.report_period:
            return s.report_period
        s = sections.get(s.parent_section_id) if s.parent_section_id else None
    return None


def _report_kind(sections: SectionIndex, s: Section | None) -> str | None:
    chain = [s] + (sections.ancestors(s) if s else [])
    for x in chain:
        if x is not None and x.section_kind in REPORT_KINDS:
            return x.section_kind
    return s.section_kind if s else None


def _chapter(sections: SectionIndex, s: Section | None) -> str | None:
    """The depth-1 section title (a chapter such as 'LÄNSTRAFIKEN'), if the row has one."""
    if s is None:
        return None
    chain = [s] + sections.ancestors(s)
    for x in chain:
        if x.depth == 1:
            return x.title
    return None


def _scan_ranges(sections: SectionIndex, n_lines: int) -> list[tuple[int, int]]:
    """Scan each top-level section separately so no block runs across a sub-document
    boundary; deeper sections bound the aligned blocks through `_block_end`."""
    tops = sorted((s.line_start, s.line_end) for s in sections if s.depth == 0)
    return tops or [(1, n_lines)]


def _block_end(sections: SectionIndex, line: int, default: int) -> int:
    s = sections.at(line)
    return s.line_end if s is not None else default


def kpi_rows(doc: Document, sections: SectionIndex) -> list[KpiRow]:
    rows: list[KpiRow] = []
    furniture = furniture_lines(doc.lines)
    for start, end in _scan_ranges(sections, doc.line_count):
        rows += tsv_rows(doc.lines, start, end)
        rows += aligned_rows(doc.lines, start, end, lambda n: _block_end(sections, n, end))
        # tables read by column position, where the readers above found nothing
        taken = {r.line for r in rows}
        for t in kpi_tables(doc.lines, start, end, furniture.__contains__):
            found = table_rows(t)
            if not any(k.line in taken for k in found):
                rows += found
    return rows


def _merge_series(rows: list[dict]) -> list[dict]:
    """A KPI row and the series period that ends on the same date are one fact: the row
    takes the series' label and target when the results agree. When they disagree the
    series row is dropped and the row records the disagreement."""
    by_key: dict[tuple, dict] = {}
    for r in rows:
        if r["encoding"] == "tsv" and r["period_end_date"] is not None:
            by_key[(r["section_id"], r["name_line"], r["period_end_date"])] = r
    out = []
    for r in rows:
        if r["encoding"] != "html_series":
            out.append(r)
            continue
        main = by_key.get((r["section_id"], r["name_line"], r["period_end_date"]))
        if main is None:
            out.append(r)
            continue
        if main["result_value"] is None or main["result_value"] == r["result_value"]:
            main["period_label"] = r["period_label"]
            if main["target_text"] is None and r["target_text"] is not None:
                for k in ("target_text", "target_value", "target_operator", "target_unit", "target_unit_text"):
                    main[k] = r[k]
                main["unit"] = main["unit"] or r["unit"]
            continue
        main["remarks"] = (f"the embedded series prints {r['period_label']} as target "
                           f"{r['target_text']} and result {r['result_text']}")
    return out


def extract(doc: Document, sections: SectionIndex) -> dict[str, list[dict]]:
    values: list[dict] = []
    # the body the document names in its title block, for rows whose section names none
    doc_org = stated_organisation(doc.lines, furniture_lines(doc.lines))
    for k in kpi_rows(doc, sections):
        sec = sections.at(k.name_line)
        if sec is None:
            continue
        name_text = join_wrapped([k.raw_name]) if k.encoding != "aligned" else k.raw_name
        name, prefix, name_glyph = clean_name(name_text)
        if not name:
            continue
        target = parse_cell(k.target_raw) if k.target_raw is not None else EMPTY
        result = parse_cell(k.result_raw) if k.result_raw is not None else EMPTY
        glyph = result.glyph or target.glyph or (name_glyph if k.encoding != "html_series" else None)
        status, direction, dsource = derive_status(name, target, result, k.comment, glyph)
        stated = assessment_status(k.assessment or k.comment)
        if stated:
            status = type(status)(stated, "assessment", k.assessment or k.comment)
        if not k.has_result_column and status.source == "none":
            status = type(status)("not_assessed", "none", "the table has no result column")
        period = k.period_label or _report_period(sections, sec)
        unit = result.unit or target.unit
        unit_text = result.unit_text or target.unit_text
        if unit is None and k.unit_hint:
            unit, unit_text = map_unit(k.unit_hint), k.unit_hint
        values.append({
            "section_id": sec.section_id, "source_line": k.line, "name_line": k.name_line,
            "header_line": k.header_line, "encoding": k.encoding, "column_order": k.column_order,
            "indicator_name": name, "name_prefix": prefix,
            "name_key": name_key(name, tuple(v for v in (target.value,) if v is not None)),
            "organisation": sections.organisation_at(k.name_line) or doc_org, "chapter": _chapter(sections, sec),
            "report_kind": _report_kind(sections, sec),
            "period_label": period, "period_end_date": period_end_date(period),
            "target_text": target.text, "target_value": target.value, "target_operator": target.operator,
            "target_unit": target.unit, "target_unit_text": target.unit_text, "target_note": target.note,
            "result_text": result.text, "result_value": result.value,
            "result_unit": result.unit, "result_unit_text": result.unit_text,
            "unit": unit, "unit_text": unit_text,
            "glyph": glyph, "status": status.status, "status_source": status.source,
            "status_evidence": status.evidence, "direction": direction, "direction_source": dsource,
            "has_target_column": k.has_target_column, "has_result_column": k.has_result_column,
            "comment": (k.comment or None) and k.comment[:COMMENT_WIDTH], "remarks": k.remarks,
        })
    summary = []
    for start, end in _scan_ranges(sections, doc.line_count):
        for f in summary_tsv(doc.lines, start, end) + summary_aligned(doc.lines, start, end):
            sec = sections.at(f.line)
            if sec is None:
                continue
            summary.append({
                "section_id": sec.section_id, "source_line": f.line,
                "organisation": sections.organisation_at(f.line), "row_label": f.label,
                "category": f.category, "period_label": f.period_label,
                "period_end_date": period_end_date(f.period_label), "measure_count": f.count,
                "share_text": f.share_text, "share_pct": f.share_pct,
            })
    return {"indicator_value": _merge_series(values), "indicator_summary": summary}
