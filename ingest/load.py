"""Rows -> typed polars frames -> DuckDB schema `raw`: small tables in bulk through Arrow,
the parsed rows straight from the workers' Parquet partitions (never through Python)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import duckdb
import polars as pl

# Raw tables the core stages fill (extractors declare their own in ingest.extract).
CORE_TABLES: dict[str, dict[str, pl.DataType]] = {
    "document": {
        "document_id": pl.Utf8, "source_file": pl.Utf8, "sha256": pl.Utf8, "size_bytes": pl.Int64,
        "line_count": pl.Int64, "region": pl.Utf8, "title": pl.Utf8, "document_date": pl.Date,
        "genre": pl.Utf8, "encoding": pl.Utf8, "load_status": pl.Utf8, "load_error": pl.Utf8,
    },
    "section": {
        "section_id": pl.Utf8, "document_id": pl.Utf8, "parent_section_id": pl.Utf8, "depth": pl.Int32,
        "section_kind": pl.Utf8, "title": pl.Utf8, "region": pl.Utf8, "organisation": pl.Utf8,
        "report_period": pl.Utf8, "line_start": pl.Int32, "line_end": pl.Int32,
    },
    "document_line": {
        "document_id": pl.Utf8, "source_line": pl.Int32, "text": pl.Utf8,
    },
    "extraction_error": {
        "document_id": pl.Utf8, "extractor": pl.Utf8, "error": pl.Utf8,
    },
    "build_run": {
        "run_id": pl.Utf8, "started_at": pl.Datetime("us"), "finished_at": pl.Datetime("us"),
        "status": pl.Utf8, "documents_loaded": pl.Int32, "documents_failed": pl.Int32,
        "rows_per_mart": pl.Utf8, "checks_failed": pl.Int32, "duckdb_version": pl.Utf8,
        "dbt_version": pl.Utf8, "project_version": pl.Utf8,
    },
}


def extractor_tables() -> dict[str, dict[str, pl.DataType]]:
    """Every extractor's raw tables, as its module declares them in `TABLES`, with the
    `document_id` the loader adds in front."""
    from ingest.extract import EXTRACTORS  # the extractors import the parsers: only when asked

    return {table: {"document_id": pl.Utf8, **schema}
            for module in EXTRACTORS.values() for table, schema in module.TABLES.items()}


def raw_schemas() -> dict[str, dict[str, pl.DataType]]:
    """Every raw table the loader writes and its columns and types, read from their one
    declaration (CORE_TABLES above, each extractor's TABLES). The loader, the raw Great
    Expectations suites and the staging check (tests/test_raw_schema.py) all read this.
    raw.quarantine is not here: ingest/quarantine.py writes it during dbt."""
    return {**CORE_TABLES, **extractor_tables()}


_LOGICAL_TYPES = {pl.Utf8: "string", pl.Int32: "integer", pl.Int64: "integer", pl.Float64: "float",
                  pl.Date: "date", pl.Boolean: "boolean", pl.Datetime("us"): "timestamp"}


def logical_types(schema: dict[str, pl.DataType]) -> dict[str, str]:
    """The Great Expectations suites' type family of each column (expectations.spec.LogicalType)."""
    return {c: _LOGICAL_TYPES[t] for c, t in schema.items()}


def frame(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame with exactly the declared columns and types (missing keys become NULL)."""
    if not rows:
        return pl.DataFrame(schema=schema)
    # Column lists, not row dicts: polars builds typed columns ~5x faster this way.
    return pl.DataFrame({k: [r.get(k) for r in rows] for k in schema}, schema=schema)


# Text kept exactly as printed, blank lines included (dim_source_line shows it verbatim).
VERBATIM: frozenset[tuple[str, str]] = frozenset({("document_line", "text")})


def _blank_to_null(name: str, df: pl.DataFrame) -> str:
    """The select list that stores blank strings ('' or spaces only) as NULL, once, here:
    staging then only trims and renames. Non-blank strings are kept as they are."""
    fixes = [f'case when trim("{c}") = \'\' then null else "{c}" end as "{c}"'
             for c, t in df.schema.items() if t == pl.Utf8 and (name, c) not in VERBATIM]
    return f"* replace ({', '.join(fixes)})" if fixes else "*"


def write_raw(con: duckdb.DuckDBPyConnection, tables: Iterable[tuple[str, pl.DataFrame]]) -> dict[str, int]:
    """Create or replace raw.<name> for each (name, frame), in order; returns row counts."""
    con.sql("create schema if not exists raw")
    counts = {}
    for name, df in tables:
        arrow = df.to_arrow()
        con.register("_incoming", arrow)
        try:
            con.sql(f'create or replace table raw."{name}" as select {_blank_to_null(name, df)} from _incoming')
        finally:
            con.unregister("_incoming")
        counts[name] = df.height
    return counts


_DUCKDB_TYPES = {pl.Utf8: "VARCHAR", pl.Int32: "INTEGER", pl.Int64: "BIGINT", pl.Float64: "DOUBLE",
                 pl.Date: "DATE", pl.Boolean: "BOOLEAN", pl.Datetime("us"): "TIMESTAMP"}


def duckdb_types(schema: dict[str, pl.DataType]) -> dict[str, str]:
    """The DuckDB column type of each polars type (as the Arrow load would create it)."""
    if all(t in _DUCKDB_TYPES for t in schema.values()):
        return {c: _DUCKDB_TYPES[t] for c, t in schema.items()}
    con = duckdb.connect()  # a type not in the table: ask DuckDB how it reads it from Arrow
    try:
        rel = con.from_arrow(pl.DataFrame(schema=schema).to_arrow())
        return {c: str(t) for c, t in zip(rel.columns, rel.types)}
    finally:
        con.close()


# Partitions read per statement: DuckDB opens the files of a union_by_name scan together,
# with buffers per column, so 500 documents in one scan overran a 400 MB buffer pool.
PARQUET_FILES_PER_SCAN = 64


def write_raw_parquet(con: duckdb.DuckDBPyConnection, name: str, files: list[Path],
                      schema: dict[str, pl.DataType]) -> int:
    """Create or replace raw.<name> from Parquet partitions, typed by `schema` (columns a
    partition lacks are NULL, extra ones are dropped; blank text is NULL, as in write_raw).
    DuckDB streams the files, a bounded number per scan, in order: the rows never enter
    Python. Returns the row count."""
    con.sql("create schema if not exists raw")
    types = duckdb_types(schema)
    empty = ", ".join(f'cast(null as {t}) as "{c}"' for c, t in types.items())
    con.sql(f'create or replace table raw."{name}" as select {empty} limit 0')
    _insert_parquet(con, name, files, types)
    return con.sql(f'select count(*) from raw."{name}"').fetchone()[0]


def update_raw_parquet(con: duckdb.DuckDBPyConnection, name: str, files: dict[str, Path],
                       schema: dict[str, pl.DataType]) -> tuple[int, int, int] | None:
    """Bring an existing raw.<name> (a copy of the published file's) to the partitions
    `files` (document_id -> partition): delete the rows of documents not in `files`, insert
    the partitions of documents the table lacks, and leave every other document's rows as
    they are - a document's rows depend only on its content (its id) and the parser, and the
    copy is of a file built by the same parser (ingest/incremental.py). Nothing is written
    when nothing changed, so the file frees no blocks. Returns (rows, documents deleted,
    documents inserted), or None when the table is missing or typed otherwise (the caller
    then writes it whole)."""
    types = duckdb_types(schema)
    try:
        have = con.sql(f'select * from raw."{name}" limit 0')
    except duckdb.CatalogException:
        return None
    if dict(zip(have.columns, map(str, have.types))) != types:
        return None
    present = {r[0] for r in con.sql(f'select distinct document_id from raw."{name}"').fetchall()}
    gone = present - files.keys()
    if gone:
        con.register("_gone", pl.DataFrame({"document_id": sorted(gone, key=str)},
                                           schema={"document_id": pl.Utf8}).to_arrow())
        try:
            # NULL ids belong to no document of this build either (none is ever loaded)
            con.sql(f'delete from raw."{name}" where document_id is null '
                    f'or document_id in (select document_id from _gone)')
        finally:
            con.unregister("_gone")
    new = [f for d, f in files.items() if d not in present]
    _insert_parquet(con, name, new, types)
    return con.sql(f'select count(*) from raw."{name}"').fetchone()[0], len(gone), len(new)


def _insert_parquet(con: duckdb.DuckDBPyConnection, name: str, files: list[Path], types: dict[str, str]) -> None:
    """Append the partitions' rows to raw.<name>, in order, a bounded number of files per scan."""
    for i in range(0, len(files), PARQUET_FILES_PER_SCAN):
        chunk = files[i:i + PARQUET_FILES_PER_SCAN]
        source = f"read_parquet([{', '.join(_quote(str(f)) for f in chunk)}], union_by_name = true)"

        def insert(present) -> None:
            cols = ", ".join(_typed(name, c, t) if c in present else f'cast(null as {t}) as "{c}"'
                             for c, t in types.items())
            con.sql(f'insert into raw."{name}" select {cols} from {source}')

        try:
            insert(types)  # partitions of one code version hold every column: no need to look first
        except duckdb.BinderException:
            insert(set(con.sql(f"select * from {source} limit 0").columns))  # an older layout


def _typed(table: str, column: str, duck_type: str) -> str:
    """The column cast to its type; blank text stored as NULL, as write_raw does."""
    cast = f'cast("{column}" as {duck_type})'
    if duck_type == "VARCHAR" and (table, column) not in VERBATIM:
        return f"case when trim({cast}) = '' then null else {cast} end as \"{column}\""
    return f'{cast} as "{column}"'


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"
