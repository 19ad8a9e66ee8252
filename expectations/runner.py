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
    RowCount, RowCountEqualsCorpus, Suite, Unique, UniqueTogether, WithinDocumentYears,
)
from expectations.data_docs import stage_site
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
                     on_table: Callable[[int, int, str], None] | None = None) -> ExpectationRun:
    """Validate the warehouse at `db_path` (opened read-only for the run, closed before returning).

    `suites` defaults to every suite of this package; tests pass their own. `on_table(done,
    total, table)` is called as each table's suites have run (progress).
    """
    t_start = time.perf_counter()
    seconds: dict[str, float] = {}

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        present = _tables_present(con)
        chosen = list(suites) if suites is not None else default_suites(present)
        runnable = [s for s in chosen if s.table in present]
        catalog = _catalog(con, runnable)
        corpus = _corpus(con) if "raw.document" in present else Corpus(None, {})

        def frames() -> Iterator[tuple[str, Any]]:
            # One table in memory at a time: a large corpus's line tables are millions of rows.
            tables = list(dict.fromkeys(s.table for s in runnable))
            for done, table in enumerate(tables):
                t0 = time.perf_counter()
                table_suites = [s for s in runnable if s.table == table]
                df = _load(con, table, table_suites)
                _add_derived_columns(df, table_suites, corpus)
                seconds["load"] = seconds.get("load", 0.0) + time.perf_counter() - t0
                yield table, df
                if on_table:  # resumed once the table's checkpoint has run
                    on_table(done + 1, len(tables), table)

        rows: list[dict[str, Any]] = [_missing_row(run_id, s) for s in chosen if s.table not in present]
        with _quiet():
            t0 = time.perf_counter()
            import great_expectations as gx
            seconds["import"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            context = _context(gx)
            rows += _validate(gx, context, runnable, frames(), catalog, corpus, run_id)
            seconds["validate"] = time.perf_counter() - t0 - seconds.get("load", 0.0)
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
                          seconds={k: round(v, 3) for k, v in seconds.items()}, data_docs_staged=staged)


# --- reading the warehouse ---------------------------------------------------------------

def _tables_present(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {f"{s}.{t}" for s, t in con.sql(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('raw', 'marts')").fetchall()}


def _load(con: duckdb.DuckDBPyConnection, table: str, suites: list[Suite]):
    """The table as a dataframe with the values of the columns the checks read. Other columns
    come as a boolean `is null` flag: they still exist for ColumnsPresent (types are checked on
    the catalog), but a million printed lines are not copied into Python strings."""
    schema, name = table.split(".", 1)
    read = _value_columns(suites)
    columns = [r[0] for r in con.sql(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", params=[schema, name]).fetchall()]
    select = ", ".join(f'"{c}"' if c in read else f'("{c}" is null) as "{c}"' for c in columns)
    return _normalise(con.sql(f'select {select} from "{schema}"."{name}"').df())


def _value_columns(suites: list[Suite]) -> set[str]:
    """Columns whose values some check of these suites reads."""
    out: set[str] = set()
    for suite in suites:
        for check in suite.checks:
            if isinstance(check, (ColumnsPresent, ColumnType)):
                continue
            for attr in ("column", "other"):
                if isinstance(getattr(check, attr, None), str):
                    out.add(getattr(check, attr))
            out.update(getattr(check, "columns", ()) or ())
            where = getattr(check, "where", None)
            if where:
                out.add(where[0])
            if isinstance(check, WithinDocumentYears):
                out.add("document_id")
    return out


def _normalise(df):
    """Turn pandas 3 extension dtypes (`str`, nullable `Int32`, `boolean`) into object
    columns of plain Python values with None for missing: GX 1.x's pandas metrics
    compare against pd.NA badly (ambiguous truth values). NumPy dtypes stay as they are.
    """
    import pandas as pd

    for col in df.columns:
        dtype = df[col].dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and not isinstance(dtype, pd.DatetimeTZDtype):
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
              run_id: str) -> list[dict]:
    """One validation per dataframe (each table, then the catalog); results as rows.

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
    result_format = {"result_format": "BASIC", "partial_unexpected_count": 5}

    def validate(name: str, expectations: list, df) -> list:
        batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
        suite = gx.ExpectationSuite(name=name, expectations=expectations)
        return batch.validate(suite, result_format=result_format).results

    def by_check(r) -> tuple:
        meta = r.expectation_config.meta or {}
        return meta.get("suite", ""), meta.get("check", 0)

    rows: list[dict] = []
    for table, df in frames:
        expectations = []
        for suite in (s for s in suites if s.table == table):
            for i, check in enumerate(suite.checks):
                for expectation in _to_gx(check, corpus):
                    expectation.meta = {"suite": suite.name, "check": i}
                    expectations.append(expectation)
        if not expectations:
            continue
        for r in sorted(validate(table.replace(".", "__"), expectations, df), key=by_check):
            rows.append(_result_row(run_id, by_name[r.expectation_config.meta["suite"]], r))

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
        return _clip(text + (f"; e.g. {json.dumps(sample[:5], default=_jsonable, ensure_ascii=False)}" if n else ""))
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
