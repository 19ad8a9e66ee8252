"""Quarantine, not block: a document whose rows break a blocking dbt test is left out of this
build's marts, and everything else publishes.

The check runs once per build, not once per document:

1. `dbt build`, every test storing its failing rows as a view and a blocking test's rows
   reported without skipping anything below it (dbt_project.yml), so one pass sees every
   rule every document breaks. A clean build stops here: the only cost is the views.
2. The failing rows are traced to their `document_id` (directly, or by joining the failing
   values back to the tested model); the documents go to `raw.quarantine`. Staging keeps
   their rows (it only cleans); every intermediate model or mart reads staging rows through
   the macro `admitted`, which leaves them out.
3. `dbt build` once more (seeds kept). Any broken rule now is the pipeline's, except a
   staging test failing again on the quarantined documents' own rows.

The pipeline is broken (PipelineBroken: nothing is published) when a model or test errors,
a failing row belongs to no document, or every document would be quarantined.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from ingest.dbt_runner import DbtResult, FailedTest, run_dbt

TEST_FAILURES_SCHEMA = "test_failures"  # dbt_project.yml: data_tests +schema
EXAMPLE_LINES = 3
EXCERPT_CHARS = 60
REASON_CHARS = 400

# Generic tests whose stored failing rows hold the tested column's values in their first
# column (unique_field, from_field, value_field), not the model's rows.
_VALUE_TESTS = ("unique", "relationships", "accepted_values")


class PipelineBroken(RuntimeError):
    """The models or the checks themselves failed: no document is to blame."""


@dataclass(frozen=True)
class Breach:
    document_id: str
    rule: str
    failing_rows: int
    reason: str


@dataclass
class DbtOutcome:
    quarantined: dict[str, str] = field(default_factory=dict)  # document_id -> reason
    breaches: list[Breach] = field(default_factory=list)
    passes: list[tuple[str, float]] = field(default_factory=list)  # (dbt command, seconds)


def create_quarantine_table(con: duckdb.DuckDBPyConnection) -> None:
    """raw.quarantine exists in every build (empty unless a document is quarantined)."""
    con.sql("create schema if not exists raw")
    con.sql("create or replace table raw.quarantine "
            "(document_id varchar, rule varchar, failing_rows integer, reason varchar)")


def build_with_quarantine(build_file: Path, dbt_dir: Path, documents: dict[str, str],
                          on_node: Callable[[int, int, str], None] | None = None) -> DbtOutcome:
    """Run dbt on the build file, quarantining documents whose rows break blocking tests.
    `documents`: document_id -> source_file of every loaded document."""
    outcome = DbtOutcome()

    def dbt(command: str, *extra: str) -> DbtResult:
        t0 = time.perf_counter()
        res = run_dbt(build_file, dbt_dir, command, list(extra), on_node=on_node)
        outcome.passes.append((" ".join((command, *extra)), round(time.perf_counter() - t0, 3)))
        if res.errors:
            raise PipelineBroken("dbt " + command + " errored:\n  " + "\n  ".join(res.errors[:20]))
        return res

    res = dbt("build")
    if res.failed_tests:
        con = duckdb.connect(str(build_file))
        try:
            breaches, orphans = trace_failures(con, res.failed_tests)
            if orphans:
                raise PipelineBroken("blocking tests failed on rows that belong to no document:\n  "
                                     + "\n  ".join(orphans[:20]))
            quarantined = _reasons(breaches)
            if set(quarantined) >= set(documents):
                raise PipelineBroken(
                    f"every document ({len(documents)}) broke a blocking rule:\n  "
                    + "\n  ".join(f"{documents.get(d, d)}: {r}" for d, r in sorted(quarantined.items())[:20]))
            _write(con, breaches)
        finally:
            con.close()
        outcome.breaches, outcome.quarantined = breaches, quarantined
        res = dbt("build", "--exclude-resource-type", "seed")
        still = _still_failing(build_file, res.failed_tests, quarantined)
        if still:
            raise PipelineBroken(
                f"blocking tests still fail after quarantining {len(quarantined)} document(s):\n  "
                + "\n  ".join(still[:20]))
    con = duckdb.connect(str(build_file))
    try:
        # The failing-row views point into the marts; BI users need none of them.
        con.sql(f"drop schema if exists {TEST_FAILURES_SCHEMA} cascade")
    finally:
        con.close()
    return outcome


def _still_failing(build_file: Path, tests: list[FailedTest], quarantined: dict[str, str]) -> list[str]:
    """The second pass's failures that are the pipeline's. Staging keeps every document's rows
    (quarantine applies where the intermediate models and marts read them, macro `admitted`),
    so a staging test fails again on exactly the quarantined documents' rows: that is expected.
    Any other failure, or a staging failure on another document's rows, is not."""
    still = [f"{t.name}: fail: {t.message}" for t in tests if not (t.model or "").startswith("stg_")]
    staging = [t for t in tests if (t.model or "").startswith("stg_")]
    if staging:
        con = duckdb.connect(str(build_file))
        try:
            breaches, orphans = trace_failures(con, staging)
        finally:
            con.close()
        still += orphans + [f"{b.rule}: {b.failing_rows} row(s) of {b.document_id}, which is not quarantined"
                            for b in breaches if b.document_id not in quarantined]
    return still


def trace_failures(con: duckdb.DuckDBPyConnection, tests: list[FailedTest]) -> tuple[list[Breach], list[str]]:
    """Each failed test's stored rows, per document: (breaches, messages for rows of no document)."""
    breaches: list[Breach] = []
    orphans: list[str] = []
    for t in tests:
        rows_sql = _document_rows_sql(con, t)
        if rows_sql is None:
            orphans.append(f"{t.name}: {t.failures} row(s) that cannot be traced to a document ({t.message})")
            continue
        per_doc = con.sql(f"""
            select document_id, count(*) as n,
                   list_sort(list_distinct(list(source_line)))[1:{EXAMPLE_LINES}] as lines
            from ({rows_sql}) group by all order by document_id nulls first""").fetchall()
        for document_id, n, lines in per_doc:
            if document_id is None:
                orphans.append(f"{t.name}: {n} row(s) with no document_id")
                continue
            breaches.append(Breach(document_id, t.name, n, _reason(con, t, document_id, n, lines or [])))
    return breaches, orphans


def _document_rows_sql(con: duckdb.DuckDBPyConnection, t: FailedTest) -> str | None:
    """SQL giving (document_id, source_line) of the rows behind a failed test, or None."""
    if not t.relation:
        return None
    failed_cols = _columns(con, t.relation)
    if "document_id" in failed_cols:
        line = "source_line" if "source_line" in failed_cols else "null::integer"
        return f"select document_id, {line} as source_line from {t.relation}"
    model = _relation_of(con, t.model)
    if model is None:
        return None
    model_cols = _columns(con, model)
    if "document_id" not in model_cols:
        return None
    line = "m.source_line" if "source_line" in model_cols else "null::integer"
    if t.test in _VALUE_TESTS and t.column and t.column in model_cols and failed_cols:
        on = f'm."{t.column}" = f."{failed_cols[0]}"'
    elif t.test == "unique_combination_of_columns":
        cols = list(t.kwargs.get("combination_of_columns") or [])
        if not cols or not all(c in model_cols and c in failed_cols for c in cols):
            return None
        on = " and ".join(f'm."{c}" is not distinct from f."{c}"' for c in cols)
    else:
        return None
    return (f"select distinct m.document_id, {line} as source_line "
            f"from {model} as m join {t.relation} as f on {on}")


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [r[0] for r in con.sql(f"describe select * from {relation}").fetchall()]


def _relation_of(con: duckdb.DuckDBPyConnection, model: str | None) -> str | None:
    if not model:
        return None
    found = con.sql("select table_schema from information_schema.tables where table_name = ? "
                    "and table_schema <> ?", params=[model, TEST_FAILURES_SCHEMA]).fetchall()
    return f'"{found[0][0]}"."{model}"' if len(found) == 1 else None


def _reason(con: duckdb.DuckDBPyConnection, t: FailedTest, document_id: str, n: int, lines: list[int]) -> str:
    where = t.model + (f".{t.column}" if t.column else "") if t.model else "singular test"
    if t.test == "not_null_columns" and t.model:
        where = f"{t.model}.{'/'.join(_null_columns(con, t, document_id))}"
    text = f"{t.name} ({where}): {n} row(s)"
    if lines:
        first = con.sql("select text from raw.document_line where document_id = ? and source_line = ?",
                        params=[document_id, lines[0]]).fetchall()
        excerpt = " ".join(first[0][0].split()) if first and first[0][0] else ""
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS - 1] + "…"
        text += f", e.g. line {lines[0]}" + (f' "{excerpt}"' if excerpt else "")
        if len(lines) > 1:
            text += ", lines " + ", ".join(str(x) for x in lines[1:])
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "…"


def _null_columns(con: duckdb.DuckDBPyConnection, t: FailedTest, document_id: str) -> list[str]:
    """Which of a not_null_columns test's columns are NULL in this document's failing rows
    (the test checks several columns in one node; the reason names the ones that broke)."""
    columns = list(t.kwargs.get("columns") or [])
    if not t.relation or not columns:
        return columns
    counts = con.sql(f"select {', '.join(f'count(*) filter (where {c} is null)' for c in columns)} "
                     f"from {t.relation} where document_id = ?", params=[document_id]).fetchone()
    return [c for c, n in zip(columns, counts) if n] or columns


def _reasons(breaches: list[Breach]) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for b in sorted(breaches, key=lambda b: (b.document_id, b.rule)):
        out.setdefault(b.document_id, []).append(b.reason)
    return {d: "; ".join(r) for d, r in out.items()}


def _write(con: duckdb.DuckDBPyConnection, breaches: list[Breach]) -> None:
    con.sql("delete from raw.quarantine")
    con.executemany("insert into raw.quarantine values (?, ?, ?, ?)",
                    [(b.document_id, b.rule, b.failing_rows, b.reason) for b in breaches])
