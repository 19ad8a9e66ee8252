"""A large table is validated in parts (expectations/runner.py, _plan_passes): the results
must be those of the whole table - counts, the unexpected values listed,
success, the observed text - with failures spread over several ranges of rows. Real GX
on small DuckDB files built here; BATCH_ROWS is lowered so that 30 rows make 3 ranges."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import expectations.runner as runner
from expectations.runner import run_expectations
from expectations.spec import (
    Between, ColumnsPresent, InSet, NotLess, NotNull, Regex, RowCount, Suite, Unique, UniqueTogether,
)

CHECKS = (
    ColumnsPresent(("document_id", "line", "code", "amount", "item_id")),
    RowCount(min=1, max=29),
    NotNull("code"),
    Between("line", min=1),
    InSet("code", ("a", "b")),
    Between("amount", 0, 100, where=("code", "==", "a")),
    Regex("code", r"^[a-z]$"),
    NotLess("amount", "line"),
    UniqueTogether(("document_id", "line")),  # duplicates within a document: checked range by range
    Unique("item_id"),  # duplicates across documents: checked on its own column, every row
)
SUITE = Suite(name="t_suite", table="raw.t", blocking=False, why="test", checks=CHECKS)


def _rows(interleaved: bool = False) -> list[tuple]:
    """6 documents of 5 rows. Failures in several documents (so in several ranges): NULL and
    'c'/'X' codes, lines 0 or below (and one NULL line, in the first document only: the
    other ranges read that column without a NULL), amounts out of range, a line printed
    twice within a document, an item id shared by the first and the last document."""
    rows = []
    for d in range(6):
        for i in range(5):
            line = i + 1
            if d == 0 and i == 4:
                line = None
            if d in (2, 3, 5) and i in (0, 3):
                line = -i
            if d in (1, 4) and i == 2:
                line = 2  # the same (document, line) twice
            code = ["a", "b", "c" if d % 2 else "a", "X" if d > 3 else "b", "a"][i]
            if d in (1, 3, 4) and i == 1:
                code = None
            amount = float(10 * d + i) if not (d in (1, 2, 5) and i == 0) else 150.0 + d
            item = f"item-{d}-{i}" if not (d == 5 and i == 4) else "item-0-0"
            rows.append((f"doc{d}", line, code, amount, item))
    if interleaved:  # the first document's last row after the second document's rows
        rows = rows[:4] + rows[5:10] + [rows[4]] + rows[10:]
    return rows


def _warehouse(path: Path, rows: list[tuple]) -> Path:
    con = duckdb.connect(str(path))
    con.sql("create schema raw")
    con.sql("create table raw.t (document_id varchar, line integer, code varchar, amount double, item_id varchar)")
    con.executemany("insert into raw.t values (?, ?, ?, ?, ?)", rows)
    con.close()
    return path


def _both(path: Path, monkeypatch) -> tuple[list, list, object]:
    whole = run_expectations(path, "run-1", suites=[SUITE])
    monkeypatch.setattr(runner, "BATCH_ROWS", 7)
    con = duckdb.connect(str(path), read_only=True)
    plan = runner._plan_passes(con, "raw.t", [SUITE])
    con.close()
    parts = run_expectations(path, "run-1", suites=[SUITE])
    return whole.results.rows(), parts.results.rows(), plan


def _split(plan: list) -> tuple[list, list]:
    """The checks compared on their own columns over every row, and the passes range by range."""
    apart = [c for p in plan if p.ranges is None for c in p.checks]
    assert all(len(p.checks) == 1 for p in plan if p.ranges is None)
    return apart, [p for p in plan if p.ranges is not None]


def test_parts_give_the_whole_table_results(tmp_path, monkeypatch):
    whole, parts, plan = _both(_warehouse(tmp_path / "wh.duckdb", _rows()), monkeypatch)
    assert plan is not None
    apart, (ranged,) = _split(plan)
    assert apart == [Unique("item_id")]  # on its own column, every row
    # ranges of whole documents: the document-wise duplicate check runs range by range
    assert len(ranged.ranges) == 3 and UniqueTogether(("document_id", "line")) in ranged.checks
    assert len(whole) == len(CHECKS)
    failed = {(r[3], r[7]): r[5] for r in whole if not r[4]}  # (expectation, column) -> observed
    # every check but the column set fails, in several documents (so in several ranges)
    assert len(failed) == len(CHECKS) - 1
    # more values than a result shows, from several ranges: all listed, the first 5 in value order
    assert failed[("expect_column_values_to_be_between", "line")] == (
        "6 of 30 rows unexpected; e.g. [-3, -3, -3, 0, 0]")
    assert failed[("expect_column_values_to_not_be_null", "code")].startswith("3 of 30")
    assert failed[("expect_column_values_to_be_unique", "item_id")].startswith("2 of 30")
    assert failed[("expect_compound_columns_to_be_unique", "document_id,line")].startswith("4 of 30")
    assert failed[("expect_table_row_count_to_be_between", None)] == "observed 30"
    assert parts == whole


def test_interleaved_documents_cut_by_rows_and_compare_apart(tmp_path, monkeypatch):
    whole, parts, plan = _both(_warehouse(tmp_path / "wh.duckdb", _rows(interleaved=True)), monkeypatch)
    assert plan is not None
    apart, (ranged,) = _split(plan)
    assert set(apart) == {Unique("item_id"), UniqueTogether(("document_id", "line"))}  # not whole documents
    assert len(ranged.ranges) == 5  # 7 rows each, the last 2
    assert sum(not r[4] for r in whole) == len(CHECKS) - 1
    assert parts == whole


def test_a_small_table_is_one_frame(tmp_path):
    path = _warehouse(tmp_path / "wh.duckdb", _rows())
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert runner._plan_passes(con, "raw.t", [SUITE]) is None  # 30 rows <= BATCH_ROWS
    finally:
        con.close()


@pytest.mark.parametrize("values", [["a", "a", None, "b"], [None, None]])
def test_equal_strings_share_one_object_and_missing_is_none(values):
    import pandas as pd

    df = runner._normalise(pd.DataFrame({"s": pd.Series(values, dtype="str")}))
    assert df["s"].dtype == object
    assert list(df["s"]) == values
    present = [v for v in df["s"] if v is not None]
    assert len({id(v) for v in present}) == len(set(present))


def test_a_check_on_a_missing_column_still_gives_its_row(tmp_path, monkeypatch):
    path = _warehouse(tmp_path / "wh.duckdb", _rows())
    suite = Suite(name="t_missing", table="raw.t", blocking=True, why="test",
                  checks=(RowCount(min=1), NotNull("no_such_column")))
    whole = run_expectations(path, "run-1", suites=[suite]).results.rows()
    monkeypatch.setattr(runner, "BATCH_ROWS", 7)
    parts = run_expectations(path, "run-1", suites=[suite]).results.rows()
    assert len(whole) == 2 and not whole[1][4] and whole[1][5].startswith("error:")
    assert parts == whole
