"""Results carried from the build this file was copied from, for tables that did not change.

A table's expectation results are a function of the values its checks read (row by row),
its row count, its columns and their types,
the corpus figures some checks compare against (spec.RowCountEqualsCorpus,
spec.WithinDocumentYears), its suites and the code that runs them. `fingerprints` hashes
all of that per table; the build process keeps every result row with its table's
fingerprint in TABLE (`keep_results`, after the checks). A build that starts from a copy
of the published file (ingest/incremental.py) finds the published run's rows there, and
the runner carries those of every table whose fingerprint is unchanged instead of
validating it again: a rebuild where nothing changed validates only the tables that hold
this run's rows (raw.build_run, marts.meta_build_run).

The rows' hash is order-independent (dbt's tables have no fixed physical order), so a
carried row's "e.g." sample is the earlier build's first unexpected values: the same
values a whole validation lists unless the rows came back in another physical order -
the difference already accepted between any two builds (see runner._observed).

TABLE lives in a schema of its own (`checks`), outside the contract's raw and marts.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Sequence

import duckdb
import polars as pl

from expectations.spec import RowCountEqualsCorpus, Suite, WithinDocumentYears, columns_read
from ingest.row_digest import order_free_digest

SCHEMA = "checks"
TABLE = f"{SCHEMA}.table_result"

# The result columns kept (runner.RESULT_SCHEMA without the run's id).
_RESULT_COLUMNS = ("suite", "table_name", "expectation", "success", "observed", "blocking", "column_name", "details")

COMMENTS = {
    None: "Every Great Expectations result of the build that wrote this file, with a fingerprint of the "
          "validated table (rows, columns, types, suites, checks code): a build started from this file "
          "carries the rows of a table whose fingerprint is unchanged instead of validating it again.",
    "build_run_id": "The build whose results these are (marts.dq_expectation_result.build_run_id).",
    "validated_in": "The build that ran the expectation: an earlier one when the row was carried.",
    "fingerprint": "Hash of what the table's results depend on (expectations/reuse.py).",
    "position": "Order of the row in the build's results.",
}


@lru_cache(maxsize=1)
def checks_version() -> str:
    """Hash of the checks' own code and GX's version: another runner or suite, no carrying."""
    h = hashlib.sha256(metadata.version("great_expectations").encode())
    for p in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """{"schema.table": [(column, type), ...] in column order} of every raw and mart table."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in con.sql(
            "select table_schema, table_name, column_name, data_type from information_schema.columns "
            "where table_schema in ('raw', 'marts') order by table_schema, table_name, ordinal_position").fetchall():
        columns.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return columns


def fingerprints(con: duckdb.DuckDBPyConnection, suites: Sequence[Suite], corpus: Any,
                 columns: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """{table: fingerprint} for every table of `suites` (all present in the file; `columns`:
    table_columns). One DuckDB scan per table: the row count and the sum of the hashes of the
    values the checks read, row by row (the other columns count by their names and types
    only, as in the checks)."""
    out = {}
    for table in dict.fromkeys(s.table for s in suites):
        table_suites = [s for s in suites if s.table == table]
        schema, name = table.split(".", 1)
        wanted = columns_read(c for s in table_suites for c in s.checks)
        read = ", ".join(f'"{c}"' for c, _ in columns.get(table, []) if c in wanted)
        rows, digest = order_free_digest(con, f'"{schema}"."{name}"', read or "0")
        h = hashlib.sha256(checks_version().encode())
        for part in (repr(table_suites), repr(columns.get(table, [])), str(rows), str(digest),
                     _corpus_part(table_suites, corpus)):
            h.update(b"\0" + part.encode())
        out[table] = h.hexdigest()
    return out


def _corpus_part(suites: Iterable[Suite], corpus: Any) -> str:
    checks = [c for s in suites for c in s.checks]
    part = ""
    if any(isinstance(c, RowCountEqualsCorpus) for c in checks):
        part += f"lines={corpus.document_lines};"
    if any(isinstance(c, WithinDocumentYears) for c in checks):
        part += "years=" + hashlib.sha256(repr(sorted(corpus.document_years.items())).encode()).hexdigest()
    return part


def carried(con: duckdb.DuckDBPyConnection, current: dict[str, str]) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """{table: (the build that validated it, its result rows in their order)} from TABLE, for
    the tables whose fingerprint there is `current`'s; {} when the file has no TABLE (a
    build from an empty file)."""
    if not current or not has_table(con, TABLE):
        return {}
    try:
        kept = con.sql(f"select fingerprint, validated_in, {', '.join(_RESULT_COLUMNS)} from {TABLE} "
                       "order by position").fetchall()
    except duckdb.Error:  # written by another version of this code: validate everything
        return {}
    out: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for fingerprint, validated_in, *values in kept:
        row = dict(zip(_RESULT_COLUMNS, values))
        if current.get(row["table_name"]) == fingerprint:
            out.setdefault(row["table_name"], (validated_in, []))[1].append(row)
    return out


def keep_results(con: duckdb.DuckDBPyConnection, run: Any) -> None:
    """Replace TABLE in the (writable) build file with the run's results (runner.ExpectationRun)
    and their tables' fingerprints. Rows of a table without a fingerprint (a missing table)
    are not kept: they cost nothing to make again."""
    table = pl.col("table_name")
    kept = (run.results.with_row_index("position")
            .with_columns(table.replace_strict(run.fingerprints, default=None).alias("fingerprint"),
                          table.replace_strict(run.carried, default=None).fill_null(pl.col("run_id"))
                          .alias("validated_in"))
            .filter(pl.col("fingerprint").is_not_null())
            .select(pl.col("run_id").alias("build_run_id"), "validated_in", "fingerprint",
                    pl.col("position").cast(pl.Int32), *_RESULT_COLUMNS))
    write_table(con, TABLE, "build_run_id varchar, validated_in varchar, fingerprint varchar, position integer, "
                "suite varchar, table_name varchar, expectation varchar, success boolean, observed varchar, "
                "blocking boolean, column_name varchar, details varchar", COMMENTS, kept)
    from expectations import by_document  # (it imports this module)

    by_document.keep(con, getattr(run, "document_parts", None) or {})


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the file has `table` ("schema.name"): a build from an empty file has none of SCHEMA's."""
    schema, name = table.split(".", 1)
    return con.sql("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                   params=[schema, name]).fetchone()[0] > 0


def write_table(con: duckdb.DuckDBPyConnection, table: str, columns: str, comments: dict[str | None, str],
                rows: pl.DataFrame) -> None:
    """Replace `table` ("schema.name", in SCHEMA) in the (writable) build file with `rows`:
    `columns` its column definitions, `comments` its descriptions (None: the table's)."""
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute(f"create or replace table {table} ({columns})")
    for column, text in comments.items():
        target = f"table {table}" if column is None else f"column {table}.{column}"
        con.execute(f"comment on {target} is '{text.replace(chr(39), chr(39) * 2)}'")
    if rows.is_empty():
        return
    con.register("_kept", rows.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from _kept")
    finally:
        con.unregister("_kept")
