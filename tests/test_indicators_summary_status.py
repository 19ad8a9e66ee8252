"""Unit tests: måluppfyllelse count tables and status derivation."""
from __future__ import annotations

from ingest.extract.indicators.status import derive_status, direction_of, wording_status
from ingest.extract.indicators.summary import summary_aligned, summary_tsv
from ingest.extract.indicators.values import parse_cell

T = "\t"


def test_tsv_count_table():
    # 000 L450-454, and the UK variant with '40 %' and '-'
    lines = ("", T.join(["", "2021-08-31", "Andel", "2020-08-31", "Andel"]),
             T.join(["Antal mätetal som är uppfyllda", "8", "29%", "5", "17%"]),
             T.join(["Antal mätetal som är delvis uppfyllda", "0", "-", "0", "-"]),
             T.join(["Antal mätetal som inte är uppfyllda", "3", "60 %", "4", "57 %"]),
             T.join(["Totalt antal mätetal", "28", "100%", "29", "100%"]))
    facts = summary_tsv(lines, 1, len(lines))
    got = [(f.category, f.period_label, f.count, f.share_pct) for f in facts]
    assert got[:2] == [("met", "2021-08-31", 8, 29.0), ("met", "2020-08-31", 5, 17.0)]
    assert ("partly_met", "2021-08-31", 0, None) in got
    assert ("not_met", "2020-08-31", 4, 57.0) in got
    assert got[-1] == ("total", "2020-08-31", 29, 100.0)


def test_aligned_count_table_with_wrapped_labels_and_missing_cells():
    # 004 L1312-1331 and RLK L9765-9790 ('1 17%   ', '6  5')
    text = """  2022-08-31 Andel 2021-08-31 Andel 

Antal mätetal som 
är uppfyllda 

3 10% 8 29% 

Antal mätetal som 
är delvis uppfyllda 

1 17%   

Totalt antal mätetal 6  5  
"""
    lines = tuple(text.split("\n"))
    facts = summary_aligned(lines, 1, len(lines))
    got = [(f.line, f.category, f.period_label, f.count, f.share_text) for f in facts]
    assert got == [
        (6, "met", "2022-08-31", 3, "10%"), (6, "met", "2021-08-31", 8, "29%"),
        (11, "partly_met", "2022-08-31", 1, "17%"), (11, "partly_met", "2021-08-31", None, None),
        (13, "total", "2022-08-31", 6, None), (13, "total", "2021-08-31", 5, None),
    ]


def test_status_glyph_wins():
    s, *_ = derive_status("Antal påstigande/mil", parse_cell("9,2"), parse_cell("3,7 ■"), "Målet är nått.", "■")
    assert (s.status, s.source) == ("not_met", "glyph")


def test_status_from_wording_with_negation():
    assert wording_status("Målet är uppfyllt.")[0] == "met"
    assert wording_status("Område måltid når inte målet med 16,4 procent.")[0] == "not_met"
    assert wording_status("Målet nås inte i år.")[0] == "not_met"
    assert wording_status("Målet nås nästan.")[0] == "not_met"
    assert wording_status("Årsmått.")[0] == "not_assessed"
    assert wording_status("Resandet har ökat.") is None


def test_status_computed_from_direction():
    # lower is better: a negative target (a reduction)
    s, d, src = derive_status("Matsvinn per restaurangportion", parse_cell("-10 %"), parse_cell("-16 %"), None, None)
    assert (s.status, s.source, d) == ("met", "computed", "lower")
    # an operator in the target
    s, d, _ = derive_status("Klimatpåverkan", parse_cell("<1,93 CO2-ekv/kg"), parse_cell("2,14 CO2-ekv/kg"), "", None)
    assert (s.status, d) == ("not_met", "lower")
    # higher is better from the name
    s, d, _ = derive_status("Andel heltidsanställda", parse_cell("87 %"), parse_cell("96 %"), "", None)
    assert (s.status, d) == ("met", "higher")
    # a budget deviation: a surplus meets a 0 tkr target
    s, d, _ = derive_status("Ekonomi i balans", parse_cell("0 tkr"), parse_cell("-1 928 tkr"), "", None)
    assert (s.status, d) == ("not_met", "higher")


def test_status_unknown_when_direction_unclear():
    s, d, _ = derive_status("Betalande publik", parse_cell("34 500"), parse_cell("746"), "Text utan bedömning.", None)
    assert (s.status, s.source, d) == ("unknown", "none", None)


def test_direction_from_compound_words():
    assert direction_of("Koldioxidutsläpp från tjänsteresor", parse_cell("0,115 ton/anställd"))[0] == "lower"
    assert direction_of("Minskad energianvändning. Ju högre minskning desto bättre", parse_cell("204,7"))[0] == "lower"
