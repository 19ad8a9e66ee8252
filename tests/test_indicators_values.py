"""Unit tests: reading one KPI cell and one KPI name (ingest/extract/indicators_values.py)."""
from __future__ import annotations

import pytest

from ingest.extract.indicators.values import clean_name, join_wrapped, name_key, parse_cell


@pytest.mark.parametrize("text, value, unit, unit_text, operator, glyph", [
    ("3,7 ■", 3.7, None, None, None, "■"),                       # glyph after the value (000 L1040)
    ("-36 % ■", -36.0, "%", "%", None, "■"),
    ("11 619 tkr ", 11619.0, "tkr", "tkr", None, None),           # thousands space
    ("-27 100 tkr", -27100.0, "tkr", "tkr", None, None),
    ("10 500tkr", 10500.0, "tkr", "tkr", None, None),             # unit glued (004 L5028)
    ("1,94kg CO2-ekv/kg livsmedel", 1.94, "other", "kg CO2-ekv/kg livsmedel", None, None),
    ("<1,93 CO2-ekv/kg livsmedel", 1.93, "other", "CO2-ekv/kg livsmedel", "<", None),
    ("Inte öka mer än index 22,4 kr/km", 22.4, "other", "kr/km", "<=", None),
    ("Max 1,9 %", 1.9, "%", "%", "<=", None),
    ("Mer än 0 %", 0.0, "%", "%", ">", None),
    ("203,5 kWh/m ²", 203.5, "other", "kWh/m²", None, None),      # superscript glued back
    ("17 st", 17.0, "antal", "st", None, None),
    ("- 90 %", -90.0, "%", "%", None, None),                      # sign detached
    ("26,48 kr/km ■", 26.48, "other", "kr/km", None, "■"),
    ("5.5", 5.5, None, None, None, None),                         # chart export decimal point
    ("746", 746.0, None, None, None, None),
])
def test_numeric_cells(text, value, unit, unit_text, operator, glyph):
    c = parse_cell(text)
    assert c.value == pytest.approx(value)
    assert (c.unit, c.unit_text, c.operator, c.glyph) == (unit, unit_text, operator, glyph)


@pytest.mark.parametrize("text, operator", [
    ("Öka jfm 2020", ">"),                    # the year is a baseline, not a value
    ("Fler avtal än hösten 2020", ">"),
    ("Högre deltagande än 2020", ">"),
    ("Ökning under 2021 Kompletteras efter 31/12", ">"),
    ("4 tillfällen och 48 chefer", None),     # a compound target is text
    ("Ja", None),
    ("—", None),
    ("u.s.", None),
])
def test_text_cells_keep_text_and_no_number(text, operator):
    c = parse_cell(text)
    assert c.value is None
    assert c.text == text
    assert c.operator == operator


def test_parenthetical_note_is_split_off():
    c = parse_cell("75% (läsåret 2019–2020, 74%)")
    assert (c.value, c.unit, c.note) == (75.0, "%", "läsåret 2019–2020, 74%")
    assert parse_cell("4 (totalt i RJH)").value == 4.0


def test_empty_cell():
    assert parse_cell(None).empty and parse_cell("   ").empty


def test_join_wrapped_uses_the_trailing_space_as_word_end():
    # 001 L1626-1627: a word broken without hyphen has no trailing space
    assert join_wrapped(["Kompetensutveckli", "ngsplan "]) == "Kompetensutvecklingsplan"
    assert join_wrapped(["Indikatorer i öppna ", "jämförelser "]) == "Indikatorer i öppna jämförelser"
    assert join_wrapped(["Minskat CO2-", "utsläpp jämfört "]) == "Minskat CO2-utsläpp jämfört"
    assert join_wrapped(["Personalhälsa -", "sjukfrånvaro "]) == "Personalhälsa - sjukfrånvaro"


def test_clean_name_strips_icons_and_prefixes():
    assert clean_name("♂ Betalande publik Smålands Musik och Teater") == (
        "Betalande publik Smålands Musik och Teater", None, "♂")
    assert clean_name("VO Invånarservice 1177 - Besvarade samtal")[:2] == ("Invånarservice 1177 - Besvarade samtal", "VO")
    assert clean_name(" Hållbarhet Köpt energi (kWh/m ²)")[:2] == ("Köpt energi (kWh/m²)", "Hållbarhet")
    assert clean_name("🌿 Andel särskilt farliga kemiska produkter")[0] == "Andel särskilt farliga kemiska produkter"
    assert clean_name("Andel flickor i årskurs 7 med god självskattad hälsa*")[0].endswith("hälsa")


def test_name_key_tolerates_layout_but_not_wording():
    assert name_key("Personalhälsa - sjukfrånvaro") == name_key("personalhälsa– sjukfrånvaro.")
    assert name_key("Minskat CO ₂ -utsläpp") == name_key("Minskat CO2-utsläpp")
    assert name_key("Tjänsteresor, antal km inrikesflyg") != name_key("Tjänsteresor, antal km utrikesflyg")


def test_name_key_masks_the_rows_own_target():
    plan_2020 = name_key("Minskad energianvändning, högst 204,7 kWh/m2", (204.7,))
    plan_2021 = name_key("Minskad energianvändning, högst 203,5 kWh/m ²", (203.5,))
    assert plan_2020 == plan_2021
    # another number in the name is not masked
    assert name_key("Besök inom 60 dagar", (80.0,)) != name_key("Besök inom 30 dagar", (80.0,))
