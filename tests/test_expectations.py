"""Great Expectations suites: real GX runs (no mocks) on small DuckDB files built here,
and once on the real build of the bundled corpus."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from expectations import ExpectationRun, run_expectations
from expectations.runner import RESULT_SCHEMA
from expectations.spec import InSet, NotNull, RowCount, Suite
from expectations.suites_marts import COLUMNS, ENUMS, MART_SUITES
from expectations.suites_raw import RAW_SUITES
from ingest import contract

SQL_TYPES = {"string": "VARCHAR", "integer": "INTEGER", "float": "DOUBLE", "date": "DATE",
             "timestamp": "TIMESTAMP", "boolean": "BOOLEAN"}

DOC_A, DOC_B = "doc_0123456789abcdef", "doc_fedcba9876543210"


def make_clean_warehouse(path: Path) -> Path:
    """A tiny warehouse that satisfies every suite: two documents, their lines and
    sections, a build run, every contract mart (most empty, a few with rows)."""
    con = duckdb.connect(str(path))
    con.sql("create schema raw; create schema marts")
    con.sql("""
        create table raw.document as select * from (values
          ('doc_0123456789abcdef', '000_a.txt', repeat('a', 64), 120::bigint, 3::bigint, 'Region X', 'Kallelse',
           date '2021-10-13', 'meeting_pack', 'utf-8', 'loaded', null::varchar),
          ('doc_fedcba9876543210', '001_b.txt', repeat('b', 64), 80::bigint, 2::bigint, 'Region Y', 'Rapport',
           date '2020-04-30', 'report', 'utf-8', 'partial', 'indicators: ValueError: bad cell')
        ) t(document_id, source_file, sha256, size_bytes, line_count, region, title, document_date, genre,
            encoding, load_status, load_error)""")
    con.sql("""
        create table raw.document_line as select * from (values
          ('doc_0123456789abcdef', 1::integer, 'KALLELSE'), ('doc_0123456789abcdef', 2::integer, ''),
          ('doc_0123456789abcdef', 3::integer, 'Tid: 2021-10-13'),
          ('doc_fedcba9876543210', 1::integer, 'Rapport'), ('doc_fedcba9876543210', 2::integer, 'Mätetal')
        ) t(document_id, source_line, text)""")
    con.sql("""
        create table raw.section as select * from (values
          ('s_a0', 'doc_0123456789abcdef', null::varchar, 0::integer, 'agenda', 'Ärenden', 'Region X', 'Nämnd',
           null::varchar, 1::integer, 3::integer),
          ('s_b0', 'doc_fedcba9876543210', null, 0, 'interim_report', 'Rapport', 'Region Y', 'Styrelse', 'T1 2020',
           1, 2),
          ('s_b1', 'doc_fedcba9876543210', 's_b0', 1, 'interim_report', 'Kapitel', 'Region Y', 'Enhet', 'T1 2020',
           2, 2)
        ) t(section_id, document_id, parent_section_id, depth, section_kind, title, region, organisation,
            report_period, line_start, line_end)""")
    con.sql("create table raw.extraction_error (document_id varchar, extractor varchar, error varchar)")
    con.sql("""
        create table raw.build_run as select 'run-1' as run_id, timestamp '2024-01-01 01:00' as started_at,
          null::timestamp as finished_at, 'published' as status, 2::integer as documents_loaded,
          0::integer as documents_failed, null::varchar as rows_per_mart, null::integer as checks_failed,
          '1.4.0' as duckdb_version, '1.10.0' as dbt_version, '0.1.0' as project_version""")
    for mart, columns in COLUMNS.items():
        cols = ", ".join(f'"{c}" {SQL_TYPES[t]}' for c, t in columns.items())
        con.sql(f"create table marts.{mart} ({cols})")
    con.sql("""insert into marts.dim_document by name select document_id, source_file, sha256, region, title,
               document_date, load_status, load_error from raw.document""")
    con.sql("""insert into marts.dim_section select section_id, document_id, section_kind, title, region,
               organisation, report_period, line_start, line_end from raw.section""")
    con.sql("insert into marts.meta_build_run select run_id, started_at, finished_at, status, documents_loaded, "
            "documents_failed from raw.build_run")
    con.sql("""insert into marts.fct_indicator_value (indicator_value_id, indicator_id, document_id, section_id,
        region, organisation, indicator_name, period_label, period_end_date, target_value, target_text, result_value,
        result_text, unit, status, source_line) values
        ('iv1', 'ind1', 'doc_fedcba9876543210', 's_b1', 'Region Y', 'Enhet', 'Sjukfrånvaro', 'T1 2020',
         date '2020-04-30', 5.0, '5 %', 6.2, '6,2 %', '%', 'not_met', 2),
        ('iv2', 'ind2', 'doc_fedcba9876543210', 's_b1', 'Region Y', 'Enhet', 'Antal besök', 'T1 2020',
         date '2020-04-30', 1500, '1 500', 1710, '1 710', 'antal', 'met', 2)""")
    con.sql("""create table marts.fct_indicator_summary as select * from (values
        ('is1', 'doc_fedcba9876543210', 's_b1', 'Antal mätetal som är uppfyllda', 8, 29.0::double, 2),
        ('is2', 'doc_fedcba9876543210', 's_b1', 'Antal mätetal som inte är uppfyllda', 20, 71.0, 2)
        ) t(indicator_summary_id, document_id, section_id, row_label, measure_count, share_pct, source_line)""")
    con.sql("""insert into marts.dq_reconciliation values
        ('chk1', 'doc_fedcba9876543210', 's_b1', 'share', 'Andel uppfyllda', 29.0, 28.6, 0.4, 0.5, 'pass', 2)""")
    con.sql("""insert into marts.fct_meeting values
        ('m1', 'Region X', 'Nämnd för arbetsmarknad', date '2021-10-13', '09.00', 'Sal A',
         'doc_0123456789abcdef', 3)""")
    con.sql("""insert into marts.fct_agenda_item values
        ('a1', 'm1', 1, 'Val av justerare', null, 1), ('a2', 'm1', 2, 'Motion', 'RJL 2021/136', 2)""")
    con.sql("""insert into marts.fct_activity_status values
        ('act1', 'doc_fedcba9876543210', 's_b1', 'Region Y', 'Enhet', 'Mål 1', 'Aktivitet 1', 'in_progress',
         'Pågår enligt plan', 'T1 2020', 2)""")
    con.close()
    return path


def failures(run: ExpectationRun, suite: str, expectation: str | None = None,
             column: str | None = None) -> pl.DataFrame:
    df = run.results.filter((pl.col("suite") == suite) & ~pl.col("success"))
    if expectation is not None:
        df = df.filter(pl.col("expectation") == expectation)
    if column is not None:
        df = df.filter(pl.col("column_name") == column)
    return df


# --- suites as declared ------------------------------------------------------------------

def test_mart_enums_and_columns_match_the_contract():
    # Columns, types and enums come from contract/contract.yml: every contract table has
    # its suites (but the GX results table, which the run itself fills) with exactly the
    # contract's columns and enums.
    tables, enums = contract.tables(), contract.enums()
    assert set(COLUMNS) == set(tables) - {"dq_expectation_result"}
    for mart, columns in COLUMNS.items():
        assert list(columns) == list(tables[mart]), mart
        assert ENUMS.get(mart, {}) == enums.get(mart, {}), mart
    for mart in ("dim_document", "dim_section", "fct_indicator_value", "fct_financial_line",
                 "fct_activity_status", "fct_meeting", "fct_agenda_item", "fct_decision", "fct_attendance",
                 "fct_case_event", "dq_reconciliation"):
        assert {s.blocking for s in MART_SUITES if s.table == f"marts.{mart}"} >= {True}, mart


def test_every_suite_states_whether_it_blocks_and_why():
    for suite in (*RAW_SUITES, *MART_SUITES):
        assert isinstance(suite.blocking, bool)
        assert suite.why.startswith("Blocking" if suite.blocking else "Warning"), suite.name
    names = [s.name for s in (*RAW_SUITES, *MART_SUITES)]
    assert len(names) == len(set(names))


# --- a clean warehouse -------------------------------------------------------------------

@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple[ExpectationRun, Path, Path]:
    root = tmp_path_factory.mktemp("gx_clean")
    db = make_clean_warehouse(root / "clean.duckdb")
    docs = root / "build" / "data_docs"
    return run_expectations(db, "run-clean", docs), db, docs


def test_clean_warehouse_passes_every_suite(clean_run):
    run, _, _ = clean_run
    assert run.blocking_failures == []
    assert run.warnings == []
    assert run.results.height > 150
    assert run.results["success"].all()
    assert dict(run.results.schema) == RESULT_SCHEMA
    assert set(run.results["run_id"]) == {"run-clean"}
    # every declared suite ran, on its own table
    expected = {(s.name, s.table) for s in (*RAW_SUITES, *MART_SUITES)}
    assert set(run.results.select("suite", "table_name").unique().iter_rows()) == expected
    # blocking is the suite's flag, on every row
    flags = {s.name: s.blocking for s in (*RAW_SUITES, *MART_SUITES)}
    assert all(flags[s] == b for s, b in run.results.select("suite", "blocking").iter_rows())


def test_clean_run_checks_real_values(clean_run):
    """The passing results were evaluated on the rows, not vacuously."""
    run, _, _ = clean_run
    row = run.results.filter((pl.col("suite") == "raw_document_line_contract")
                             & (pl.col("expectation") == "expect_table_row_count_to_equal")).row(0, named=True)
    assert row["success"] and row["observed"] == "observed 5"
    types = run.results.filter((pl.col("suite") == "raw_section_contract")
                               & (pl.col("column_name") == "(column types)"))
    assert types["observed"].to_list() == ["0 of 11 declared columns of another type"]
    enum = run.results.filter((pl.col("suite") == "fct_indicator_value_contract")
                              & (pl.col("column_name") == "status")
                              & (pl.col("expectation") == "expect_column_values_to_be_in_set"))
    assert enum["observed"].to_list() == ["0 of 2 rows unexpected"]


def test_data_docs_site_is_staged_then_published(clean_run):
    from expectations.data_docs import publish_data_docs

    run, _, docs = clean_run
    # the checks only stage the site; it is published with the build
    assert run.data_docs_staged == docs.with_name(docs.name + ".building")
    assert not docs.exists()
    index = publish_data_docs(docs)
    assert index == docs / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "raw_document_contract" in html and "fct_indicator_value_plausibility" in html
    assert list((docs / "validations").rglob("*.html"))
    assert not docs.with_name(docs.name + ".building").exists()


def test_connection_is_closed_after_the_run(clean_run):
    _, db, _ = clean_run
    con = duckdb.connect(str(db))  # read-write: fails while a read-only handle is still open here
    assert con.sql("select count(*) from raw.document").fetchall() == [(2,)]
    con.close()


# --- a broken warehouse ------------------------------------------------------------------

@pytest.fixture(scope="module")
def broken_run(tmp_path_factory) -> ExpectationRun:
    root = tmp_path_factory.mktemp("gx_broken")
    db = make_clean_warehouse(root / "broken.duckdb")
    con = duckdb.connect(str(db))
    # raw: a section without id, a section kind outside the enum, an extractor error row,
    # an extractor table with a row lacking its source line
    con.sql("""insert into raw.section values
        (null, 'doc_0123456789abcdef', 's_a0', 1, 'agenda', 'x', null, null, null, 2, 2),
        ('s_a9', 'doc_0123456789abcdef', 's_a0', 1, 'chapter', 'x', null, null, null, 3, 3)""")
    con.sql("insert into raw.extraction_error values ('doc_fedcba9876543210', 'indicators', 'ValueError: x')")
    con.sql("""create table raw.governance_decision as select * from (values
        ('doc_0123456789abcdef', 's_a0', 3::integer, '§ 1'), ('doc_0123456789abcdef', 's_a0', null, '§ 2')
        ) t(document_id, section_id, source_line, paragraph_text)""")
    # marts: shares above 100, a percent below -100, an activity status outside the enum,
    # money typed as text, a meeting five years from its document, an agenda item twice,
    # a mart missing
    con.sql("update marts.fct_indicator_summary set share_pct = 140 where indicator_summary_id = 'is2'")
    con.sql("update marts.dq_reconciliation set computed_value = 100.5")
    con.sql("update marts.fct_indicator_value set result_value = -150 where indicator_value_id = 'iv1'")
    con.sql("update marts.fct_activity_status set status = 'finished'")
    con.sql("alter table marts.fct_financial_line alter amount type varchar")
    con.sql("update marts.fct_meeting set meeting_date = date '2026-10-13'")
    con.sql("insert into marts.fct_agenda_item values ('a3', 'm1', 2, 'Motion igen', null, 3)")
    con.sql("drop table marts.fct_case_event")
    con.sql("alter table marts.fct_attendance drop column source_line")
    con.close()
    return run_expectations(db, "run-broken", None)


def test_null_id_fails_not_null_as_a_finding_of_a_blocking_suite(broken_run):
    # rows of documents: a finding (dbt's blocking tests quarantine such documents before GX runs)
    f = failures(broken_run, "raw_section_contract", "expect_column_values_to_not_be_null", "section_id")
    assert f.height == 1 and f["blocking"].to_list() == [True]
    assert f["observed"][0].startswith("1 of 5 rows unexpected")
    assert any("raw.section.section_id: expect_column_values_to_not_be_null" in m and "a finding" in m
               for m in broken_run.warnings)
    assert not any("raw.section.section_id" in m for m in broken_run.blocking_failures)
    # the id column's other checks are not dragged down with it
    assert failures(broken_run, "raw_section_contract", "expect_column_values_to_be_unique").height == 0


def test_out_of_enum_values_fail_in_set_as_findings(broken_run):
    f = failures(broken_run, "raw_section_contract", "expect_column_values_to_be_in_set", "section_kind")
    assert f["blocking"].to_list() == [True] and '"chapter"' in f["observed"][0]
    f = failures(broken_run, "fct_activity_status_contract", "expect_column_values_to_be_in_set", "status")
    assert f["blocking"].to_list() == [True] and '"finished"' in f["observed"][0]
    assert any("marts.fct_activity_status.status" in m and "a finding" in m for m in broken_run.warnings)
    assert not any("marts.fct_activity_status.status" in m for m in broken_run.blocking_failures)


def test_shape_failures_still_block(broken_run):
    # a missing mart, a missing column, a wrong type: the pipeline is broken, not a document
    text = "\n".join(broken_run.blocking_failures)
    assert "marts.fct_case_event" in text and "marts.fct_financial_line" in text
    assert "marts.fct_attendance" in text and "source_line" in text


def test_share_above_100_is_a_warning_of_the_plausibility_suite(broken_run):
    f = failures(broken_run, "fct_indicator_summary_shares", "expect_column_values_to_be_between", "share_pct")
    assert f.height == 1 and f["blocking"].to_list() == [False]
    assert f["observed"][0] == "1 of 2 rows unexpected; e.g. [140.0]"
    f = failures(broken_run, "dq_reconciliation_plausibility", column="computed_value")
    assert f["blocking"].to_list() == [False] and "100.5" in f["observed"][0]
    assert failures(broken_run, "dq_reconciliation_plausibility", column="stated_value").height == 0
    assert any("marts.fct_indicator_summary.share_pct" in m for m in broken_run.warnings)
    assert not any("share_pct" in m or "dq_reconciliation" in m for m in broken_run.blocking_failures)


def test_percent_below_minus_100_is_a_warning(broken_run):
    f = failures(broken_run, "fct_indicator_value_plausibility", "expect_column_values_to_be_between",
                 "result_value")
    assert f["blocking"].to_list() == [False]
    assert f["observed"][0].startswith("1 of 1 rows")  # only the '%' row is judged, not the 'antal' one
    assert failures(broken_run, "fct_indicator_value_plausibility", column="target_value").height == 0
    assert not any("fct_indicator_value" in m for m in broken_run.blocking_failures)


def test_wrong_column_type_blocks(broken_run):
    f = failures(broken_run, "fct_financial_line_contract", column="(column types)")
    assert f["blocking"].to_list() == [True] and "amount: string" in f["observed"][0]


def test_date_far_from_document_year_and_duplicate_fact_are_warnings(broken_run):
    f = failures(broken_run, "fct_meeting_plausibility", column="meeting_date__years_from_document")
    assert f["blocking"].to_list() == [False] and "5" in f["observed"][0]
    f = failures(broken_run, "fct_agenda_item_plausibility", "expect_compound_columns_to_be_unique")
    assert f["blocking"].to_list() == [False]
    assert failures(broken_run, "fct_agenda_item_contract").height == 0  # agenda_item_id is still unique


def test_extraction_error_is_a_warning(broken_run):
    f = failures(broken_run, "raw_extraction_error_empty", "expect_table_row_count_to_be_between")
    assert f["blocking"].to_list() == [False] and f["observed"][0] == "observed 1"


def test_extractor_table_gets_the_provenance_suite(broken_run):
    f = failures(broken_run, "raw_governance_decision_provenance", "expect_column_values_to_not_be_null",
                 "source_line")
    assert f["blocking"].to_list() == [True] and f["table_name"][0] == "raw.governance_decision"
    assert failures(broken_run, "raw_governance_decision_provenance", column="section_id").height == 0


def test_missing_mart_fails_its_suites(broken_run):
    f = failures(broken_run, "fct_case_event_contract", "table_exists")
    assert f["blocking"].to_list() == [True] and "table missing" in f["observed"][0]


def test_missing_contract_column_blocks_and_says_which(broken_run):
    f = failures(broken_run, "fct_attendance_contract", "expect_table_columns_to_match_set")
    assert f["blocking"].to_list() == [True] and f["observed"][0].endswith("missing ['source_line']")
    f = failures(broken_run, "fct_attendance_contract", "expect_column_values_to_not_be_null", "source_line")
    assert f["observed"][0].startswith("error: ") and "source_line" in f["observed"][0]
    assert failures(broken_run, "fct_attendance_contract", column="meeting_id").height == 0


def test_untouched_tables_still_pass(broken_run):
    ok = broken_run.results.filter(pl.col("table_name").is_in(["raw.document", "raw.document_line",
                                                                "marts.dim_document", "marts.fct_decision"]))
    assert ok.height > 30 and ok["success"].all()


# --- optional suites, custom suites --------------------------------------------------------

def test_optional_missing_table_is_a_recorded_warning(tmp_path):
    db = make_clean_warehouse(tmp_path / "w.duckdb")
    suites = [
        Suite(name="raw_future_optional", table="raw.future_table", blocking=True, optional=True,
              why="Blocking: test.", checks=(RowCount(min=1),)),
        Suite(name="raw_future_required", table="raw.other_future_table", blocking=True,
              why="Blocking: test.", checks=(RowCount(min=1),)),
        Suite(name="raw_document_custom", table="raw.document", blocking=False, why="Warning: test.",
              checks=(NotNull("region"), InSet("genre", ("report",)))),
    ]
    run = run_expectations(db, "run-opt", None, suites=suites)
    rows = {r["suite"]: r for r in run.results.filter(pl.col("expectation") == "table_exists").iter_rows(named=True)}
    assert rows["raw_future_optional"]["blocking"] is False
    assert rows["raw_future_optional"]["observed"] == "table missing (optional: skipped)"
    assert rows["raw_future_required"]["blocking"] is True
    assert [m for m in run.blocking_failures if "raw.other_future_table" in m]
    assert [m for m in run.warnings if "raw.future_table" in m]
    # the custom suite ran on the real rows: 'meeting_pack' is not in its set
    genre = failures(run, "raw_document_custom", "expect_column_values_to_be_in_set", "genre")
    assert genre.height == 1 and "meeting_pack" in genre["observed"][0]
    assert run.data_docs_staged is None


def test_gx_prints_no_progress_bars(tmp_path, capfd):
    db = make_clean_warehouse(tmp_path / "w.duckdb")
    run_expectations(db, "run-quiet", None,
                     suites=[s for s in RAW_SUITES if s.table in ("raw.document", "raw.section")])
    out, err = capfd.readouterr()
    assert "Calculating Metrics" not in out + err
    assert "%|" not in err  # tqdm's bar


# --- the bundled corpus ------------------------------------------------------------------

@pytest.mark.e2e
def test_bundled_build_has_no_blocking_failure(built_warehouse, tmp_path):
    copy = tmp_path / "wh.duckdb"
    shutil.copy(built_warehouse, copy)
    run = run_expectations(copy, "run-e2e", None)
    assert run.blocking_failures == [], "\n".join(run.blocking_failures[:20])
    suites = set(run.results["suite"])
    assert {s.name for s in (*RAW_SUITES, *MART_SUITES)} <= suites
    lines = run.results.filter((pl.col("suite") == "raw_document_line_contract")
                               & (pl.col("expectation") == "expect_table_row_count_to_equal"))
    assert lines["success"].to_list() == [True]
    # every contract mart was validated on its rows, not reported missing
    assert run.results.filter(pl.col("expectation") == "table_exists").filter(
        pl.col("table_name").str.starts_with("marts.fct_") | pl.col("table_name").str.starts_with("marts.dim_")
    ).height == 0
