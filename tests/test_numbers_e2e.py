"""End to end on the invented layout-family variants (tests/test_numbers_layout_families.py):
one real build, then the reconciliation the new layouts allow: statement identities found
by row labels, deviation columns in the table's own cost sign, net-cost columns, change
columns without years, a balance sheet with equity as one row, figures stated in prose, and
the planted errors reported as `fail`."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_numbers_layout_families import FAMILY_B, PROSE, family_a, family_c, family_e

pytestmark = pytest.mark.e2e


def documents(docs: Path) -> list[str]:
    """This file's documents in the shared `variety` build (conftest.VARIETY)."""
    titles = {"a": "Delårsrapport februari–juni 2022", "b": "Tertialrapport 1 2022",
              "c": "Verksamhetsplan med budget 2025", "e": "Månadsrapport mars 2022", "p": "Delårsrapport april 2022"}
    bodies = {"a": family_a(), "b": FAMILY_B, "c": family_c(), "e": family_e(), "p": PROSE}
    for k, body in bodies.items():
        (docs / f"variant_{k}.txt").write_text(f"Region Exempelby\n{titles[k]}\n\n{body}\n", encoding="utf-8")
    return [f"variant_{k}.txt" for k in bodies]


@pytest.fixture(scope="module")
def numbers_wh(variety):
    con = variety.connect()
    yield con
    con.close()


def recon(con, file: str) -> list[tuple]:
    return con.execute("""
        select r.rule, r.subject, r.stated_value, round(r.computed_value, 2), r.status
        from marts.dq_reconciliation r join marts.dim_document d using (document_id)
        where d.source_file = ? order by r.source_line, r.subject""", [file]).fetchall()


def test_only_the_planted_error_fails(numbers_wh):
    # of these documents' checks (the shared build holds other documents too)
    fails = numbers_wh.execute("""
        select d.source_file, r.rule, r.subject, r.stated_value, r.computed_value
        from marts.dq_reconciliation r join marts.dim_document d using (document_id)
        where r.status = 'fail' and starts_with(d.source_file, 'variant_')""").fetchall()
    assert fails == [("variant_e.txt", "result_short", "Resultat | Prognos helår 2022", -90.0, -80.0)]


def test_income_statement_identity_and_deviation_in_the_tables_own_sign(numbers_wh):
    rows = recon(numbers_wh, "variant_a.txt")
    assert ("net_cost", "Verksamhetens nettokostnad | Utfall feb–jun 2022", -9068.0, -9068.0, "pass") in rows
    assert ("deviation_forecast_minus_budget", "Kulturnämnden | Avvikelse", 8.0, 8.0, "pass") in rows
    assert any(r[0] == "total_of_rows_above" and r[1].startswith("Summa anläggningstillgångar") for r in rows)


def test_equity_as_one_row_gives_no_false_fail(numbers_wh):
    rows = recon(numbers_wh, "variant_b.txt")
    assert ("total_of_rows_above", "Summa avsättningar | 2022-04-30", 139.0, 139.0, "pass") in rows
    assert any(r[0] == "balance_total" and r[4] == "pass" for r in rows)


def test_net_cost_columns_and_plan_sums(numbers_wh):
    rows = recon(numbers_wh, "variant_c.txt")
    assert ("net_cost_of_income_and_cost_columns", "Linjetrafik | Nettokostnad Budget 2025",
            -311300.0, -311300.0, "pass") in rows
    assert ("total_of_rows_above", "Summa | Nettokostnad Budget 2024", -380100.0, -380100.0, "pass") in rows


def test_change_column_without_years_and_short_statement(numbers_wh):
    rows = recon(numbers_wh, "variant_e.txt")
    assert any(r[1].startswith("Besök i primärvården") and r[2] == 4.3 and r[4] == "pass" for r in rows)
    assert ("result_short", "Resultat | Utfall jan–mar 2022", -8.0, -8.0, "pass") in rows


def test_prose_figures_are_rows_and_are_reconciled(numbers_wh):
    prose = numbers_wh.execute("""
        select f.line_item, f.amount, f.measure, f.sentence from marts.fct_financial_line f
        join marts.dim_document d using (document_id)
        where d.source_file = 'variant_p.txt' and f.source_kind = 'prose'""").fetchall()
    assert ("Periodens resultat", 87.0, "outcome") in [p[:3] for p in prose]
    rows = recon(numbers_wh, "variant_p.txt")
    assert ("stated_change_against_table", "Verksamhetens nettokostnad | change stated in prose", 4.2, 4.2,
            "pass") in rows
    assert ("stated_amount_against_table", "Periodens resultat | outcome stated in prose", 87.0, 87.0,
            "pass") in rows


def test_indicators_from_column_tables_reach_the_mart(numbers_wh):
    got = numbers_wh.execute("""
        select v.indicator_name, v.target_value, v.result_value, v.status from marts.fct_indicator_value v
        join marts.dim_document d using (document_id) where d.source_file = 'variant_e.txt'
        order by v.source_line""").fetchall()
    assert got[0][1:3] == (85.0, 74.0) and got[0][0].startswith("Patienter som fått vård inom 60 dagar")
