"""`warehouse export`: the marts as files people hand on.

csv / parquet: one file per mart. xlsx: one workbook, one sheet per mart (each written
by DuckDB's excel extension) after a `columns` sheet with every column's description.
kolada: the indicator values as a long table in Kolada's shape. stratsys: goals,
activities and measures with target, outcome and status for a follow-up system's
import (mapping in README.md, "Exports").
"""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.serve import extensions
from ingest.serve.database import MARTS, has_column, mart_tables

FORMATS = ("csv", "parquet", "xlsx", "kolada", "stratsys")
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit less the header row
XLSX_MAX_CELL = 32_767  # Excel's cell text limit
_XLSX_NATIVE = {"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                "FLOAT", "DOUBLE", "DATE", "TIMESTAMP"}


@dataclass
class Exported:
    path: Path
    rows: int


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: Path) -> list[Exported]:
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return [_copy(con, f'{MARTS}."{t}"', out / f"{t}.csv", "format csv, header true") for t in mart_tables(con)]
    if fmt == "parquet":
        return [_copy(con, f'{MARTS}."{t}"', out / f"{t}.parquet", "format parquet") for t in mart_tables(con)]
    if fmt == "xlsx":
        return [write_workbook(con, out / "warehouse.xlsx")]
    if fmt == "kolada":
        return [_copy(con, f"({kolada_sql(con)})", out / "kolada.csv", "format csv, header true")]
    if fmt == "stratsys":
        return [_copy(con, f"({sql})", out / f"stratsys_{name}.csv", "format csv, header true")
                for name, sql in stratsys_sql(con).items()]
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _copy(con: duckdb.DuckDBPyConnection, source: str, path: Path, options: str) -> Exported:
    query = source if source.startswith("(") else f"(select * from {source})"
    con.sql(f"copy {query} to '{_quote(path)}' ({options})")
    return Exported(path, con.sql(f"select count(*) from {query}").fetchone()[0])


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


# --- xlsx ----------------------------------------------------------------------------------

def columns_sheet_sql() -> str:
    return f"""
        select t.table_name as "table", coalesce(t.comment, '') as table_description,
               c.column_name as "column", c.data_type as type, coalesce(c.comment, '') as description
        from duckdb_tables() t
        join duckdb_columns() c using (database_name, schema_name, table_name)
        where t.schema_name = '{MARTS}'
        order by t.table_name, c.column_index"""


def _sheet_select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Columns as Excel can hold them: nested and JSON values as text, text cut at the cell limit."""
    parts = []
    for name, dtype in con.sql("select column_name, data_type from duckdb_columns() where schema_name = ? "
                               "and table_name = ? order by column_index", params=[MARTS, table]).fetchall():
        q = f'"{name}"'
        if dtype in _XLSX_NATIVE or dtype.startswith("DECIMAL"):
            parts.append(q)
        else:  # text, nested values, JSON: as text within Excel's cell limit
            parts.append(f"left(cast({q} as varchar), {XLSX_MAX_CELL}) as {q}")
    return f"select {', '.join(parts)} from {MARTS}.\"{table}\" limit {XLSX_MAX_ROWS}"


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path) -> Exported:
    """One workbook: sheet `columns` (descriptions), then one sheet per mart. DuckDB's excel
    extension writes one sheet per file; the sheets are then put into one package."""
    extensions.load(con, "excel")
    sheets: list[tuple[str, Path]] = []
    rows = 0
    with tempfile.TemporaryDirectory(prefix="xlsx-", dir=path.parent) as tmp:
        parts = [("columns", f"({columns_sheet_sql()})")] + [(t, f"({_sheet_select(con, t)})") for t in mart_tables(con)]
        for i, (name, query) in enumerate(parts):
            sheet = _sheet_name(name)
            f = Path(tmp) / f"{i:03d}.xlsx"
            con.sql(f"copy {query} to '{_quote(f)}' (format xlsx, header true, sheet '{sheet}')")
            if name != "columns":
                rows += con.sql(f"select count(*) from {query}").fetchone()[0]
            sheets.append((sheet, f))
        _merge_workbooks(sheets, path)
    return Exported(path, rows)


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31]


def _merge_workbooks(sheets: list[tuple[str, Path]], out: Path) -> None:
    """Single-sheet workbooks (as DuckDB writes them: inline strings, one styles part) ->
    one workbook with their sheets in order."""
    first = zipfile.ZipFile(sheets[0][1])
    styles = first.read("xl/styles.xml")
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/sharedStrings.xml"):
            z.writestr(name, first.read(name))
        z.writestr("xl/styles.xml", styles)
        entries, rels, overrides = [], [], []
        for i, (sheet, f) in enumerate(sheets, start=1):
            with zipfile.ZipFile(f) as src:
                if src.read("xl/styles.xml") != styles:
                    raise RuntimeError("DuckDB wrote sheets with different styles; cannot merge them")
                z.writestr(f"xl/worksheets/sheet{i}.xml", src.read("xl/worksheets/sheet1.xml"))
            entries.append(f'<sheet name="{sheet}" sheetId="{i}" r:id="rIdS{i}"/>')
            rels.append(f'<Relationship Id="rIdS{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>')
            overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        workbook = first.read("xl/workbook.xml").decode()
        workbook = re.sub(r"<sheets>.*?</sheets>", "<sheets>" + "".join(entries) + "</sheets>", workbook, flags=re.S)
        z.writestr("xl/workbook.xml", workbook)
        wrels = first.read("xl/_rels/workbook.xml.rels").decode()
        wrels = re.sub(r'<Relationship [^>]*relationships/worksheet"[^>]*/>', "", wrels)
        z.writestr("xl/_rels/workbook.xml.rels", wrels.replace("</Relationships>", "".join(rels) + "</Relationships>"))
        types = first.read("[Content_Types].xml").decode()
        types = re.sub(r'<Override PartName="/xl/worksheets/[^"]*"[^>]*/>', "", types)
        z.writestr("[Content_Types].xml", types.replace("</Types>", "".join(overrides) + "</Types>"))
    first.close()
    shutil.move(tmp, out)


# --- Kolada --------------------------------------------------------------------------------

def kolada_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Indicator results in Kolada's long shape (gender T = total; the printed period label
    as the period), the latest print of each value, with its provenance."""
    latest = "where is_latest" if has_column(con, "fct_indicator_value", "is_latest") else ""
    return f"""
        select indicator_id as kpi_id, indicator_name as kpi_title, organisation, region,
               coalesce(period_label, cast(period_end_date as varchar)) as period, period_end_date,
               'T' as gender, result_value as value, unit, status,
               target_value as target, document_id, source_line
        from {MARTS}.fct_indicator_value
        {latest}
        {"and" if latest else "where"} result_value is not null
        order by kpi_title, organisation, period_end_date nulls last, period, document_id, source_line"""


# --- Stratsys ------------------------------------------------------------------------------

# Warehouse status -> the traffic light a follow-up system shows.
_COLOUR = {"met": "green", "partly_met": "yellow", "not_met": "red", "done": "green", "in_progress": "yellow",
           "delayed": "red", "not_started": "yellow", "not_achieved": "red"}


def _colour(col: str) -> str:
    cases = " ".join(f"when '{k}' then '{v}'" for k, v in _COLOUR.items())
    return f"case {col} {cases} else 'none' end"


def stratsys_sql(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    latest = "where v.is_latest" if has_column(con, "fct_indicator_value", "is_latest") else ""
    return {
        "goals": f"""
            select g.goal_id as external_id, g.parent_goal_id as parent_external_id, 'goal' as object_type,
                   g.goal_title as name, g.organisation as unit, g.perspective, g.report_period as period,
                   cast(null as varchar) as target, cast(null as varchar) as outcome,
                   g.status, {_colour('g.status')} as status_colour, g.status_evidence as comment,
                   g.document_id, g.source_line
            from {MARTS}.dim_goal g order by g.document_id, g.source_line""",
        "activities": f"""
            select a.activity_status_id as external_id, a.goal_id as parent_external_id, 'activity' as object_type,
                   a.activity as name, a.organisation as unit, a.perspective, a.report_period as period,
                   cast(null as varchar) as target, cast(null as varchar) as outcome,
                   a.status, {_colour('a.status')} as status_colour,
                   coalesce(a.status_sentence, a.status_evidence) as comment, a.document_id, a.source_line
            from {MARTS}.fct_activity_status a where a.item_kind = 'activity'
            order by a.document_id, a.source_line""",
        "measures": f"""
            select v.indicator_value_id as external_id, v.indicator_id as parent_external_id,
                   'measure' as object_type, v.indicator_name as name, v.organisation as unit,
                   cast(null as varchar) as perspective, v.period_label as period,
                   coalesce(cast(v.target_value as varchar), v.target_text) as target,
                   coalesce(cast(v.result_value as varchar), v.result_text) as outcome,
                   v.status, {_colour('v.status')} as status_colour, v.comment, v.document_id, v.source_line
            from {MARTS}.fct_indicator_value v {latest}
            order by v.document_id, v.source_line""",
    }
