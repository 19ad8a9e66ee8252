"""History: a figure printed again later with another value is kept as a revision
(is_latest, fct_restatement), on two monthly reports this test writes (invented region,
committee and figures), built for real."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_warehouse

pytestmark = pytest.mark.e2e


def _report(date: str, visitors: str, note: str) -> str:
    # a monthly report's tab-separated KPI table (measure, target, result, analysis)
    return f"""Region Exempellän

Kulturnämnden

Tid: {date} kl:09:00

Plats: Regionens hus

Månadsrapport - aug 2031, Kulturnämnden

Mätetal\tMålvärde\tResultat\tAnalys
Besökare på länsmuseet\t1 200\t{visitors}\t{note}
Lån på länsbiblioteket\t5 000\t5 100\tUtlåningen ökar stadigt.
"""


def documents(docs: Path) -> list[str]:
    """This file's documents in the shared `variety` build (conftest.VARIETY)."""
    (docs / "a_rapport.txt").write_text(_report("2031-09-10", "900", "Fler besök än väntat."), encoding="utf-8")
    # a month later the August report is printed again with the visitors corrected
    (docs / "b_rapport.txt").write_text(
        _report("2031-10-08", "950", "Besöken är rättade efter kassaavstämning."), encoding="utf-8")
    return ["a_rapport.txt", "b_rapport.txt"]


@pytest.fixture(scope="module")
def restated(variety):
    # not a terminal: the dbt and checks stages print plain progress lines, ending at n/n
    progress = [l.split()[1] for l in variety.stdout.splitlines() if l.startswith("[progress]")]
    finished = [p for p in progress if p.split("/")[0] == p.split("/")[1]]
    assert len(finished) >= 2, variety.stdout[-3000:]  # dbt nodes, then checked tables
    con = variety.connect()
    yield con, variety.db
    con.close()


def test_a_restated_result_is_kept_as_a_revision(restated):
    con, _ = restated
    rows = con.sql("""
        select r.subject, r.period_label, r.earlier_value, r.later_value, r.difference,
               e.source_file, l.source_file, r.source_line
        from marts.fct_restatement r
        join marts.dim_document e on e.document_id = r.earlier_document_id
        join marts.dim_document l on l.document_id = r.later_document_id
        where r.fact_kind = 'indicator' and (e.source_file in ('a_rapport.txt', 'b_rapport.txt')
                                             or l.source_file in ('a_rapport.txt', 'b_rapport.txt'))""").fetchall()
    assert [r[:7] for r in rows] == [("Besökare på länsmuseet", "Aug 2031", 900.0, 950.0, 50.0,
                                      "a_rapport.txt", "b_rapport.txt")]
    printed = con.sql("select text from marts.dim_source_line l join marts.dim_document d using (document_id) "
                      "where d.source_file = 'b_rapport.txt' and l.source_line = ?", params=[rows[0][7]]).fetchone()
    assert printed[0].startswith("Besökare på länsmuseet") and "950" in printed[0]


def test_both_prints_stay_and_only_the_later_is_latest(restated):
    con, _ = restated
    prints = con.sql("""
        select d.source_file, v.period_label, v.result_value, v.is_latest
        from marts.fct_indicator_value v join marts.dim_document d using (document_id)
        where v.indicator_name in ('Besökare på länsmuseet', 'Lån på länsbiblioteket')
        order by v.indicator_name, d.source_file""").fetchall()
    assert prints == [("a_rapport.txt", "Aug 2031", 900.0, False), ("b_rapport.txt", "Aug 2031", 950.0, True),
                      ("a_rapport.txt", "Aug 2031", 5100.0, True), ("b_rapport.txt", "Aug 2031", 5100.0, True)]
    # an unchanged reprint is no restatement
    assert con.sql("select count(*) from marts.fct_restatement where subject like 'Lån%'").fetchone()[0] == 0
    assert con.sql("select count(*) from marts.fct_financial_line where is_latest is null").fetchone()[0] == 0


def test_every_build_keeps_a_fingerprint_of_its_facts(restated):
    con, db = restated
    run = con.sql("select max(run_id) from marts.meta_build_run").fetchone()[0]
    keys = con.sql("select mart, fact_key, value_text from marts.meta_fact_fingerprint where build_run_id = ? "
                   "and mart = 'fct_indicator_value' and (contains(fact_key, 'Besökare på länsmuseet') "
                   "or contains(fact_key, 'Lån på länsbiblioteket')) order by fact_key", params=[run]).fetchall()
    assert len(keys) == 2  # two measures, each key once however often printed
    assert any("Besökare på länsmuseet | Aug 2031" in k and "900" in v and "950" in v for _, k, v in keys)
    res = run_warehouse("diff", "--database", str(db))
    assert res.returncode == 1 and "only one build" in res.stderr
