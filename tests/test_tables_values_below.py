"""The reader of rows printed one value per line (ingest.tables.values_below) and the
economics rows it gives, on invented project budgets in the layout of application forms
exported to text: a label line, then its values on the lines below with blank lines between."""
from __future__ import annotations

import pytest

from ingest.document import Document, Section, SectionIndex
from ingest.extract import economics
from ingest.tables.registry import READERS, read_all
from ingest.tables.values_below import read_values_below, solve
from ingest.tables.aligned import value_tokens
from ingest.tables.vocabulary import header_words
from tests.layout_helpers import MINUS, NBSP

# invented project: 4 periods and a Totalt column; some rows print everything on one line,
# some spread their values over several lines, one leaves the last period empty, the
# co-financiers print no total at all
BUDGET = """1.7 Budget
Kostnader
Kostnadsslag  2024  2025  2026  2027-06  Totalt
Personal: Projektledare 1 204 500 2 409 000 2 409 000 602 250 6 624 750

Personal:
     

Externa tjänster: 1 850 000 2 100 000
 

1 120 000
 

 5 070 000

Resor och logi: Resor 412 300 655 900 412 300
 

1 480 500
Schablonkostnader:
Indirekta kostnader

180 675 361 350 361 350 90 338 993 713

Summa kostnader 3 647 475  5 526 250  4 302 650  692 588 14 168 963
Projektintäkter

Avgifter från
deltagare

300 000 450 000  300 000
 

1 050 000

Summa faktiska kostnader 3 347 475 5 076 250 4 002 650 692 588 13 118 963
Summa totala kostnader
  

  
  
Finansiering

Kontant medfinansiering
Almi Exempel AB

210 400
 

318 900
 

207 700
 

52 000
 

Kontant medfinansiering
Region Exempel

1 020 000
 

1 310 000
 

998 000
 

240 000
 

Summa medfinansiering  1 230 400

1 628 900 1 205 700 292 000

Det här stycket är löptext efter tabellen och ska inte läsas som en rad i den, eftersom den är lång.
"""


def _tables(text: str):
    return [t for t in read_all(text.split("\n"), header_words()) if t.encoding == "values_below"]


def _table(text: str):
    """All rows read under the header (the parts of one printed table)."""
    ts = _tables(text)
    assert ts
    ts[0].rows = [r for t in ts for r in t.rows]
    return ts[0]


def _row(t, label):
    [r] = [r for r in t.rows if r.label == label]
    return r


def _values(r):
    return [c.value if c is not None else None for c in r.cells]


def test_registered_and_reads_every_row_of_the_spread_layout():
    assert READERS["values_below"] is read_values_below
    t = _table(BUDGET)
    assert t.labels == ["2024", "2025", "2026", "2027-06", "Totalt"] and t.stub == "Kostnadsslag"
    assert t.title == "Kostnader"
    assert [r.label for r in t.rows] == [
        "Personal: Projektledare", "Externa tjänster", "Resor och logi: Resor",
        "Schablonkostnader: Indirekta kostnader", "Summa kostnader", "Avgifter från deltagare",
        "Summa faktiska kostnader", "Almi Exempel AB", "Region Exempel", "Summa medfinansiering"]


def test_values_over_several_lines_with_the_last_period_empty_go_to_their_columns():
    t = _table(BUDGET)
    ext = _row(t, "Externa tjänster")
    # the last printed value is the row total: the empty cell is the last period
    assert _values(ext) == [1850000, 2100000, 1120000, None, 5070000]
    assert [c.line for c in ext.cells if c is not None] == [9, 9, 12, 15]
    assert ext.positions_known and ext.split_note is None
    assert _values(_row(t, "Resor och logi: Resor")) == [412300, 655900, 412300, None, 1480500]
    fees = _row(t, "Avgifter från deltagare")
    assert _values(fees) == [300000, 450000, 300000, None, 1050000] and fees.section_label == "Projektintäkter"


def test_label_over_two_lines_then_values_after_a_blank_line():
    t = _table(BUDGET)
    r = _row(t, "Schablonkostnader: Indirekta kostnader")
    assert r.label_line == 21 and r.line == 24
    assert _values(r) == [180675, 361350, 361350, 90338, 993713]


def test_co_financiers_one_value_per_line_without_a_total_fill_the_periods():
    t = _table(BUDGET)
    almi = _row(t, "Almi Exempel AB")
    assert _values(almi) == [210400, 318900, 207700, 52000, None]
    assert almi.section_label == "Kontant medfinansiering" and almi.positions_known
    summa = _row(t, "Summa medfinansiering")
    # a single space in '1 628 900 1 205 700 292 000' is both a thousands gap and a column gap
    assert _values(summa) == [1230400, 1628900, 1205700, 292000, None]


def test_a_part_set_apart_by_blank_lines_is_its_own_table_under_the_same_header():
    costs, financing = _tables(BUDGET)
    assert costs.rows[-1].label == "Summa faktiska kostnader" and costs.title == "Kostnader"
    # the financing totals never take the cost rows as parts
    assert financing.title == "Finansiering" and financing.rows[0].label == "Almi Exempel AB"
    assert financing.labels == costs.labels and financing.start_line == financing.rows[0].label_line


def test_empty_category_rows_are_dropped_and_prose_ends_the_table():
    t = _table(BUDGET)
    assert not any(r.label.startswith("Personal: Externa") or r.label == "Personal" for r in t.rows)
    assert t.end_line < BUDGET.split("\n").index(next(l for l in BUDGET.split("\n") if l.startswith("Det här"))) + 1


def test_a_table_printed_one_row_per_line_is_left_to_the_other_readers():
    lines = ["Kostnadsslag 2024 2025       Totalt",
             "Personal: Ekonom 10 000 12 000       22 000",
             "Resor 4 000 1 000       5 000",
             "Summa kostnader 14 000 13 000       27 000"]
    assert read_values_below(lines, header_words()) == []


def test_variant_with_nbsp_minus_page_break_and_rows_added():
    page_break = "\f"
    text = "\n".join([
        "Budget",
        "Finansiär 2023 2024 2025        Totalt",
        f"Stiftelsen Påhittad 120{NBSP}000 80{NBSP}000",
        "",
        f"40{NBSP}000",
        "",
        f"240{NBSP}000",
        "Kommunen Påhittad",
        "",
        "55 000",
        "",
        "60 000",
        "",
        "65 000",
        "",
        "180 000",
        "Avräkning tidigare år",
        "",
        f"{MINUS}5 000 {MINUS}2 000",
        "",
        f"0 {MINUS}7 000",
        "",
        "",
    ])
    t = _table(text)
    assert _values(_row(t, "Stiftelsen Påhittad")) == [120000, 80000, 40000, 240000]
    assert _values(_row(t, "Kommunen Påhittad")) == [55000, 60000, 65000, 180000]
    assert _values(_row(t, "Avräkning tidigare år")) == [-5000, -2000, 0, -7000]


def test_values_that_fit_no_layout_rule_keep_unknown_positions():
    groups = [(5, value_tokens("1 000")[1]), (7, value_tokens("2 500")[1])]
    cells, known, note = solve(groups, 5, 4)
    assert [c.value if c else None for c in cells] == [1000, 2500, None, None, None]
    assert not known and "positions unknown" in note


def _econ(text: str) -> list[dict]:
    lines = tuple(text.split("\n"))
    doc = Document("doc1", "x.txt", "0", 0, text, lines=lines)
    idx = SectionIndex([Section("s1", "doc1", "project_application", "t", 1, len(lines))])
    return [r for r in economics.extract(doc, idx)["financial_amount"] if r["source_kind"] == "table"]


def test_economics_rows_carry_item_measure_amount_unit_period_and_the_values_line():
    rows = _econ(BUDGET)
    ext = [r for r in rows if r["line_item"] == "Externa tjänster"]
    assert {r["table_encoding"] for r in ext} == {"values_below"}
    assert [(r["column_label"], r["period_label"], r["amount"], r["source_line"]) for r in ext] == [
        ("2024", "2024", 1850000, 9), ("2025", "2025", 2100000, 9), ("2026", "2026", 1120000, 12),
        ("Totalt", None, 5070000, 15)]
    assert {(r["statement"], r["measure"], r["unit"]) for r in ext} == {("project_budget", "budget", "kr")}
    summa = [r for r in rows if r["line_item"] == "Summa kostnader"]
    assert len(summa) == 5 and all(r["is_total"] for r in summa)
    # no fragment rows: every amount of the table has its column
    assert all(r["column_label"] is not None for r in rows)


@pytest.mark.parametrize("spread", [1, 3])
def test_economics_same_facts_whatever_the_blank_lines_between_values(spread):
    gap = "\n" * spread
    text = ("Kostnader\nKostnadsslag  2024  2025  Totalt\n"
            f"Lokaler 10 000{gap}20 000{gap}30 000\n"
            f"Material{gap}5 000 5 000{gap}10 000\n"
            "Summa kostnader 15 000 25 000 40 000\n")
    rows = _econ(text)
    got = {(r["line_item"], r["column_label"]): r["amount"] for r in rows}
    assert got == {("Lokaler", "2024"): 10000, ("Lokaler", "2025"): 20000, ("Lokaler", "Totalt"): 30000,
                   ("Material", "2024"): 5000, ("Material", "2025"): 5000, ("Material", "Totalt"): 10000,
                   ("Summa kostnader", "2024"): 15000, ("Summa kostnader", "2025"): 25000,
                   ("Summa kostnader", "Totalt"): 40000}


def test_page_break_between_a_rows_values_is_stepped_over():
    footer = "Ansökan Exempelprojektet                                   Sida {}"
    text = "\n".join([
        footer.format(1),
        "Kostnader",
        "Kostnadsslag  2024  2025  2026  Totalt",
        "Lokaler 40 000 45 000",
        "",
        footer.format(2),
        "\f",
        "50 000",
        "",
        "135 000",
        "Personal 300 000 310 000 320 000 930 000",
        "Summa kostnader 340 000 355 000 370 000 1 065 000",
        footer.format(3),
    ])
    rows = _econ(text)
    got = {(r["line_item"], r["column_label"]): (r["amount"], r["source_line"]) for r in rows}
    assert got[("Lokaler", "2026")] == (50000, 8) and got[("Lokaler", "Totalt")] == (135000, 10)
    assert not any(r["amount"] in (1, 2, 3) for r in rows)
