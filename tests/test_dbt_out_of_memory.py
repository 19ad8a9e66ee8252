"""A node DuckDB runs out of memory in (dbt runs two at a time in one memory pool) is run
again with every node below it, one node at a time, instead of failing the night; any other
error still fails the build (ingest/quarantine.py)."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from ingest.dbt_runner import DbtResult, FailedTest, run_dbt
from ingest.quarantine import after_retry, out_of_memory_retry

OOM = "Out of Memory Error: failed to pin block of size 256.0 KiB (381.3 MiB/381.4 MiB used)"


def _failed(name: str) -> FailedTest:
    return FailedTest(name=name, test="not_null", model="fct_x", column="c", kwargs={}, relation=None,
                      failures=1, message="1 row")


def _first() -> DbtResult:
    return DbtResult(success=False, nodes=100, skipped=12,
                     failures=[f"fct_big: runtime error: {OOM}", f"rules_dim_line: error: {OOM}",
                               "not_null_fct_y_c: fail: 1 row"],
                     failed_tests=[_failed("not_null_fct_y_c")],
                     errors=[f"fct_big: {OOM}", f"rules_dim_line: {OOM}"],
                     out_of_memory=["fct_big", "rules_dim_line"])


def test_nodes_out_of_memory_run_again_with_all_below_them_one_at_a_time():
    assert out_of_memory_retry(_first()) == ["--select", "fct_big+", "rules_dim_line+", "--threads", "1"]


def test_the_nodes_skipped_for_an_erroring_test_run_again_too():
    # a rules test of int_recon ran out of memory: dbt skipped the marts built on int_recon and
    # their tests, which `rules_int_recon+` does not select (a test has nothing below it)
    first = DbtResult(success=False, nodes=160, skipped=3, failures=[f"rules_int_recon: error: {OOM}"],
                      errors=[f"rules_int_recon: {OOM}"], out_of_memory=["rules_int_recon"],
                      skipped_nodes=["dq_reconciliation", "rules_dq_reconciliation", "dq_reconciliation"])
    assert out_of_memory_retry(first) == ["--select", "rules_int_recon+", "dq_reconciliation",
                                          "rules_dq_reconciliation", "--threads", "1"]


def test_any_other_error_is_a_broken_pipeline():
    res = _first()
    res.errors.append("stg_z: Binder Error: column q not found")
    assert out_of_memory_retry(res) == []
    assert out_of_memory_retry(DbtResult(success=True, failures=[], nodes=3)) == []


def test_the_outcome_counts_each_node_once_and_keeps_both_passes_findings():
    retry = DbtResult(success=False, nodes=14, failures=["not_null_fct_big_c: fail: 2 rows"],
                      failed_tests=[_failed("not_null_fct_big_c")])
    res = after_retry(_first(), retry)
    assert not res.errors and not res.out_of_memory and res.skipped == 0
    assert res.nodes == 100 - 12 - 2 + 14
    assert [t.name for t in res.failed_tests] == ["not_null_fct_y_c", "not_null_fct_big_c"]
    assert res.failures == ["not_null_fct_y_c: fail: 1 row", "not_null_fct_big_c: fail: 2 rows"]
    assert not res.success


def test_a_retry_that_fails_again_is_still_an_error():
    again = DbtResult(success=False, nodes=1, failures=[f"fct_big: runtime error: {OOM}"],
                      errors=[f"fct_big: {OOM}"], out_of_memory=["fct_big"])
    res = after_retry(_first(), again)
    assert res.errors == [f"fct_big: {OOM}"]


@pytest.mark.e2e
def test_a_real_retry_of_an_erroring_node_rebuilds_what_dbt_skipped_below_it(built_warehouse, tmp_path):
    """Real dbt on a copy of the bundled build: a staging model errors (its raw table renamed
    away), and dbt reports what it skipped below it by name, tests included (what the retry
    selects by name when the erroring node is a test: the unit test above); taken as out of
    memory, the retry makes the skipped marts again."""
    db = tmp_path / "wh.duckdb"
    shutil.copy(built_warehouse, db)
    con = duckdb.connect(str(db))
    con.execute("alter table raw.indicator_summary rename to indicator_summary_away")
    con.execute("drop table marts.dq_reconciliation")
    con.close()
    first = run_dbt(db)
    assert [e.split(":", 1)[0] for e in first.errors] == ["stg_raw__indicator_summary"]
    assert "dq_reconciliation" in first.skipped_nodes
    assert any(n.startswith("rules_dq_reconciliation") for n in first.skipped_nodes)  # tests are named too
    first.out_of_memory = ["stg_raw__indicator_summary"]
    again = out_of_memory_retry(first)
    con = duckdb.connect(str(db))
    con.execute("alter table raw.indicator_summary_away rename to indicator_summary")
    con.close()
    retry = run_dbt(db, extra=again)
    assert not retry.errors and retry.skipped == 0
    assert retry.nodes >= 1 + len(set(first.skipped_nodes))  # each skipped node ran
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.sql("select count(*) from marts.dq_reconciliation").fetchone()[0] > 0
    finally:
        con.close()
