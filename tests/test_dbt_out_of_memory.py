"""A node DuckDB runs out of memory in (dbt runs two at a time in one memory pool) is run
again with every node below it, one node at a time, instead of failing the night; any other
error still fails the build (ingest/quarantine.py)."""
from __future__ import annotations

from ingest.dbt_runner import DbtResult, FailedTest
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
