"""Quarantine, not block: a document whose rows break a blocking dbt test is left out of this
build's marts, and everything else publishes.

The check runs once per build, not once per document:

1. `dbt build`, every test storing its failing rows as a view and a blocking test's rows
   reported without skipping anything below it (dbt_project.yml), so one pass sees every
   rule every document breaks. A clean build stops here: the only cost is the views.
2. The failing rows are traced to their `document_id`: every model's rules are one `rules`
   test whose failing rows are the model's own rows with the broken rule's name
   (dbt_project/macros/test_rules.sql); the documents go to `raw.quarantine`, one row per
   document and rule. Staging keeps their rows (it only cleans); every intermediate model
   or mart reads staging rows through the macro `admitted`, which leaves them out.
3. `dbt build` once more (the project's on-run-start batch reloads the same seeds). Any
   broken rule now is the pipeline's, except a staging test failing again on the
   quarantined documents' own rows.

The pipeline is broken (PipelineBroken: nothing is published) when a model or test errors,
a failing row belongs to no document, or every document would be quarantined.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from ingest.dbt_runner import DbtResult, FailedTest, PreparedDbt, run_dbt

TEST_FAILURES_SCHEMA = "test_failures"  # dbt_project.yml: data_tests +schema
EXAMPLE_LINES = 3
EXCERPT_CHARS = 60
REASON_CHARS = 400
# dbt --select for both passes, read from the environment as dbt's own options are (the dbt
# stage may run in a process of its own); set by ingest/pipeline.py
SELECT_ENV = "WAREHOUSE_DBT_SELECT"
# A `rules` test's rows of its warn-only rules (dbt_project/macros/test_rules.sql) never quarantine.
_ERRORS = "check_severity = 'error'"


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
                          on_node: Callable[[int, int, str], None] | None = None,
                          prepared: PreparedDbt | None = None) -> DbtOutcome:
    """Run dbt on the build file, quarantining documents whose rows break blocking tests.
    `documents`: document_id -> source_file of every loaded document; `prepared`: dbt's
    slot and parsed project for the build file (dbt_runner.PreparedDbt), used by both passes.
    $WAREHOUSE_DBT_SELECT (SELECT_ENV): only these nodes (ingest/pipeline.py: a rebuild whose
    raw rows did not change)."""
    outcome = DbtOutcome()
    only = ("--select", *os.environ[SELECT_ENV].split()) if os.environ.get(SELECT_ENV) else ()

    def dbt(command: str, *extra: str) -> DbtResult:
        t0 = time.perf_counter()
        res = run_dbt(build_file, dbt_dir, command, list(extra), on_node=on_node, prepared=prepared)
        outcome.passes.append((" ".join((command, *extra)), round(time.perf_counter() - t0, 3)))
        again = out_of_memory_retry(res)
        if again:
            t0 = time.perf_counter()
            res = after_retry(res, run_dbt(build_file, dbt_dir, command, again, on_node=on_node, prepared=prepared))
            outcome.passes.append((" ".join((command, *again)) + " (out of memory before)",
                                   round(time.perf_counter() - t0, 3)))
        if res.errors:
            raise PipelineBroken("dbt " + command + " errored:\n  " + "\n  ".join(res.errors[:20]))
        return res

    res = dbt("build", *only)
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
        res = dbt("build", *only)
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
    """Each failed test's stored rows, per rule and document: (breaches, messages for rows of
    no document). A `rules` test (dbt_project/macros/test_rules.sql) checks every rule of one
    model in one node; its failing rows are the model's own, led by the rule's name
    (`check_name`, e.g. accepted_values_fct_activity_status_status), column and severity
    (`check_severity`: rows of a warn-only rule are left out)."""
    breaches: list[Breach] = []
    orphans: list[str] = []
    for t in tests:
        cols = _columns(con, t.relation) if t.relation else []
        if "document_id" not in cols:
            orphans.append(f"{t.name}: {t.failures} row(s) that cannot be traced to a document "
                           f"({', '.join(_rules_of(con, t, cols)) or t.message})")
            continue
        rule = "check_name" if "check_name" in cols else repr(t.name)
        column = "column_name" if "column_name" in cols else repr(t.column or "")
        line = "source_line" if "source_line" in cols else "null::integer"
        per_doc = con.sql(f"""
            select {rule} as rule, any_value({column}) as col, document_id, count(*) as n,
                   list_sort(list_distinct(list({line})))[1:{EXAMPLE_LINES}] as lines
            from {t.relation} where {_ERRORS if "check_severity" in cols else "true"}
            group by all order by rule, document_id nulls first""").fetchall()
        for rule_name, col, document_id, n, lines in per_doc:
            if document_id is None:
                orphans.append(f"{rule_name}: {n} row(s) with no document_id")
                continue
            breaches.append(Breach(document_id, rule_name, n,
                                   _reason(con, rule_name, t.model, col, document_id, n, lines or [])))
    return breaches, orphans


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [r[0] for r in con.sql(f"describe select * from {relation}").fetchall()]


def _rules_of(con: duckdb.DuckDBPyConnection, t: FailedTest, cols: list[str]) -> list[str]:
    """The broken rules' names, with their row counts, of a failed `rules` test."""
    if "check_name" not in cols:
        return []
    where = _ERRORS if "check_severity" in cols else "true"
    return [f"{rule}: {n} row(s)" for rule, n in con.sql(
        f"select check_name, count(*) from {t.relation} where {where} group by all order by all").fetchall()]


def _reason(con: duckdb.DuckDBPyConnection, rule: str, model: str | None, column: str,
            document_id: str, n: int, lines: list[int]) -> str:
    if not model:
        where = "singular test"
    elif rule.startswith("expression_is_true"):
        where = f"{model}: {column}"
    else:
        where = f"{model}.{column}" if column else model
    text = f"{rule} ({where}): {n} row(s)"
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


def out_of_memory_retry(res: DbtResult) -> list[str]:
    """dbt's arguments to run again, one node at a time, the nodes DuckDB ran out of memory in,
    every node below them and every node dbt skipped for them; [] when some node failed
    otherwise (a broken pipeline). dbt runs two nodes at a time in one DuckDB memory pool
    (dbt_project/profiles.yml); a large corpus can need it whole for one node, and the night is
    not lost for that. The skipped nodes are named: a test that errors makes `dbt build` skip
    what is below the model it tests, which is not below the test (`test+` is the test alone);
    an x100 build lost dq_reconciliation that way."""
    if not res.errors or len(res.out_of_memory) != len(res.errors):
        return []
    below = [f"{name}+" for name in res.out_of_memory]
    return ["--select", *below, *(n for n in dict.fromkeys(res.skipped_nodes) if f"{n}+" not in below),
            "--threads", "1"]


def after_retry(first: DbtResult, retry: DbtResult) -> DbtResult:
    """The outcome of a build whose out-of-memory nodes (and those below them) ran again."""
    again = {t.name for t in retry.failed_tests}
    return DbtResult(
        success=retry.success and not first.failed_tests,
        failures=[f for f in first.failures if f.split(":", 1)[0] not in first.out_of_memory] + retry.failures,
        nodes=first.nodes - first.skipped - len(first.out_of_memory) + retry.nodes,
        failed_tests=[t for t in first.failed_tests if t.name not in again] + retry.failed_tests,
        errors=retry.errors, skipped=retry.skipped, out_of_memory=retry.out_of_memory,
        skipped_nodes=retry.skipped_nodes)


def _reasons(breaches: list[Breach]) -> dict[str, str]:
    """document_id -> its reasons, in rule order (the same text as reasons_in gives)."""
    out: dict[str, list[str]] = {}
    for b in sorted(breaches, key=lambda b: (b.document_id, b.rule, b.reason)):
        out.setdefault(b.document_id, []).append(b.reason)
    return {d: "; ".join(r) for d, r in out.items()}


def reasons_in(build_file: Path) -> dict[str, str]:
    """document_id -> reason of the documents raw.quarantine of `build_file` holds, as _reasons
    gives them (a rebuild that keeps the published copy's marts keeps its quarantine too)."""
    con = duckdb.connect(str(build_file), read_only=True)
    try:
        return dict(con.sql("select document_id, string_agg(reason, '; ' order by rule, reason) "
                            "from raw.quarantine group by document_id").fetchall())
    finally:
        con.close()


def _write(con: duckdb.DuckDBPyConnection, breaches: list[Breach]) -> None:
    con.sql("delete from raw.quarantine")
    con.executemany("insert into raw.quarantine values (?, ?, ?, ?)",
                    [(b.document_id, b.rule, b.failing_rows, b.reason) for b in breaches])
