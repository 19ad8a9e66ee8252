"""A build started from the published file validates a changed table's row checks only on the
rows of the documents that changed (expectations/by_document.py); its results must be those
of a whole validation of the same file: counts, outcomes, and the "e.g." values. Real GX on a
real DuckDB file built here (test_expectations' invented warehouse, one more document)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from expectations import by_document, runner
from expectations.reuse import keep_results
from expectations.runner import run_expectations
from expectations.spec import (
    Between, ColumnsPresent, InSet, NotNull, Regex, RowCount, RowCountEqualsCorpus, Suite, Unique, UniqueTogether,
    WithinDocumentYears,
)
from tests.test_expectations import DOC_A, DOC_B, make_clean_warehouse

DOC_C = "doc_00000000000000cc"
SUITES = [
    Suite("lines", "raw.document_line", True, "Blocking: test.",
          (ColumnsPresent(("document_id", "source_line", "text")), NotNull("text"), Between("source_line", min=1),
           UniqueTogether(("document_id", "source_line")), RowCountEqualsCorpus("document_lines"))),
    Suite("documents", "raw.document", True, "Blocking: test.",
          (NotNull("document_id"), Unique("document_id"), Regex("document_id", r"^doc_[0-9a-f]{16}$"),
           NotNull("genre", where=("load_status", "!=", "failed")), RowCount(min=1))),
    Suite("indicators", "marts.fct_indicator_value", False, "Warning: test.",
          # ColumnsPresent's observed list names the derived years column, as on a whole table
          (ColumnsPresent(("indicator_value_id", "unit")),
           Between("result_value", -100, 1000, where=("unit", "==", "%")), InSet("unit", ("%", "antal")),
           WithinDocumentYears("period_end_date", before=3, after=4), Unique("indicator_value_id"))),
]


def _sql(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def _keep(db: Path, run) -> None:
    con = duckdb.connect(str(db))
    try:
        keep_results(con, run)
    finally:
        con.close()


def _warehouse(tmp_path: Path) -> Path:
    """The invented warehouse with a third document, validated and kept as a build leaves it."""
    db = make_clean_warehouse(tmp_path / "wh.duckdb")
    _sql(db,
         f"""insert into raw.document values ('{DOC_C}', '002_c.txt', repeat('c', 64), 90, 4, 'Region Z', 'Plan',
             date '2022-01-31', 'plan_and_budget', 'utf-8', 'loaded', null)""",
         f"""insert into raw.document_line values ('{DOC_C}', 1, 'PLAN'), ('{DOC_C}', 2, 'Mål'),
             ('{DOC_C}', 3, ''), ('{DOC_C}', 4, 'Slut')""",
         f"""insert into marts.fct_indicator_value (indicator_value_id, indicator_id, document_id, section_id,
             period_end_date, result_value, unit, source_line) values
             ('iv3', 'ind3', '{DOC_C}', 's_c0', date '2022-12-31', 12.5, '%', 2),
             ('iv4', 'ind4', '{DOC_C}', 's_c0', date '2023-12-31', 40, 'antal', 3)""")
    first = run_expectations(db, "run-1", suites=SUITES)
    assert first.by_document == {}  # nothing kept yet: every table whole
    assert set(first.document_parts) == {"raw.document_line", "raw.document", "marts.fct_indicator_value"}
    assert all(p.passed for p in first.document_parts.values())
    _keep(db, first)
    return db


def _same_as_whole(db: Path, run) -> None:
    whole = run_expectations(db, run.run_id, suites=SUITES, carry=False)
    assert whole.by_document == {}
    assert run.results.equals(whole.results)  # same rows, order, counts, outcomes and examples
    assert run.blocking_failures == whole.blocking_failures and run.warnings == whole.warnings
    assert {t: (p.key, sorted(p.passed), p.documents) for t, p in run.document_parts.items()} == \
        {t: (p.key, sorted(p.passed), p.documents) for t, p in whole.document_parts.items()}


@pytest.mark.parametrize("batch_rows", [None, 6])  # 6: the lines table is large (its shape on frames of their own)
def test_a_changed_document_is_validated_alone_and_the_results_are_a_whole_validations(tmp_path, monkeypatch,
                                                                                       batch_rows):
    if batch_rows:
        monkeypatch.setattr(runner, "BATCH_ROWS", batch_rows)
    db = _warehouse(tmp_path)
    # DOC_C's lines change: two source lines out of range (examples to list), a line more
    _sql(db, f"update raw.document_line set source_line = source_line - 3 where document_id = '{DOC_C}'",
         f"insert into raw.document_line values ('{DOC_C}', 7, 'Bilaga')",
         f"update raw.document set line_count = 5 where document_id = '{DOC_C}'")
    run = run_expectations(db, "run-2", suites=SUITES)
    # raw.document changed (a line count no check of its rows reads: carried whole); the lines
    # table's row checks saw DOC_C's rows only
    assert run.carried.keys() == {"raw.document", "marts.fct_indicator_value"}
    assert run.by_document == {"raw.document_line": (DOC_C,)}
    lines = run.results.filter((pl.col("table_name") == "raw.document_line") & (pl.col("column_name") == "source_line"))
    assert lines["success"].to_list() == [False]
    assert lines["observed"][0] == "3 of 10 rows unexpected; e.g. [-1, -2, 0]"  # value order: by JSON text
    _same_as_whole(db, run)

    # the check failed: the next build validates it on the whole table again
    _keep(db, run)
    _sql(db, f"update raw.document_line set text = 'KALLELSE!' where document_id = '{DOC_A}' and source_line = 1")
    again = run_expectations(db, "run-3", suites=SUITES)
    assert "raw.document_line" not in again.by_document and "raw.document_line" not in again.carried
    _same_as_whole(db, again)


def test_new_gone_and_unchanged_documents(tmp_path):
    db = _warehouse(tmp_path)
    # a new document whose indicator fails a row check; DOC_B's rows are gone; DOC_A's unchanged
    _sql(db, "insert into raw.document values ('doc_00000000000000dd', '003_d.txt', repeat('d', 64), 10, 1, "
             "'Region Z', 'Rapport', date '2023-06-30', 'report', 'utf-8', 'loaded', null)",
         f"delete from marts.fct_indicator_value where document_id = '{DOC_B}'",
         "insert into marts.fct_indicator_value (indicator_value_id, indicator_id, document_id, section_id, "
         "period_end_date, result_value, unit, source_line) values "
         "('iv5', 'ind5', 'doc_00000000000000dd', 's_d0', date '2031-06-30', 5, 'st', 1), "
         "('iv6', 'ind6', 'doc_00000000000000dd', 's_d0', date '2023-06-30', 7, '%', 1)")
    run = run_expectations(db, "run-2", suites=SUITES)
    # raw.document_line's rows did not change, but the corpus's line count did (its row count
    # check): its row checks see one document, the smallest (DOC_B's two lines)
    assert run.by_document == {"raw.document": ("doc_00000000000000dd",),
                               "marts.fct_indicator_value": ("doc_00000000000000dd",),
                               "raw.document_line": (DOC_B,)}
    indicators = run.results.filter(pl.col("table_name") == "marts.fct_indicator_value")
    failed = dict(indicators.filter(~pl.col("success")).select("column_name", "observed").iter_rows())
    assert failed == {"unit": '1 of 4 rows unexpected; e.g. ["st"]',
                      "period_end_date__years_from_document": "1 of 4 rows unexpected; e.g. [8.0]"}
    _same_as_whole(db, run)


def test_a_documents_year_revalidates_its_rows_and_nothing_changed_validates_one_document(tmp_path):
    db = _warehouse(tmp_path)
    # DOC_B's date moves five years: its indicator's period is now far from the document's year
    _sql(db, f"update raw.document set document_date = date '2015-04-30' where document_id = '{DOC_B}'")
    run = run_expectations(db, "run-2", suites=SUITES)
    assert run.by_document["marts.fct_indicator_value"] == (DOC_B,)
    assert "raw.document_line" in run.carried
    _same_as_whole(db, run)

    # kept parts of another shape (another version of the code) are not read: whole tables
    _sql(db, f"alter table {by_document.TABLE} drop column digest")
    assert run_expectations(db, "run-3", suites=SUITES).by_document == {}


def test_a_table_whose_every_row_is_gone_is_validated_whole(tmp_path):
    db = _warehouse(tmp_path)
    _sql(db, "delete from marts.fct_indicator_value")  # its documents' rows were all checked before
    run = run_expectations(db, "run-2", suites=SUITES)
    assert "marts.fct_indicator_value" not in run.by_document
    assert run.document_parts["marts.fct_indicator_value"].documents == {}
    _same_as_whole(db, run)
