"""Run every suite on a built warehouse file with Great Expectations 1.x.

GX cannot validate DuckDB through SQL here (ARCHITECTURE.md, decision 3), so each
table is read once into a pandas DataFrame and validated through an ephemeral context:
one pandas datasource with one whole-dataframe asset, one batch per table, all the
table's suites validated together as one GX suite (see _validate).
Column types are checked on one more dataframe, the DuckDB catalog of the declared
columns (information_schema.columns), with one expectation per suite: DuckDB's own
types are more precise than pandas dtypes (DATE vs TIMESTAMP, INTEGER vs DOUBLE), and
one expectation per table instead of one per column keeps GX's per-expectation
overhead down. Data Docs (expectations/data_docs.py) are rendered from the results into
a staging folder; the pipeline swaps them in only after the build is published.

A table of more than BATCH_ROWS rows is validated in batches of whole documents (see
_plan_passes): a 100-fold corpus's 3.8 M printed lines as one pandas frame took the
checks process to 1.4 GiB. Each row expectation's counts and first unexpected values are
added up over the batches, in row order, so the results are those of the whole table.

A table whose fingerprint equals the one kept by the build the file was copied from is not
validated again: its results are carried (reuse.py). GX is imported only when some table is
validated, without the libraries no suite calls (deferred.py).

The pipeline writes `ExpectationRun.results` into marts.dq_expectation_result and
refuses to publish when `blocking_failures` is not empty.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import duckdb
import polars as pl

from expectations.spec import (
    Between, Check, ColumnsPresent, ColumnType, DateBetween, InSet, IsNull, NotLess, NotNull, Regex,
    RowCount, RowCountEqualsCorpus, Suite, Unique, UniqueTogether, WithinDocumentYears, columns_read,
)
from expectations import by_document, reuse
from expectations.data_docs import stage_site
from expectations.deferred import defer
from expectations.suites_marts import MART_SUITES
from expectations.suites_raw import CORE_RAW_TABLES, RAW_SUITES, extractor_suite

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.Utf8,
    "suite": pl.Utf8,
    "table_name": pl.Utf8,
    "expectation": pl.Utf8,
    "success": pl.Boolean,
    "observed": pl.Utf8,
    "blocking": pl.Boolean,
    "column_name": pl.Utf8,
    "details": pl.Utf8,  # the expectation's arguments as JSON (value sets, bounds, row filter)
}

# DuckDB type -> the logical type the suites declare (spec.LogicalType).
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
                  "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
_FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL"}
_CATALOG_ASSET = "duckdb_catalog"
_TYPES_SUITE = "column_types"

_OBSERVED_MAX = 500
# Unexpected values GX lists per failed expectation (result_format), and how many of them a
# result prints. A list holding every unexpected value is printed in value order, so the
# example does not depend on the physical row order of the table (uniqueness: _first_duplicates).
_PARTIAL_UNEXPECTED = 200
_SHOWN = 5

# DuckDB's cache while the checks read: the frames are the memory that matters here, and
# DuckDB's default (80 % of RAM) lets it keep every block it read of the large tables.
CHECKS_MEMORY_LIMIT = "128MB"

# Rows above which a table is validated in batches of whole documents, when it can be.
BATCH_ROWS = 100_000

# raw tables the build writes itself, not an extractor (no provenance columns).
_NOT_EXTRACTOR_TABLES = frozenset({"quarantine"})

# Expectations about rows: a failure is some document's facts, so it is a finding (a
# warning), never a reason to withhold everyone's warehouse. Blocking rules on a document's
# rows are dbt tests, which quarantine that document (ingest/quarantine.py) before these
# run. What still blocks: a missing table or column, a wrong type, lost line or row counts,
# an expectation that could not be evaluated - the pipeline itself is broken.
_ROW_EXPECTATIONS = ("expect_column_values_", "expect_compound_columns_", "expect_column_pair_values_")


@dataclass
class ExpectationRun:
    run_id: str
    results: pl.DataFrame  # RESULT_SCHEMA, one row per expectation evaluated (or table missing)
    blocking_failures: list[str]  # human-readable; non-empty means: do not publish
    warnings: list[str]  # failures of non-blocking suites, optional tables missing
    seconds: dict[str, float] = field(default_factory=dict)  # import, load, validate, data_docs, total
    data_docs_staged: Path | None = None  # the site for this run, published by data_docs.publish_data_docs
    fingerprints: dict[str, str] = field(default_factory=dict)  # table -> what its results depend on (reuse.py)
    carried: dict[str, str] = field(default_factory=dict)  # table -> the earlier build whose results it has
    # table -> its documents' rows and digests and the row checks that passed (by_document.py)
    document_parts: dict[str, by_document.TableParts] = field(default_factory=dict)
    by_document: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> the documents its row checks saw


@dataclass(frozen=True)
class Corpus:
    """Figures from raw.document that some checks compare against."""
    document_lines: int | None
    document_years: dict[str, int]


def default_suites(tables_present: set[str]) -> list[Suite]:
    """The declared suites plus a provenance suite for every extractor raw table present."""
    extractor_tables = sorted(t.split(".", 1)[1] for t in tables_present
                              if t.startswith("raw.") and t.split(".", 1)[1] not in CORE_RAW_TABLES
                              and t.split(".", 1)[1] not in _NOT_EXTRACTOR_TABLES)
    return [*RAW_SUITES, *(extractor_suite(t) for t in extractor_tables), *MART_SUITES]


def run_expectations(db_path: Path, run_id: str, data_docs_dir: Path | None = None, *,
                     suites: Sequence[Suite] | None = None,
                     on_table: Callable[[int, int, str], None] | None = None,
                     carry: bool = True) -> ExpectationRun:
    """Validate the warehouse at `db_path` (opened read-only for the run, closed before returning).

    `suites` defaults to every suite of this package; tests pass their own. `on_table(done,
    total, table)` is called as each table's suites have run (progress). The results of a
    table the file's earlier build validated with the same fingerprint are carried from it
    (reuse.py) unless `carry` is false.
    """
    t_start = time.perf_counter()
    seconds: dict[str, float] = {}

    con = duckdb.connect(str(db_path), read_only=True, config={"memory_limit": CHECKS_MEMORY_LIMIT})
    try:
        present = _tables_present(con)
        chosen = list(suites) if suites is not None else default_suites(present)
        runnable = [s for s in chosen if s.table in present]
        corpus = _corpus(con) if "raw.document" in present else Corpus(None, {})
        t0 = time.perf_counter()
        columns = reuse.table_columns(con)
        fingerprints = reuse.fingerprints(con, runnable, corpus, columns)
        carried = reuse.carried(con, fingerprints) if carry else {}
        runnable = [s for s in runnable if s.table not in carried]  # the rest is validated
        parts, plans = _document_plans(con, chosen, columns, fingerprints, carried, corpus, carry)
        seconds["fingerprints"] = time.perf_counter() - t0
        catalog = _catalog(con, runnable)

        def frames() -> Iterator[tuple[str, Any]]:
            # One table in memory at a time: a large corpus's line tables are millions of rows.
            tables = list(dict.fromkeys(s.table for s in runnable))
            for done, table in enumerate(tables):
                t0 = time.perf_counter()
                table_suites = [s for s in runnable if s.table == table]
                if table in plans:  # its row checks on the changed documents' rows only
                    df = _document_parts(con, table, table_suites, corpus, plans[table], seconds)
                elif (passes := _plan_passes(con, table, table_suites)) is None:
                    df = _load(con, table, table_suites)
                    _add_derived_columns(df, table_suites, corpus)
                else:
                    df = _parts(con, table, table_suites, corpus, passes, seconds)
                seconds["load"] = seconds.get("load", 0.0) + time.perf_counter() - t0
                yield table, df
                del df
                if on_table:  # resumed once the table's checkpoint has run
                    on_table(len(carried) + done + 1, total, table)

        missing = [_missing_row(run_id, s) for s in chosen if s.table not in present]
        rows: list[dict[str, Any]] = []
        total = len(carried) + len({s.table for s in runnable})
        for done, (table, (_, kept)) in enumerate(carried.items()):
            rows += [{**r, "run_id": run_id} for r in kept]
            if on_table:
                on_table(done + 1, total, table)
        if runnable:  # GX only when some table changed
            with _quiet():
                t0 = time.perf_counter()
                defer()  # GX's statistics and charting libraries, which no suite here calls
                import great_expectations as gx
                seconds["import"] = time.perf_counter() - t0

                t0 = time.perf_counter()
                context = _context(gx)

                def on_result(table: str, suite: str, position: int, check: Check, r) -> None:
                    # a row check that passed with one element per row: the next build may
                    # validate it on the documents that changed only (by_document.plan)
                    if table in parts and by_document.is_row_check(check) and by_document.passed(r, parts[table].rows):
                        parts[table].passed.append((suite, position))

                rows += _validate(gx, context, runnable, frames(), catalog, corpus, run_id,
                                  lambda table, check: _first_duplicates(con, table, check), on_result)
                seconds["validate"] = time.perf_counter() - t0 - seconds.get("load", 0.0)
        # in a whole validation's order: a suite's rows are all carried or all new, each in order
        rows = missing + sorted(rows, key=lambda r: (r["table_name"], r["suite"]))
    finally:
        con.close()

    results = pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row") if rows else pl.DataFrame(schema=RESULT_SCHEMA)
    staged = None
    if data_docs_dir is not None:
        t0 = time.perf_counter()
        staged = stage_site(results, run_id, data_docs_dir, why={s.name: s.why for s in chosen})
        seconds["data_docs"] = time.perf_counter() - t0
    blocking, warns = _messages(results)
    seconds["total"] = time.perf_counter() - t_start
    return ExpectationRun(run_id=run_id, results=results, blocking_failures=blocking, warnings=warns,
                          seconds={k: round(v, 3) for k, v in seconds.items()}, data_docs_staged=staged,
                          fingerprints=fingerprints,
                          carried={t: carried[t][0] for t in sorted(carried)},
                          document_parts=parts, by_document={t: p.documents for t, p in sorted(plans.items())})


# --- reading the warehouse ---------------------------------------------------------------

def _tables_present(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {f"{s}.{t}" for s, t in con.sql(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('raw', 'marts')").fetchall()}


def _load(con: duckdb.DuckDBPyConnection, table: str, suites: list[Suite], read: set[str] | None = None):
    """The table as a dataframe with the values of the columns the checks read (or `read`). Other
    columns come as a boolean `is null` flag: they still exist for ColumnsPresent (types are checked
    on the catalog), but a million printed lines are not copied into Python strings."""
    schema, name = table.split(".", 1)
    read = columns_read(c for s in suites for c in s.checks) if read is None else read
    columns = [r[0] for r in con.sql(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", params=[schema, name]).fetchall()]
    select = ", ".join(f'"{c}"' if c in read else f'("{c}" is null) as "{c}"' for c in columns)
    return _normalise(con.sql(f'select {select} from "{schema}"."{name}"').df())


# Expectations about the table as a whole (its columns, its row count).
_TABLE_CHECKS = (ColumnsPresent, RowCount, RowCountEqualsCorpus)


def _check_columns(check: Unique | UniqueTogether) -> tuple[str, ...]:
    return (check.column,) if isinstance(check, Unique) else check.columns


@dataclass(frozen=True)
class _Pass:
    """Checks of a large table validated together on a frame of `columns` (no column: an
    index of the table's rows), read range by range (`ranges`: row-id ranges in row order,
    their results added up by _merge) or in one frame of every row (`ranges` None)."""
    checks: tuple[Check, ...]
    columns: tuple[str, ...]
    ranges: list[tuple[int, int]] | None


@dataclass
class _Part:
    """A frame and the checks to validate on it; `batch`: one range of a pass of several,
    whose results are added up with the other ranges' (_merge)."""
    keep: Callable[[Check], bool]
    frame: Any
    batch: bool
    carried_rows: int = 0  # rows of unchanged documents each result adds, none unexpected (by_document.py)


def _plan_passes(con: duckdb.DuckDBPyConnection, table: str, suites: list[Suite]) -> list[_Pass] | None:
    """None for a table of at most BATCH_ROWS rows (one frame). Otherwise the passes over
    its rows (the table checks run on frames of no rows, see _parts):
    - a check comparing rows (Unique, UniqueTogether) on its own columns, every row in one
      frame, unless it includes document_id and each document's rows lie together in row
      order: then the ranges are cut between documents and it runs range by range,
    - every other check range by range, on the columns the checks read.
    The ranges, one after the other, are the rows in the order a whole-table read returns
    them, so the first unexpected values are the same."""
    schema, name = table.split(".", 1)
    rel = f'"{schema}"."{name}"'
    if con.sql(f"select count(*) from {rel}").fetchall()[0][0] <= BATCH_ROWS:
        return None
    columns = [r[0] for r in con.sql(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", params=[schema, name]).fetchall()]
    ranges = _document_ranges(con, rel) if "document_id" in columns else None
    whole_documents = ranges is not None
    if ranges is None:
        ranges = [tuple(r) for r in con.sql(
            f"select min(r), max(r) from (select rowid as r, (row_number() over (order by rowid) - 1) "
            f"// {BATCH_ROWS} as b from {rel}) group by b order by 1").fetchall()]
    checks = list(dict.fromkeys(c for s in suites for c in s.checks if not isinstance(c, _TABLE_CHECKS)))
    apart = [c for c in checks if isinstance(c, (Unique, UniqueTogether))
             and not (whole_documents and "document_id" in _check_columns(c))]
    passes = [_Pass((c,), _check_columns(c), None) for c in apart]
    ranged = tuple(c for c in checks if c not in apart)
    if ranged:
        wanted = columns_read(ranged)
        read = tuple(c for c in columns if c in wanted)
        # every column they read missing: GX says so on a frame of the rows, as on a whole table's
        passes.append(_Pass(ranged, read, ranges if read else None))
    return passes


def _document_ranges(con: duckdb.DuckDBPyConnection, rel: str) -> list[tuple[int, int]] | None:
    """Row-id ranges of whole documents, about BATCH_ROWS rows each; None when some
    document's rows are not together (another document's row between its first and last)."""
    ranges: list[tuple[int, int]] = []
    start, rows, last = None, 0, -1
    for lo, hi, n in con.sql(f"select min(rowid), max(rowid), count(*) from {rel} group by document_id "
                             "order by min(rowid)").fetchall():
        if lo <= last:
            return None
        start = lo if start is None else start
        rows, last = rows + n, hi
        if rows >= BATCH_ROWS:
            ranges.append((start, hi))
            start, rows = None, 0
    if start is not None:
        ranges.append((start, last))
    return ranges


class _Frames:
    """The frames of one table that _parts and _document_parts read, each timed into
    seconds["load"]."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, suites: list[Suite], corpus: Corpus,
                 seconds: dict[str, float]):
        schema, name = table.split(".", 1)
        self.con, self.rel, self.suites, self.corpus, self.seconds = con, f'"{schema}"."{name}"', suites, corpus, seconds

    def timed(self, read: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        df = read()
        self.seconds["load"] = self.seconds.get("load", 0.0) + time.perf_counter() - t0
        return df

    def shape(self):
        """No rows: ColumnsPresent reads the names only (the derived columns, as a whole-table frame has them)."""
        df = self.con.sql(f"select * from {self.rel} limit 0").df()
        for suite in self.suites:
            for check in suite.checks:
                if (isinstance(check, WithinDocumentYears) and check.column in df.columns
                        and "document_id" in df.columns and check.derived_column not in df.columns):
                    df[check.derived_column] = []
        return df

    def index(self):
        """The row count and no column: an index of n rows costs nothing."""
        import pandas as pd

        return pd.DataFrame(index=pd.RangeIndex(self.con.sql(f"select count(*) from {self.rel}").fetchall()[0][0]))

    def shape_parts(self) -> Iterator[_Part]:
        """The table checks: the column set on a frame of no rows, the row count on an index."""
        yield _Part(lambda c: isinstance(c, ColumnsPresent), self.timed(self.shape), batch=False)
        yield _Part(lambda c: isinstance(c, (RowCount, RowCountEqualsCorpus)), self.timed(self.index), batch=False)

    def nullable(self, columns: Sequence[str]) -> set[str]:
        """The columns with a NULL somewhere in the table: a part of its rows gets the dtype a
        whole-table read gives them (DuckDB makes an integer or boolean column nullable only
        when the rows read have a NULL), so values print alike in every part."""
        nulls = self.con.sql("select " + ", ".join(f'count(*) > count("{c}")' for c in columns)
                             + f" from {self.rel}").fetchall()[0]
        return {c for c, has_null in zip(columns, nulls) if has_null}

    def read(self, columns: Sequence[str], where: str = "", nullable: set[str] = frozenset()):
        select = ", ".join(f'"{c}"' for c in columns)
        df = _normalise(self.con.sql(f"select {select} from {self.rel}{where}").df(), nullable)
        _add_derived_columns(df, self.suites, self.corpus)
        return df


def _parts(con: duckdb.DuckDBPyConnection, table: str, suites: list[Suite], corpus: Corpus, passes: list[_Pass],
           seconds: dict[str, float]) -> Iterator[_Part]:
    """The frames of a large table, read one at a time (each is dropped before the next is
    read): the column set on a frame of no rows, the row count on a frame of no columns (an
    index of n rows), then each pass's frames (a range's columns typed as the whole table's:
    _Frames.nullable)."""
    f = _Frames(con, table, suites, corpus, seconds)
    yield from f.shape_parts()
    for p in passes:
        keep = p.checks.__contains__
        if not p.columns:
            yield _Part(keep, f.timed(f.index), batch=False)
        elif p.ranges is None or len(p.ranges) == 1:
            yield _Part(keep, f.timed(lambda: f.read(p.columns)), batch=False)
        else:
            nullable = f.nullable(p.columns)
            for lo, hi in p.ranges:
                yield _Part(keep, f.timed(lambda: f.read(p.columns, f" where rowid between {lo} and {hi}", nullable)),
                            batch=True)


def _document_plans(con: duckdb.DuckDBPyConnection, suites: Sequence[Suite],
                    columns: dict[str, list[tuple[str, str]]], fingerprints: dict[str, str],
                    carried: dict[str, Any], corpus: Corpus, carry: bool
                    ) -> tuple[dict[str, by_document.TableParts], dict[str, by_document.Plan]]:
    """Each present table's documents (by_document.documents; `columns`: reuse.table_columns),
    with the row checks that passed carried for a carried table, and the tables whose row
    checks are validated on some documents only (by_document.plan)."""
    before = by_document.kept(con) if carry else {}
    parts: dict[str, by_document.TableParts] = {}
    plans: dict[str, by_document.Plan] = {}
    for table in fingerprints:
        table_suites = [s for s in suites if s.table == table]
        now = by_document.documents(con, table, table_suites, columns.get(table, []), corpus.document_years)
        if now is None:
            continue
        parts[table] = now
        kept = before.get(table)
        if table in carried:  # the same rows and suites: what passed then passes now
            if kept is not None and kept.key == now.key:
                now.passed = list(kept.passed)
            continue
        plan = by_document.plan(now, kept, by_document.row_checks(table_suites), BATCH_ROWS)
        if plan is not None:
            plans[table] = plan
    return parts, plans


def _document_parts(con: duckdb.DuckDBPyConnection, table: str, suites: list[Suite], corpus: Corpus,
                    plan: by_document.Plan, seconds: dict[str, float]) -> Iterator[_Part]:
    """The frames of a table whose row checks see only `plan.documents` (by_document.py): the
    column set on a frame of no rows, the row count on a frame of no columns, the other
    checks on every row of the columns they read, the row checks on those documents' rows,
    their results added to the other documents' rows (none unexpected)."""
    f = _Frames(con, table, suites, corpus, seconds)
    names = [d[0] for d in con.sql(f"select * from {f.rel} limit 0").description]
    row = by_document.is_row_check
    others = tuple(c for s in suites for c in s.checks
                   if not row(c) and not isinstance(c, (ColumnsPresent, RowCount, RowCountEqualsCorpus, ColumnType)))
    rows = tuple(c for s in suites for c in s.checks if row(c))

    def read(checks: tuple[Check, ...], where: str = ""):
        wanted = columns_read(checks)
        read = [c for c in names if c in wanted]
        if not read:  # every column they read missing: GX says so on a frame of the rows
            return f.index()
        return f.read(read, where, f.nullable(read) if where else set())

    def whole():  # the frame a whole validation has, but with only the columns the other checks read
        # and what the derived years column needs: ColumnsPresent's observed list names it
        years = tuple(c for s in suites for c in s.checks if isinstance(c, WithinDocumentYears))
        df = _load(con, table, suites, columns_read(others) | columns_read(years))
        _add_derived_columns(df, suites, corpus)
        return df

    if plan.carried_rows + plan.rows <= BATCH_ROWS:  # one frame of every row for the table's other checks
        yield _Part(lambda c: not row(c), f.timed(whole), batch=False)
    else:  # a large table: its shape on frames of no rows or no columns, the other checks on their columns
        yield from f.shape_parts()
        if others:
            yield _Part(others.__contains__, f.timed(lambda: read(others)), batch=False)
    documents = ", ".join("'" + d.replace("'", "''") + "'" for d in plan.documents)
    yield _Part(lambda c: row(c), f.timed(lambda: read(rows, f' where "{by_document.DOCUMENT}" in ({documents})')),
                batch=True, carried_rows=plan.carried_rows)


def _normalise(df, nullable: set[str] = frozenset()):
    """Turn pandas 3 extension dtypes (`str`, nullable `Int32`, `boolean`) into object
    columns of plain Python values with None for missing: GX 1.x's pandas metrics
    compare against pd.NA badly (ambiguous truth values). NumPy dtypes stay as they are,
    except for the `nullable` columns (NULL somewhere in the table, see _parts).
    Equal strings become one Python object (a column of units or labels repeats a few
    values over a million rows; a string object per cell is ~60 bytes more).
    """
    import numpy as np
    import pandas as pd

    for col in nullable:
        dtype = df[col].dtype
        if not isinstance(dtype, np.dtype):
            continue  # already an extension dtype (nullable)
        if dtype == np.bool_:
            df[col] = df[col].astype("boolean")
        elif np.issubdtype(dtype, np.integer):
            df[col] = df[col].astype(dtype.name.replace("uint", "UInt").replace("int", "Int"))
    for col in df.columns:
        dtype = df[col].dtype
        if isinstance(dtype, pd.StringDtype):
            codes, uniques = pd.factorize(df[col])  # missing: code -1
            values = np.append(np.asarray(uniques, dtype=object), None)
            df[col] = pd.Series(values.take(codes), index=df.index, dtype=object)
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and not isinstance(dtype, pd.DatetimeTZDtype):
            s = df[col].astype(object)
            df[col] = s.where(df[col].notna(), None)
    return df


def _catalog(con: duckdb.DuckDBPyConnection, suites: list[Suite]):
    """One row per (table, column) some suite declares a type for, with the DuckDB type,
    its logical family and `column_type` = '<column>: <family>' (what the check compares)."""
    import pandas as pd

    declared = {(s.table, c.column) for s in suites for c in s.checks if isinstance(c, ColumnType)}
    rows = [(f"{schema}.{table}", column, data_type)
            for schema, table, column, data_type in con.sql(
                "select table_schema, table_name, column_name, data_type from information_schema.columns "
                "where table_schema in ('raw', 'marts') order by table_schema, table_name, ordinal_position"
            ).fetchall()
            if (f"{schema}.{table}", column) in declared]
    df = pd.DataFrame(rows, columns=["table_name", "column_name", "data_type"], dtype=object)
    df["logical_type"] = [_family(t) for t in df["data_type"]]
    df["column_type"] = df["column_name"] + ": " + df["logical_type"]
    return df.astype(object)


def _family(data_type: str) -> str:
    t = data_type.upper()
    if t == "VARCHAR" or t.startswith("VARCHAR("):
        return "string"
    if t in _INTEGER_TYPES:
        return "integer"
    if t in _FLOAT_TYPES or t.startswith("DECIMAL"):
        return "float"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP") or t == "DATETIME":
        return "timestamp"
    if t == "BOOLEAN":
        return "boolean"
    return t.lower()


def _corpus(con: duckdb.DuckDBPyConnection) -> Corpus:
    lines = con.sql("select sum(line_count) from raw.document").fetchall()[0][0]
    years = dict(con.sql(
        "select document_id, year(document_date) from raw.document "
        "where document_id is not null and document_date is not null").fetchall())
    return Corpus(int(lines) if lines is not None else None, {k: int(v) for k, v in years.items()})


def _add_derived_columns(df, suites: list[Suite], corpus: Corpus) -> None:
    """Columns some checks need that are not in the table (WithinDocumentYears)."""
    for suite in suites:
        for check in suite.checks:
            if isinstance(check, WithinDocumentYears) and check.derived_column not in df.columns:
                if check.column not in df.columns or "document_id" not in df.columns:
                    continue  # the expectation then fails on the missing column, which says why
                doc_year = df["document_id"].map(corpus.document_years).astype("float64")
                year = df[check.column].dt.year.astype("float64")
                df[check.derived_column] = year - doc_year


# --- GX ----------------------------------------------------------------------------------

@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No GX chatter in build logs: its loggers at ERROR, its library warnings muted."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _context(gx):
    from great_expectations.data_context.types.base import (
        DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig,
    )

    # No GX SiteBuilder: its pages need CDNs and print values unescaped (data_docs.py).
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites={},
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _validate(gx, context, suites: list[Suite], frames: Iterable[tuple[str, Any]], catalog, corpus: Corpus,
              run_id: str, first_duplicates: Callable[[str, Check], list] | None = None,
              on_result: Callable[[str, str, int, Check, Any], None] | None = None) -> list[dict]:
    """One validation per dataframe (each table, then the catalog); results as rows.
    `first_duplicates(table, check)`: the values a failed uniqueness check lists (see
    _first_duplicates); without it, GX's own (the first in row order).

    Every suite of a table goes into one GX suite (each expectation names its suite in its
    meta), validated on a batch of one shared whole-dataframe asset: GX resolves the table's
    metrics in one graph, and no checkpoint, validation definition or store is written. Those
    cost more than the expectations themselves (a checkpoint run serialises its definitions
    and results into the context's stores and checks them for freshness)."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    batch_definition = (context.data_sources.add_pandas("warehouse").add_dataframe_asset("table")
                        .add_batch_definition_whole_dataframe("whole_table"))
    by_name = {s.name: s for s in suites}
    result_format = {"result_format": "BASIC", "partial_unexpected_count": _PARTIAL_UNEXPECTED}

    def validate(name: str, expectations: list, df) -> list:
        batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
        suite = gx.ExpectationSuite(name=name, expectations=expectations)
        return batch.validate(suite, result_format=result_format).results

    def by_check(r) -> tuple:
        meta = r.expectation_config.meta or {}
        return meta.get("suite", ""), meta.get("check", 0)

    def expectations_of(table: str, keep: Callable[[Check], bool] = lambda c: True) -> list:
        out = []
        for suite in (s for s in suites if s.table == table):
            for i, check in enumerate(suite.checks):
                if keep(check):
                    for expectation in _to_gx(check, corpus):
                        expectation.meta = {"suite": suite.name, "check": i}
                        out.append(expectation)
        return out

    rows: list[dict] = []
    for table, df in frames:
        name = table.replace(".", "__")
        if isinstance(df, Iterator):  # a large table in parts (_plan_passes)
            results, ranged = [], {}
            for part in df:  # new expectation objects for every part: a GX suite owns its own
                expectations = expectations_of(table, part.keep)
                if expectations:
                    for r in validate(name, expectations, part.frame):
                        (ranged.setdefault(by_check(r), []) if part.batch else results).append(r)
                        if part.carried_rows:  # the unchanged documents' rows: counted, none unexpected
                            ranged[by_check(r)].append(_MergedResult(
                                r.expectation_config, True, {},
                                {"element_count": part.carried_rows, "unexpected_count": 0,
                                 "partial_unexpected_list": []}))
                part.frame = None  # dropped before the next part is read
            results += [_merge(p) for p in ranged.values()]
        else:
            expectations = expectations_of(table)
            if not expectations:
                continue
            results = validate(name, expectations, df)
        for r in sorted(results, key=by_check):
            suite = by_name[r.expectation_config.meta["suite"]]
            check = suite.checks[r.expectation_config.meta["check"]]
            if on_result is not None:
                on_result(table, suite.name, r.expectation_config.meta["check"], check, r)
            if (first_duplicates is not None and isinstance(check, (Unique, UniqueTogether)) and not r.success
                    and (r.result or {}).get("unexpected_count")):
                r.result["partial_unexpected_list"] = first_duplicates(table, check)
            rows.append(_result_row(run_id, suite, r))

    # Column types: one expectation per suite on the catalog of declared columns.
    typed = []
    for suite in suites:
        declared = [f"{c.column}: {c.type}" for c in suite.checks if isinstance(c, ColumnType)]
        if declared:
            typed.append(gxe.ExpectColumnValuesToBeInSet(
                column="column_type", value_set=declared, row_condition=Column("table_name") == suite.table,
                meta={"suite": suite.name}))
    if typed:
        for r in validate(_TYPES_SUITE, typed, catalog):
            suite = by_name[r.expectation_config.meta["suite"]]
            rows.append(_result_row(run_id, suite, r, column="(column types)",
                                    unit="declared columns of another type"))
    rows.sort(key=lambda r: (r["table_name"], r["suite"]))
    return rows


def _first_duplicates(con: duckdb.DuckDBPyConnection, table: str, check: Unique | UniqueTogether) -> list:
    """The first rows a failed uniqueness check finds, in the order of their values: GX lists
    them in row order, and dbt's tables (built by parallel threads) have none that is fixed, so
    two builds of the same facts printed different examples. As GX counts them: every copy of
    a duplicated value; a column's NULLs are not compared, nor rows NULL in every column."""
    schema, name = table.split(".", 1)
    columns = _check_columns(check)
    quoted = ", ".join(f'"{c}"' for c in columns)
    compared = " or ".join(f'"{c}" is not null' for c in columns)
    df = _normalise(con.sql(f'select {quoted} from "{schema}"."{name}" where {compared} '
                            f"qualify count(*) over (partition by {quoted}) > 1 "
                            f"order by all limit {_SHOWN}").df())
    return list(df[columns[0]]) if isinstance(check, Unique) else df.to_dict("records")


@dataclass
class _MergedResult:
    """One row expectation's results over the batches of a table, as GX gives them for the
    whole table (the attributes _result_row reads)."""
    expectation_config: Any
    success: bool
    exception_info: dict
    result: dict


def _merge(parts: list) -> _MergedResult:
    """Counts added up and the first unexpected values in row order (the batches are in row
    order, each lists its first ones); an error in any batch is the expectation's error."""
    for p in parts:
        if _exception_message(p.exception_info or {}) is not None:
            return _MergedResult(p.expectation_config, False, p.exception_info, p.result or {})
    results = [p.result or {} for p in parts]
    if any("unexpected_count" not in r for r in results):
        raise TypeError(f"{parts[0].expectation_config.type} is not about rows: it cannot be validated in batches")
    return _MergedResult(
        parts[0].expectation_config, all(bool(p.success) for p in parts), {},
        {"element_count": sum(r.get("element_count") or 0 for r in results),
         "unexpected_count": sum(r.get("unexpected_count") or 0 for r in results),
         "partial_unexpected_list": [v for r in results for v in r.get("partial_unexpected_list") or []
                                     ][:_PARTIAL_UNEXPECTED]})


def _to_gx(check: Check, corpus: Corpus) -> list:
    import great_expectations.expectations as gxe

    where = {"row_condition": _condition(check.where)} if getattr(check, "where", None) else {}
    match check:
        case ColumnsPresent(columns):
            return [gxe.ExpectTableColumnsToMatchSet(column_set=list(columns), exact_match=False)]
        case ColumnType():
            return []  # checked on the catalog, one expectation per suite (see _validate)
        case NotNull(column):
            return [gxe.ExpectColumnValuesToNotBeNull(column=column, **where)]
        case IsNull(column):
            return [gxe.ExpectColumnValuesToBeNull(column=column, **where)]
        case Unique(column):
            return [gxe.ExpectColumnValuesToBeUnique(column=column)]
        case UniqueTogether(columns):
            return [gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns))]
        case InSet(column, values):
            return [gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values))]
        case Between(column, lo, hi):
            return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=lo, max_value=hi, **where)]
        case DateBetween(column, lo, hi):
            return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=dt.datetime.fromisoformat(lo),
                                                      max_value=dt.datetime.fromisoformat(hi))]
        case Regex(column, pattern):
            return [gxe.ExpectColumnValuesToMatchRegex(column=column, regex=pattern)]
        case NotLess(column, other):
            return [gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=column, column_B=other, or_equal=True, ignore_row_if="either_value_is_missing")]
        case RowCount(lo, hi):
            return [gxe.ExpectTableRowCountToBeBetween(min_value=lo, max_value=hi)]
        case RowCountEqualsCorpus(fact):
            value = getattr(corpus, fact)
            return [] if value is None else [gxe.ExpectTableRowCountToEqual(value=value)]
        case WithinDocumentYears():
            return [gxe.ExpectColumnValuesToBeBetween(column=check.derived_column, min_value=-check.before,
                                                      max_value=check.after)]
    raise TypeError(f"unknown check {check!r}")


def _condition(where: tuple[str, str, object]):
    from great_expectations.expectations.row_conditions import Column

    column, op, value = where
    c = Column(column)
    if op == "in":
        return c.is_in(list(value))  # type: ignore[arg-type]
    return {"==": c.__eq__, "!=": c.__ne__, "<": c.__lt__, "<=": c.__le__, ">": c.__gt__,
            ">=": c.__ge__}[op](value)


# --- results -----------------------------------------------------------------------------

def _result_row(run_id: str, suite: Suite, r, column: str | None = None,
                unit: str = "rows unexpected") -> dict[str, Any]:
    config = r.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
    column = column or kwargs.get("column") or (",".join(kwargs["column_list"]) if kwargs.get("column_list") else None)
    if column is None and kwargs.get("column_A"):
        column = f"{kwargs['column_A']},{kwargs['column_B']}"
    return {
        "run_id": run_id, "suite": suite.name, "table_name": suite.table, "expectation": config.type,
        "success": bool(r.success), "observed": _observed(r, unit), "blocking": suite.blocking,
        "column_name": column, "details": json.dumps(kwargs, default=_jsonable, ensure_ascii=False, sort_keys=True),
    }


def _missing_row(run_id: str, suite: Suite) -> dict[str, Any]:
    why = "optional: skipped" if suite.optional else "required by the suite"
    return {
        "run_id": run_id, "suite": suite.name, "table_name": suite.table, "expectation": "table_exists",
        "success": False, "observed": f"table missing ({why})", "blocking": suite.blocking and not suite.optional,
        "column_name": None, "details": None,
    }


def _observed(r, unit: str) -> str:
    error = _exception_message(r.exception_info or {})
    if error is not None:
        return _clip("error: " + error)
    res = r.result or {}
    if "observed_value" in res:
        text = f"observed {_jsonable(res['observed_value'])}"
        missing = ((res.get("details") or {}).get("mismatched") or {}).get("missing")
        return _clip(text + (f"; missing {missing}" if missing else ""))
    if "unexpected_count" in res:
        n, total = res.get("unexpected_count") or 0, res.get("element_count")
        text = f"{n} of {total} {unit}"
        sample = res.get("partial_unexpected_list") or []
        if n <= len(sample):  # every unexpected value listed: in value order, not the table's row order
            sample = sorted(sample, key=lambda v: json.dumps(v, default=_jsonable, ensure_ascii=False, sort_keys=True))
        return _clip(text + (f"; e.g. {json.dumps(sample[:_SHOWN], default=_jsonable, ensure_ascii=False)}" if n else ""))
    return _clip(json.dumps(res, default=_jsonable, ensure_ascii=False))


def _exception_message(info: dict) -> str | None:
    """The first line of the error GX caught, if any. GX reports it either flat
    ({'raised_exception': True, ...}) or per metric ({metric_id: {...}})."""
    candidates = [info] + [v for v in info.values() if isinstance(v, dict)]
    for c in candidates:
        if c.get("raised_exception"):
            lines = str(c.get("exception_message") or "").strip().splitlines()
            return lines[0] if lines else "unknown error"
    return None


def _jsonable(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "model_dump"):
        return v.model_dump() if callable(v.model_dump) else str(v)
    if hasattr(v, "dict") and callable(v.dict):
        try:
            return v.dict()
        except TypeError:
            pass
    if isinstance(v, float) and v != v:
        return None
    return str(v)


def _clip(text: str) -> str:
    return text if len(text) <= _OBSERVED_MAX else text[: _OBSERVED_MAX - 1] + "…"


def _messages(results: pl.DataFrame) -> tuple[list[str], list[str]]:
    blocking, warns = [], []
    for row in results.filter(~pl.col("success")).iter_rows(named=True):
        where = row["table_name"] + (f".{row['column_name']}" if row["column_name"] else "")
        text = f"{where}: {row['expectation']} failed ({row['observed']}) [suite {row['suite']}]"
        if row["blocking"] and is_row_finding(row["expectation"], row["column_name"], row["observed"]):
            text += " (rows of documents: a finding, not blocking)"
            warns.append(text)
        else:
            (blocking if row["blocking"] else warns).append(text)
    return blocking, warns


def is_row_finding(expectation: str, column: str | None, observed: str | None) -> bool:
    """A failed expectation about some rows' values (not the table's shape, nor an error)."""
    return (expectation.startswith(_ROW_EXPECTATIONS) and column != "(column types)"
            and not (observed or "").startswith("error:"))
