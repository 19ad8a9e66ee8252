"""A build started from the published file carries the expectation results of every table
whose content (and suites, types, corpus figures) did not change, and validates the others
again (expectations/reuse.py). Real GX on a real DuckDB file built here; the results with
carrying must be those of a whole validation of the same file."""
from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from expectations.reuse import TABLE, keep_results
from expectations.runner import run_expectations
from expectations.spec import (
    Between, ColumnsPresent, NotNull, RowCount, RowCountEqualsCorpus, Suite, WithinDocumentYears,
)
from tests.test_expectations import make_clean_warehouse

SUITES = [
    Suite("lines", "raw.document_line", True, "Blocking: test.",
          (ColumnsPresent(("document_id", "source_line", "text")), NotNull("text"),
           RowCountEqualsCorpus("document_lines"))),
    Suite("documents", "raw.document", True, "Blocking: test.", (NotNull("document_id"), RowCount(min=1))),
    Suite("indicators", "marts.fct_indicator_value", False, "Warning: test.",
          (Between("result_value", -100, 1000, where=("unit", "==", "%")),
           WithinDocumentYears("period_end_date", before=3, after=4))),
    Suite("meetings", "marts.fct_meeting", False, "Warning: test.", (NotNull("place"),)),
]
MARK = " [from the earlier build]"


def _published(tmp_path: Path) -> Path:
    """A warehouse file as a build leaves it: validated, its results kept with their fingerprints."""
    db = make_clean_warehouse(tmp_path / "wh.duckdb")
    first = run_expectations(db, "run-1", suites=SUITES)
    assert first.carried == {}  # no earlier results in the file: everything validated
    con = duckdb.connect(str(db))
    try:
        keep_results(con, first)
        # a mark on the kept rows: a carried row shows it, a validated one cannot
        con.execute(f"update {TABLE} set observed = observed || ?", [MARK])
    finally:
        con.close()
    return db


def _sql(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(sql)
    finally:
        con.close()


def _unmarked(results: pl.DataFrame) -> pl.DataFrame:
    return results.with_columns(pl.col("observed").str.replace(MARK, "", literal=True))


def test_a_changed_table_is_validated_again_and_an_unchanged_one_is_carried(tmp_path):
    db = _published(tmp_path)
    _sql(db, "update marts.fct_indicator_value set result_value = 5000 where indicator_value_id = 'iv1'")

    run = run_expectations(db, "run-2", suites=SUITES)
    assert run.carried == {"marts.fct_meeting": "run-1", "raw.document": "run-1", "raw.document_line": "run-1"}
    by_table = {t: run.results.filter(pl.col("table_name") == t) for t in run.fingerprints}
    for table in run.carried:
        assert by_table[table]["observed"].str.ends_with(MARK).all(), table
    changed = by_table["marts.fct_indicator_value"]
    assert not changed["observed"].str.contains(MARK, literal=True).any()
    between = changed.filter(pl.col("column_name") == "result_value")
    assert between["success"].to_list() == [False] and between["observed"][0].startswith("1 of 1 rows unexpected")

    whole = run_expectations(db, "run-2", suites=SUITES, carry=False)
    assert whole.carried == {}
    assert _unmarked(run.results).equals(whole.results)  # same rows, same order, same counts and outcomes
    assert run.blocking_failures == whole.blocking_failures and run.fingerprints == whole.fingerprints

    # kept for the next build: a carried row still names the build that validated it
    con = duckdb.connect(str(db))
    try:
        keep_results(con, run)
        kept = dict(con.sql(f"select distinct table_name, validated_in from {TABLE} "
                            "where build_run_id = 'run-2'").fetchall())
        rows = con.sql(f"select count(*) from {TABLE}").fetchone()[0]
    finally:
        con.close()
    assert kept == {"marts.fct_meeting": "run-1", "raw.document": "run-1", "raw.document_line": "run-1",
                    "marts.fct_indicator_value": "run-2"}
    assert rows == run.results.height


def test_a_changed_corpus_figure_revalidates_the_tables_compared_with_it(tmp_path):
    db = _published(tmp_path)
    # raw.document's line count is what raw.document_line's row count must equal
    _sql(db, "update raw.document set line_count = line_count + 1 where document_id = 'doc_fedcba9876543210'")

    run = run_expectations(db, "run-2", suites=SUITES)
    assert "raw.document_line" not in run.carried
    assert "raw.document" in run.carried and "marts.fct_meeting" in run.carried  # no check of theirs reads it
    count = run.results.filter((pl.col("table_name") == "raw.document_line")
                               & (pl.col("expectation") == "expect_table_row_count_to_equal"))
    assert count["success"].to_list() == [False]
    assert _unmarked(run.results).equals(run_expectations(db, "run-2", suites=SUITES, carry=False).results)


def test_another_suite_decides_and_row_order_or_unread_values_do_not(tmp_path):
    db = _published(tmp_path)
    # the same rows in another physical order: still the same content
    _sql(db, "create or replace table raw.document_line as select * from raw.document_line order by source_line desc")
    # a value no check reads changed: the results cannot differ
    _sql(db, "update raw.document set title = 'Another title'")
    changed = [SUITES[0], SUITES[1], SUITES[2], Suite("meetings", "marts.fct_meeting", False, "Warning: test.",
                                                       (NotNull("place"), NotNull("start_time")))]
    run = run_expectations(db, "run-2", suites=changed)
    assert "raw.document_line" in run.carried and "raw.document" in run.carried
    assert "marts.fct_meeting" not in run.carried  # its suite changed
    assert _unmarked(run.results).equals(run_expectations(db, "run-2", suites=changed, carry=False).results)


def test_kept_results_of_another_shape_are_not_read(tmp_path):
    db = _published(tmp_path)
    _sql(db, f"alter table {TABLE} drop column validated_in")  # as another version might have kept them
    run = run_expectations(db, "run-2", suites=SUITES)
    assert run.carried == {}
    assert run.results.equals(run_expectations(db, "run-2", suites=SUITES, carry=False).results)
