"""The checks run in a process of their own (GX imported while the build runs): the same
results as in the build process, its errors raised in the build, and it never outlives it."""
from __future__ import annotations

import time

import pytest

from expectations.checks_process import ChecksFailed, ChecksProcess
from expectations.runner import run_expectations
from tests.test_expectations import make_clean_warehouse


def test_same_results_and_progress_as_in_process(tmp_path):
    db = make_clean_warehouse(tmp_path / "wh.duckdb")
    seen = []
    with ChecksProcess() as checks:
        there = checks.run(db, "run-1", tmp_path / "docs", on_table=lambda *p: seen.append(p))
    here = run_expectations(db, "run-1")
    assert there.results.height > 50
    assert sorted(there.results.rows()) == sorted(here.results.rows())
    assert there.blocking_failures == here.blocking_failures == []
    assert seen and seen[-1][0] == seen[-1][1]  # every table reported, the last as done == total
    assert (tmp_path / "docs.building" / "index.html").exists()  # Data Docs staged there


def test_an_error_there_is_raised_here(tmp_path):
    with ChecksProcess() as checks, pytest.raises(ChecksFailed, match="none.duckdb"):
        checks.run(tmp_path / "none.duckdb", "run-1")


def test_close_ends_it_at_once_and_a_closed_stdin_ends_it(tmp_path):
    checks = ChecksProcess()
    t0 = time.perf_counter()
    checks.close()  # mid-import
    assert checks._proc.returncode is not None and time.perf_counter() - t0 < 10
    orphan = ChecksProcess()
    orphan._proc.stdin.close()  # what the build process's death does
    assert orphan._proc.wait(timeout=120) == 0
    orphan.close()


def test_a_process_started_later_starts_on_run_and_closes_unstarted(tmp_path):
    db = make_clean_warehouse(tmp_path / "wh.duckdb")
    never = ChecksProcess(start=False)
    assert not never.started
    never.close()  # nothing to stop
    later = ChecksProcess(start=False)
    try:
        run = later.run(db, "run-1")  # what a large build does after dbt
        assert later.started and run.results.height > 50 and run.blocking_failures == []
    finally:
        later.close()
    assert later._proc.returncode is not None
