"""Unit tests: space-aligned KPI blocks (ingest/tables/kpi_blocks.py via indicators_aligned)."""
from __future__ import annotations

import pytest

from ingest.extract.indicators.aligned import aligned_rows, header_roles
from ingest.tables.kpi_blocks import parse_value_line, trailing_values


def _rows(text: str):
    lines = tuple(text.split("\n"))
    return aligned_rows(lines, 1, len(lines))


@pytest.mark.parametrize("line, cells, rest", [
    ("60 % 71,7 % Sveriges kommuner ", ["60 %", "71,7 %"], "Sveriges kommuner "),
    ("0 tkr 47 582 tkr Det positiva ", ["0 tkr", "47 582 tkr"], "Det positiva "),
    ("251 250 Utfallet var 251 ", ["251", "250"], "Utfallet var 251 "),
    ("2 918 10 000  ", ["2 918", "10 000"], ""),          # thousands spaces inside a value line
    ("392 4 000 På grund av ", ["392", "4 000"], "På grund av "),
    ("42 000 25 223 ", ["42 000", "25 223"], ""),
    ("4  Mätetalet har inte ", ["4", None], "Mätetalet har inte "),   # double space: empty cell
    (" 26,8% Digitaliseringen ", [None, "26,8%"], "Digitaliseringen "),  # leading space: empty cell
    (" 10 500tkr ", [None, "10 500tkr"], ""),
    ("1 1  ", ["1", "1"], ""),
    (" Ja  Per 30 april är ", [None, "Ja"], "Per 30 april är "),
])
def test_value_lines(line, cells, rest):
    got = parse_value_line(line, 2)
    assert got is not None
    assert got[0] == cells and got[1].strip() == rest.strip()


def test_prose_is_not_a_value_line():
    assert parse_value_line("2 529 av 5 800 patienter", 2) is None
    assert parse_value_line("Sjukfrånvaron har ökat", 2) is None


def test_trailing_values_on_the_name_line():
    assert trailing_values("Prisvärdhet 50 % 45 % ", 2) == ("Prisvärdhet", ["50 %", "45 %"])
    assert trailing_values("Prognos, budgetavvikelse   0 tkr -530 000 tkr ", 2) == (
        "Prognos, budgetavvikelse", ["0 tkr", "-530 000 tkr"])
    assert trailing_values(" Prognos  8 500 tkr ", 2) == ("Prognos", [None, "8 500 tkr"])
    assert trailing_values("Regional utveckling (ANA) +20,4 mnkr ", 2) is None


def test_header_roles_follow_the_printed_order():
    assert header_roles("Mätetal Målvärde Resultat Analys ") == ("name", "target", "result", "comment")
    assert header_roles("Mätetal Utfall Målvärde Kommentar ") == ("name", "result", "target", "comment")
    assert header_roles("Aktiviteter Analys ") is None


# 001 L1030-1045 (annual report, Målvärde before Resultat), shortened
DOC_001 = """Mätetal Målvärde Resultat Analys 

  
Indikatorer i öppna 
jämförelser 

60 % 71,7 % Sveriges kommuner och regioner (SKR) har sammanställt 
sin jämförelse i Hälso- och sjukvårdsrapporten. 

  
Kompetensutveckli
ngsplan 

90 % 54 % Vissa enheter har skjutit upp 
arbetet. 
"""


def test_real_001_block():
    rows = _rows(DOC_001)
    assert [(r.raw_name, r.target_raw, r.result_raw) for r in rows] == [
        ("Indikatorer i öppna jämförelser", "60 %", "71,7 %"),
        ("Kompetensutvecklingsplan", "90 %", "54 %"),
    ]
    assert rows[0].line == 7 and rows[0].name_line == 4
    assert rows[0].comment.startswith("Sveriges kommuner")


def test_variant_numbers_changed_and_a_row_added():
    text = DOC_001.replace("60 % 71,7 %", "65 % 12 345 tkr") + """
  
Medarbetarsamtal 

90 % 65 % Vissa enheter. 
"""
    rows = _rows(text)
    assert [(r.target_raw, r.result_raw) for r in rows] == [("65 %", "12 345 tkr"), ("90 %", "54 %"), ("90 %", "65 %")]


# 002 L237-251: the goal follow-up prints Utfall before Målvärde
DOC_002 = """Mätetal Utfall Målvärde Kommentar 

  Minskad 
antibiotikaanvändning 
- minskad 
användning. 

 

251 250 Utfallet var 251 
recept/TIN. 
"""


def test_real_002_block_reads_columns_in_header_order():
    (r,) = _rows(DOC_002)
    assert r.raw_name == "Minskad antibiotikaanvändning - minskad användning."
    assert (r.result_raw, r.target_raw) == ("251", "250")
    assert r.column_order == "result target"


def test_variant_column_order_swapped_with_its_header():
    swapped = DOC_002.replace("Mätetal Utfall Målvärde Kommentar", "Mätetal Målvärde Utfall Kommentar")
    (r,) = _rows(swapped)
    assert (r.target_raw, r.result_raw) == ("251", "250")


# 004 L5364-5396: values on their own line, an icon line, then the analysis; a text target
DOC_004 = """Mätetal Målvärde Resultat Analys 

Antal 
påstigande/mil 

9,2 5,6 
 

Resultatet för påstigande per mil når inte målet vilket beror 
på att resandet är lägre än före pandemin. 

Antal resor ska 
öka jfm 
föregående år 

Öka jfm 
2021   

77 % 
 

I augusti månad är resandet uppe i 86 % av resandet 2019 

Kostnad per 
resenär - km 
(serviceresor) 

Inte öka 
mer än 
index 
24,88 
kr/km 

24,93 
kr/km 

 

Samåkningen i fordonen har ökat efter pandemin. 
"""


def test_real_004_block_with_text_and_wrapped_targets():
    rows = _rows(DOC_004)
    got = [(r.raw_name, r.target_raw, r.result_raw) for r in rows]
    assert got == [
        ("Antal påstigande/mil", "9,2", "5,6"),
        ("Antal resor ska öka jfm föregående år", "Öka jfm 2021", "77 %"),
        ("Kostnad per resenär - km (serviceresor)", "Inte öka mer än index 24,88 kr/km", "24,93 kr/km"),
    ]
    assert rows[0].comment.startswith("Resultatet för påstigande")


def test_variant_name_wrapped_differently_and_page_break_inside_a_name():
    text = """Mätetal Målvärde Resultat Analys 

Standardiserade vårdförlopp 
- andel inom max 

80 % 35 % 
 

Under den senaste perioden har totalt 2 
109 patienter behandlingsstartats. 
 Mätetal Målvärde Resultat Analys 

ledtid 
 

angiven ledtid. 
"""
    (r,) = _rows(text)
    assert r.raw_name == "Standardiserade vårdförlopp - andel inom max ledtid"
    assert (r.target_raw, r.result_raw) == ("80 %", "35 %")


def test_block_stops_at_the_next_goal_label_and_activity_table():
    text = DOC_001 + "\nUppdrag/mål: Nästa mål \n\nAktiviteter Analys \n\n  \nEn aktivitet \n\n90 % 10 % text \n"
    assert len(_rows(text)) == 2
