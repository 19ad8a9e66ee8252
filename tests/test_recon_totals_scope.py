"""Which rows a printed total row sums (int_recon_column_sums): balance sheets whose asset
side has no subtotals, and net totals of project budgets, on invented tables run through the
real model SQL (harness of tests/test_reconciliation.py)."""
from __future__ import annotations

import pytest

from tests.test_reconciliation import Table, one, reconcile


def _balance(assets_total: str, equity_total: str, with_asset_subtotals: bool = False) -> Table:
    t = Table("balance_sheet", [("2024-12-31", "outcome"), ("2023-12-31", "prior_outcome")], title="Balansräkning")
    if with_asset_subtotals:
        t.row("Inventarier", "120", "95").row("Summa anläggningstillgångar", "120", "95", total=True)
        t.row("Kassa och bank", "269", "301").row("Summa omsättningstillgångar", "269", "301", total=True)
    else:
        t.row("Inventarier", "120", "95").row("Kassa och bank", "269", "301")
    t.row("Summa tillgångar", assets_total, "396", total=True)
    # a section printed as one row is a total as the extractor marks it (economics.one_row_sections)
    t.row("Eget kapital", "210", "204", total=True).row("varav årets resultat", "6", "11", varav=True)
    t.row("Kortfristiga skulder", "179", "192").row("Summa skulder", "179", "192", total=True)
    t.row("Summa eget kapital och skulder", equity_total, "396", total=True)
    return t


def test_balance_sheet_without_asset_subtotals_has_no_false_grand_total_fail():
    rows = reconcile([_balance("389", "389")])
    assets = one(rows, subject="Summa tillgångar | 2024-12-31")
    assert (assets["computed_value"], assets["status"]) == (389, "pass")
    # the equity side never takes the assets above 'Summa tillgångar' (was 389 + 389 = 778)
    eq = [r for r in rows if r["subject"] == "Summa eget kapital och skulder | 2024-12-31"]
    assert all(r["status"] == "pass" for r in eq)
    assert all(r["computed_value"] == pytest.approx(389) for r in eq)
    assert not any(r["status"] == "fail" for r in rows)


def test_planted_errors_in_that_balance_sheet_still_fail():
    rows = reconcile([_balance("399", "389")])
    assert one(rows, subject="Summa tillgångar | 2024-12-31")["status"] == "fail"
    rows = reconcile([_balance("389", "379")])
    eq = [r for r in rows if r["subject"] == "Summa eget kapital och skulder | 2024-12-31"]
    assert eq and all(r["status"] == "fail" for r in eq)


def test_balance_sheet_with_asset_subtotals_keeps_its_grand_total_check():
    rows = reconcile([_balance("389", "389", with_asset_subtotals=True)])
    grand = one(rows, subject="Summa tillgångar | 2024-12-31")
    assert grand["rule"] == "grand_total_of_top_level_rows" and grand["status"] == "pass"
    assert grand["line_items"] == "Summa anläggningstillgångar + Summa omsättningstillgångar"


def _project(revenue: str | None, actual: str) -> Table:
    t = Table("project_budget", [("2024", "budget"), ("Totalt", "budget")], title="Kostnader")
    t.row("Personal", "500 000", "500 000").row("Resor", "40 000", "40 000")
    t.row("Summa kostnader", "540 000", "540 000", total=True)
    if revenue is not None:
        t.row("Avgifter från deltagare", revenue, revenue, section_label="Projektintäkter")
    t.row("Summa faktiska kostnader", actual, actual, total=True)
    return t


def test_net_total_of_a_project_budget_is_not_summed_from_the_revenue_above_it():
    rows = reconcile([_project("60 000", "480 000")])
    assert not [r for r in rows if r["check_kind"] == "column_sum" and r["subject"].startswith("Summa faktiska")]
    assert one(rows, subject="Summa kostnader | 2024")["status"] == "pass"


def test_net_total_with_no_revenue_printed_is_checked_against_the_costs():
    rows = reconcile([_project(None, "540 000")])
    r = one(rows, check_kind="column_sum", subject="Summa faktiska kostnader | 2024")
    assert r["line_items"] == "Summa kostnader" and r["status"] == "pass"
    rows = reconcile([_project(None, "530 000")])
    assert one(rows, check_kind="column_sum", subject="Summa faktiska kostnader | 2024")["status"] == "fail"


# --- the same from a printed variant document, through the economics extractor ----------

BALANCE_DOC = """Balansräkning, tkr
Balansräkning\tNot\t2024-12-31\t2023-12-31
Tillgångar\t\t\t
Inventarier\t4\t{inv}\t95
Kassa och bank\t\t269\t301
Summa tillgångar\t\t389\t396
Eget kapital och skulder\t\t\t
Balanserat kapital\t5\t204\t193
Årets resultat\t\t6\t11
Summa eget kapital\t\t210\t204
Kortfristiga skulder\t\t179\t192
Summa skulder\t\t179\t192
Summa eget kapital och skulder\t\t389\t396"""


class _Extracted:
    """Extractor rows as the harness's input (int_financial_lines_normalised)."""

    def __init__(self, text: str):
        from ingest.document import Document, Section, SectionIndex
        from ingest.extract import economics
        lines = tuple(text.split("\n"))
        doc = Document("doc_v", "v.txt", "0", 0, text, lines=lines)
        idx = SectionIndex([Section("sec_v", "doc_v", "annual_report", "t", 1, len(lines))])
        self.rows = [dict(r, document_id="doc_v") for r in economics.extract(doc, idx)["financial_amount"]]

    def lines(self) -> list[dict]:
        return self.rows


def test_variant_document_balance_sheet_without_asset_subtotals():
    ok = reconcile([_Extracted(BALANCE_DOC.format(inv="120"))])
    sums = [r for r in ok if r["check_kind"] == "column_sum"]
    assert {r["subject"] for r in sums} >= {"Summa tillgångar | 2024-12-31",
                                            "Summa eget kapital och skulder | 2024-12-31"}
    assert all(r["status"] == "pass" for r in ok)
    # a planted error on the asset side: its total fails, and only that
    bad = reconcile([_Extracted(BALANCE_DOC.format(inv="130"))])
    failed = {r["subject"] for r in bad if r["status"] == "fail"}
    assert failed == {"Summa tillgångar | 2024-12-31"}
