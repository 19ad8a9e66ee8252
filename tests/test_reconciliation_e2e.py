"""End to end: the bundled build reports the arithmetic discrepancies the inventories
describe as `fail` rows with the printed and computed values, passes the identities that
hold, and lists non-arithmetic findings; `format_findings` prints them per document.

Facts come from the inventories (kept beside the project, not in it): inventory_000.md §4, inventory_001_003.md §3.4 and
inventory_004.md §4 (line numbers are the documents' own).
"""
from __future__ import annotations

import pytest

from ingest.findings import format_findings

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build


def checks(wh, prefix: str, line: int, kind: str | None = None) -> list[dict]:
    q = """
        select r.* from marts.dq_reconciliation r
        join marts.dim_document d using (document_id)
        where d.source_file like ? and r.source_line = ?
    """
    params: list = [f"{prefix}%", line]
    if kind:
        q += " and r.check_kind = ?"
        params.append(kind)
    cur = wh.execute(q, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def check(wh, prefix: str, line: int, kind: str, subject_part: str) -> dict:
    found = [r for r in checks(wh, prefix, line, kind) if subject_part in r["subject"]]
    assert len(found) == 1, [(r["check_kind"], r["subject"]) for r in checks(wh, prefix, line)]
    return found[0]


def assert_check(r: dict, stated: float, computed: float, status: str) -> None:
    assert r["stated_value"] == pytest.approx(stated)
    assert r["computed_value"] == pytest.approx(computed, abs=0.01)
    assert r["status"] == status, r


# --- 003: the budget frame (inventory_001_003 §3.4 C-003-1, C-003-2) -----------------------

def test_003_budget_frame_discrepancies_fail(wh):
    assert_check(check(wh, "003", 306, "column_sum", "Perso"), -427.7, -426.5, "fail")
    assert_check(check(wh, "003", 306, "column_sum", "Övriga externa"), -744.3, -743.8, "fail")
    assert_check(check(wh, "003", 306, "column_sum", "Summa kost"), -1986.9, -1985.2, "fail")
    assert_check(check(wh, "003", 304, "row_sum", "NETTO"), -396.9, -395.1, "fail")


def test_003_budget_frame_totals_that_hold_pass(wh):
    assert_check(check(wh, "003", 306, "column_sum", "SUMMA NETTO"), -1571.3, -1571.3, "pass")
    assert_check(check(wh, "003", 306, "column_sum", "Läke"), -24.7, -24.7, "pass")
    assert_check(check(wh, "003", 305, "row_sum", "Summa kost"), -835.1, -835.2, "pass")  # rounding, 0,1
    assert_check(check(wh, "003", 303, "row_sum", "NETTO"), -344.5, -344.5, "pass")
    assert_check(check(wh, "003", 317, "column_sum", "Budget 2020"), -27300, -27300, "pass")
    assert_check(check(wh, "003", 317, "column_sum", "Budget 2021"), -27819, -27819, "pass")


def test_003_has_no_other_failures(wh):
    fails = wh.sql("""
        select r.source_line, r.check_kind from marts.dq_reconciliation r
        join marts.dim_document d using (document_id)
        where d.source_file like '003%' and r.status = 'fail' order by 1, 2""").fetchall()
    assert fails == [(304, "row_sum"), (306, "column_sum"), (306, "column_sum"), (306, "column_sum")]


# --- 000 (inventory_000 §4) -------------------------------------------------------------------

def test_000_discrepancies_fail(wh):
    # R26: frånvaro -41,6 + 30,4 + 6,4 = -4,8, printed - 2,8 (the table continues over a page break)
    assert_check(check(wh, "000", 1926, "column_sum", "Summa förändring frånvaro"), -2.8, -4.8, "fail")
    # R7: 242 / 6 824 - 1 = -96,45 %, printed -97 % (both printings of the table)
    for line in (834, 2799):
        r = check(wh, "000", line, "change_pct", "2021-2020")
        assert_check(r, -97, -96.4537, "fail")
        assert r["rule"] == "relative_change"


def test_000_identities_that_hold_pass(wh):
    # R14 body income statement, whole mnkr
    assert_check(check(wh, "000", 2036, "identity", "Utfall Tertial 2:2021"), -7984, -7984, "pass")
    assert_check(check(wh, "000", 2039, "identity", "Utfall Tertial 2:2021"), 490, 490, "pass")
    assert_check(check(wh, "000", 2042, "identity", "Utfall Tertial 2:2021"), 845, 845, "pass")
    # R17 appendix income statement, 1 decimal
    assert_check(check(wh, "000", 2450, "identity", "Tertialutfall 2021T2"), 845.4, 845.4, "pass")
    # R19 balance sheet: assets = equity + provisions + liabilities, and its subtotals
    assert_check(check(wh, "000", 2485, "identity", "Tertialbokslut"), 16508.4, 16508.4, "pass")
    assert_check(check(wh, "000", 2484, "column_sum", "Tertialbokslut"), 10388.3, 10388.3, "pass")
    assert_check(check(wh, "000", 2478, "column_sum", "Tertialbokslut"), 6120.1, 6120.0, "pass")
    # R16 state grants
    assert_check(check(wh, "000", 2118, "column_sum", "Bokslut 2020"), 3053, 3053, "pass")
    # R15 committee deviations: -97 vs printed -96 is within ±1 of whole mnkr
    r = check(wh, "000", 2075, "column_sum", "Period")
    assert_check(r, -96, -97, "pass")
    assert r["tolerance"] == 1
    # R11 Utfall - Budget = Avvikelse, R20 Budget - Prognos = Avvikelse
    assert_check(check(wh, "000", 1733, "identity", "Avvikelse"), -10.1, -10.0, "pass")
    assert_check(check(wh, "000", 2509, "identity", "Avvikelse"), 1.3, 1.29, "pass")
    # R6 kultur varav sums
    assert_check(check(wh, "000", 830, "column_sum", "Utfall 2019-08"), 57475, 57475, "pass")


def test_000_counts_shares_and_percentage_points(wh):
    # R2: 8 + 9 + 11 = 28; 10 / 29 = 34,5 printed 35 % (within ±1 pp)
    assert_check(check(wh, "000", 454, "count_total", "2021-08-31"), 28, 28, "pass")
    assert_check(check(wh, "000", 452, "share", "2020-08-31"), 35, 34.4828, "pass")
    # R9: the Andel row's change columns are percentage points
    r = check(wh, "000", 1596, "change_pct", "2021-2020")
    assert r["rule"] == "percentage_points"
    assert_check(r, 1.23, 1.23, "pass")


def test_000_figures_printed_twice_agree(wh):
    # the unit report reprints the region's kultur table
    r = check(wh, "000", 2795, "cross_table", "Utfall 2021-08")
    assert_check(r, 2204, 2204, "pass")


# --- 004 (inventory_004 §4) ---------------------------------------------------------------------

def test_004_identities_and_totals(wh):
    # 4.5 committee deviations: Totalt 42 = 8 + 20 - 96 + 98 + 10 + 2
    assert_check(check(wh, "004", 2217, "column_sum", "Period"), 42, 42, "pass")
    # 4.2 body: årets resultat T2 2021 490 + 620 - 264 = 846, printed 845 (±1)
    r = check(wh, "004", 2167, "identity", "Utfall Tertial 2:2021")
    assert_check(r, 845, 846, "pass")
    # 4.4 balance sheet: 4 876,9 + 9 803,8 + 2 575,9 = 17 256,6 vs 17 256,5 (rounding, 0,1)
    assert_check(check(wh, "004", 8111, "identity", "Tertialbokslut"), 17256.5, 17256.6, "pass")
    assert_check(check(wh, "004", 8195, "column_sum", "Tertialbokslut"), 17256.5, 17256.6, "pass")
    # 4.5 FS: Folktandvården -170,6 + 174,9 = 4,3 vs 4,2 (rounding, 0,1)
    assert_check(check(wh, "004", 7614, "identity", "Avvikelse"), 4.2, 4.3, "pass")
    # 4.7 Andel regelbundna: +5 % is 20 - 15 percentage points
    r = check(wh, "004", 5307, "change_pct", "2022-2021")
    assert r["rule"] == "percentage_points"
    assert_check(r, 5, 5, "pass")
    # 4.6 counts
    assert_check(check(wh, "004", 1331, "count_total", "2022-08-31"), 30, 30, "pass")


def test_004_body_and_appendix_agree_within_whole_mnkr(wh):
    # Årets resultat T2 2021: body 845, appendix 845,5
    r = [x for x in checks(wh, "004", 8070, "cross_table") if "2021T2" in x["subject"]]
    assert len(r) == 1
    assert_check(r[0], 845.5, 845, "pass")


def test_004_change_column_with_a_wrong_header_is_reported(wh):
    # 3a T15: the somatik header says 2020-2019 while the values are 2022 vs 2019
    r = check(wh, "004", 7252, "change_pct", "2020-2019")
    assert r["status"] == "fail"
    assert r["stated_value"] == pytest.approx(-0.7)


def test_every_check_kind_runs_on_the_corpus(wh):
    kinds = dict(wh.sql("select check_kind, count(*) from marts.dq_reconciliation group by 1").fetchall())
    for kind in ("row_sum", "column_sum", "identity", "share", "change_pct", "count_total", "cross_table"):
        assert kinds.get(kind, 0) > 0, kind
    fails = wh.sql("select count(*) from marts.dq_reconciliation where status = 'fail'").fetchall()[0][0]
    total = sum(kinds.values())
    assert 0 < fails < total / 10


# --- non-arithmetic findings and the printout ----------------------------------------------------

def test_findings_hold_parse_issues_and_ambiguous_splits(wh):
    rows = wh.sql("""
        select d.source_file, f.domain, f.finding_kind, f.source_line, f.detail
        from marts.dq_finding f join marts.dim_document d using (document_id)""").fetchall()
    kinds = {(r[0][:3], r[1], r[2]) for r in rows}
    # 001: the presidium's '§§ Paragrafer' template never filled in (inventory C1)
    assert ("001", "governance", "parse_issue") in kinds
    assert any(r[0].startswith("001") and "not filled in" in r[4] for r in rows)
    assert ("004", "economics", "split_ambiguous") in kinds
    assert all(r[3] is not None for r in rows if r[2] != "extraction_error")


def test_format_findings_groups_by_document_with_printed_lines(wh):
    text = format_findings(wh)
    # documents needing attention come first (none in the bundled build), then the arithmetic
    attention, _, rest = text.partition("\n\n")
    assert attention == "Documents needing attention: 0"
    assert rest.startswith("Reconciliation: ")
    sections = text.split("\n== ")
    docs = [s.split(":")[0] for s in sections[1:]]
    assert docs == sorted(docs) and any(d.startswith("003") for d in docs)
    plan = next(s for s in sections[1:] if s.startswith("003"))
    assert "line 306: column_sum" in plan
    assert "printed -427.7, computed -426.5" in plan
    # the printed line itself, tab cells shown as |
    assert "306 | TOTALT | 202 | 214 | 415,6 | -427,7" in plan
    meeting = next(s for s in sections[1:] if s.startswith("001"))
    assert "governance/parse_issue" in meeting
