"""A failed check prints "e.g." some unexpected values. They must not depend on the physical
order of the table's rows (dbt's tables, built by parallel threads, have none that is fixed):
the same rows stored in another order give the same result rows. Real GX on small DuckDB files."""
from __future__ import annotations

import random
from pathlib import Path

import duckdb

from expectations.runner import run_expectations
from expectations.spec import Between, Suite, Unique, UniqueTogether

SUITE = Suite(name="t_suite", table="raw.t", blocking=False, why="test", checks=(
    UniqueTogether(("section", "line", "label")),   # more duplicates than GX lists
    Unique("item"),                                  # fewer
    Between("line", min=1),                          # more unexpected values than a result shows
))


def _rows() -> list[tuple]:
    rows = [(f"s{i % 4}", i, None if i % 3 else "a", f"item-{i}") for i in range(1, 41)]
    rows += [(s, line, label, f"copy-{n}") for n, (s, line, label, _) in enumerate(rows[5:14])]  # 9 rows twice
    rows += [("s9", 1, None, "item-7"), ("s9", 2, None, "item-8")]  # two items twice
    rows += [("s8", -n, "b", f"neg-{n}") for n in range(8)]  # 8 lines below 1
    return rows


def _warehouse(path: Path, rows: list[tuple]) -> Path:
    con = duckdb.connect(str(path))
    con.sql("create schema raw")
    con.sql("create table raw.t (section varchar, line integer, label varchar, item varchar)")
    con.executemany("insert into raw.t values (?, ?, ?, ?)", rows)
    con.close()
    return path


def _results(path: Path) -> dict:
    run = run_expectations(path, "run-1", suites=[SUITE], carry=False)
    return {(r["expectation"], r["column_name"]): (r["success"], r["observed"]) for r in run.results.to_dicts()}


def test_the_same_rows_in_another_order_give_the_same_results(tmp_path):
    rows = _rows()
    first = _results(_warehouse(tmp_path / "a.duckdb", rows))
    shuffled = list(rows)
    random.Random(7).shuffle(shuffled)
    assert _results(_warehouse(tmp_path / "b.duckdb", shuffled)) == first
    assert _results(_warehouse(tmp_path / "c.duckdb", rows[::-1])) == first


def test_a_uniqueness_check_lists_its_first_duplicates_in_value_order(tmp_path):
    got = _results(_warehouse(tmp_path / "a.duckdb", _rows()))
    ok, observed = got[("expect_compound_columns_to_be_unique", "section,line,label")]
    # rows 6-14 twice: 18 rows; rows NULL in some column are compared (NULLs alike)
    assert not ok and observed.startswith("18 of 59 rows unexpected; e.g. ")
    assert '{"section": "s0", "line": 8, "label": null}, {"section": "s0", "line": 8, "label": null}' in observed
    ok, observed = got[("expect_column_values_to_be_unique", "item")]
    assert not ok and observed == '4 of 59 rows unexpected; e.g. ["item-7", "item-7", "item-8", "item-8"]'
