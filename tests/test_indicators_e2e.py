"""End-to-end: the indicator marts of a real build of the bundled corpus, checked against
the counts in the documents' inventories."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

# KPI rows per document (inventories): 000 has 98 table rows plus 24 further periods of
# the three series embedded in the monthly report (27 periods, 3 of them are the rows).
EXPECTED_VALUES = {"000": 122, "001": 70, "002": 64, "003": 34, "004": 74}
EXPECTED_SUMMARY_ROWS = {"000": 32, "001": 24, "004": 24}


def _by_doc(wh, sql: str) -> dict[str, int]:
    return {r[0]: r[1] for r in wh.sql(sql).fetchall()}


def test_value_counts_per_document(wh):
    got = _by_doc(wh, "select substr(d.source_file, 1, 3), count(*) from marts.fct_indicator_value v "
                      "join marts.dim_document d using (document_id) group by 1")
    assert got == EXPECTED_VALUES


def test_summary_counts_per_document(wh):
    got = _by_doc(wh, "select substr(d.source_file, 1, 3), count(*) from marts.fct_indicator_summary v "
                      "join marts.dim_document d using (document_id) group by 1")
    assert got == EXPECTED_SUMMARY_ROWS


def _row(wh, doc: str, line: int, period: str | None = None):
    sql = ("select indicator_name, target_value, target_text, result_value, result_text, unit, status, "
           "status_source, period_label, period_end_date, organisation from marts.fct_indicator_value v "
           "join marts.dim_document d using (document_id) where d.source_file like ? and v.source_line = ?")
    args = [doc + "%", line]
    if period:
        sql += " and period_label = ?"
        args.append(period)
    rows = wh.execute(sql, args).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_glyph_status_and_text_target(wh):
    name, tv, tt, rv, rt, unit, status, src, *_ = _row(wh, "000", 1041)
    assert (tt, tv, rv, unit, status, src) == ("Öka jfm 2020", None, -36.0, "%", "not_met", "glyph")


def test_space_aligned_value_with_thousands(wh):
    name, tv, tt, rv, rt, unit, status, src, period, end, org = _row(wh, "004", 2039)
    assert name == "Ekonomi i balans, budgetavvikelse"
    assert (tv, rv, unit, period, str(end)) == (0.0, -551685.0, "tkr", "T2 2022", "2022-08-31")


def test_goal_follow_up_reads_utfall_before_malvarde(wh):
    name, tv, tt, rv, rt, unit, *_ = _row(wh, "002", 1388)
    assert (tv, rv) == (10000.0, 2918.0)


def test_series_periods_are_facts(wh):
    row = _row(wh, "000", 283, "T2 2019")
    assert (row[1], row[3], str(row[9])) == (41000.0, 30421.0, "2019-08-31")


def test_plan_year_period_and_no_status(wh):
    name, tv, tt, rv, rt, unit, status, src, period, end, org = _row(wh, "003", 244)
    assert (tt, tv, unit, status, str(end)) == ("Max 1,9 %", 1.9, "%", "not_assessed", "2021-12-31")


def test_same_measure_across_plan_and_follow_up_is_one_indicator(wh):
    # sick leave target in the 2021 plan (003) and in the April 2020 follow-up (002)
    ids = wh.sql(
        "select count(distinct indicator_id) from marts.fct_indicator_value v join marts.dim_document d "
        "using (document_id) where indicator_name = 'Sjukfrånvaron ska vara lägre än utsatt målvärde'").fetchall()[0][0]
    docs = wh.sql(
        "select document_count from marts.dim_indicator "
        "where indicator_name = 'Sjukfrånvaron ska vara lägre än utsatt målvärde'").fetchall()[0][0]
    assert ids == 1 and docs == 2


def test_different_measures_are_not_merged(wh):
    n = wh.sql("select count(distinct indicator_id) from marts.fct_indicator_value "
               "where indicator_name like 'Tjänsteresor, antal km %flyg'").fetchall()[0][0]
    assert n == 2


def test_every_value_has_a_dim_row_and_statuses_are_derived(wh):
    orphans = wh.sql("select count(*) from marts.fct_indicator_value v left join marts.dim_indicator i "
                     "using (indicator_id) where i.indicator_id is null").fetchall()[0][0]
    assert orphans == 0
    derived = wh.sql("select avg(case when status <> 'unknown' then 1 else 0 end) "
                     "from marts.fct_indicator_value").fetchall()[0][0]
    assert derived > 0.6
