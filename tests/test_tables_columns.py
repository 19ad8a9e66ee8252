"""The column-position reader (ingest.tables.columns), printed amounts (values.parse_amount),
printed periods (values.is_period_text) and page furniture, on invented excerpts."""
from __future__ import annotations

import pytest

from ingest.tables.columns import HeaderWords, chunks, read_tables
from ingest.text.page_furniture import furniture_lines
from ingest.tables.vocabulary import header_words, role_of
from ingest.values import is_period_text, parse_amount
from tests.layout_helpers import EN_DASH, MINUS, NBSP, NNBSP, aligned

ENDS = [60, 74, 86, 98, 112]


@pytest.mark.parametrize("text,value,decimals,pct", [
    (f"{MINUS}27{NBSP}431", -27431, 0, False),
    (f"{EN_DASH}9{NNBSP}004", -9004, 0, False),
    ("(2 816)", -2816, 0, False),
    ("+73", 73, 0, False),
    ("-0,4", -0.4, 1, False),
    ("12,75 %", 12.75, 2, True),
    ("1 204 377", 1204377, 0, False),
])
def test_parse_amount_reads_every_printed_form(text, value, decimals, pct):
    a = parse_amount(text)
    assert a is not None and a.value == value and a.decimals == decimals and a.percent == pct


@pytest.mark.parametrize("text", ["Öka", "2 3", "(12", "12)", "", "1,2,3", "+ a"])
def test_parse_amount_rejects_text_and_broken_numbers(text):
    assert parse_amount(text) is None


def test_parse_amount_keeps_the_year_in_parentheses_as_a_note():
    a = parse_amount("318 250 (2021)")
    assert a.value == 318250 and a.note == "2021"


@pytest.mark.parametrize("text,ok", [
    ("2024", True), ("feb–jun 2022", True), ("T3 2021", True), ("2022-06-30", True),
    ("Nov 2022", True), ("tom 2022", True), ("helår 2025", True), ("2026–2027", True),
    ("Utfall", False), ("mot budget", False), ("Marknad", False), ("Sida 2 av 9", False), ("4 512", False),
])
def test_period_text(text, ok):
    assert is_period_text(text) is ok


def test_chunks_split_on_two_spaces_only_and_keep_nbsp_numbers():
    cs = chunks(f"Intäkter från avgifter     3{NBSP}120   {MINUS}1 004")
    assert [c.text for c in cs] == ["Intäkter från avgifter", f"3{NBSP}120", f"{MINUS}1 004"]


def test_two_line_header_puts_each_period_under_its_own_column():
    lines = [
        "Resultatöversikt",
        "",
        aligned("Resultatöversikt, mnkr", ["Utfall", "Utfall", "Budget", "Prognos", "Avvikelse"], ENDS),
        aligned("", [f"feb{EN_DASH}jun 2022", f"feb{EN_DASH}jun 2021", "2022", "2022", "mot budget"], ENDS),
        "",
        aligned("Externa intäkter", [f"4{NBSP}105", f"3{NBSP}980", f"6{NBSP}200", f"6{NBSP}310", "110"], ENDS),
        aligned("Externa kostnader", [f"{MINUS}21{NBSP}407", f"{MINUS}20{NBSP}015", f"{MINUS}33{NBSP}100",
                                      f"{MINUS}33{NBSP}420", f"{MINUS}320"], ENDS),
    ]
    [t] = read_tables(lines, header_words())
    assert t.stub == "Resultatöversikt, mnkr"
    assert t.labels == [f"Utfall feb{EN_DASH}jun 2022", f"Utfall feb{EN_DASH}jun 2021", "Budget 2022",
                        "Prognos 2022", "Avvikelse mot budget"]
    cost = t.rows[1]
    assert cost.label == "Externa kostnader" and cost.line == 7
    assert [c.value for c in cost.cells] == [-21407, -20015, -33100, -33420, -320]


def test_header_line_longer_than_a_hundred_characters_is_a_header():
    ends = [70, 90, 110, 130]
    lines = [aligned("Sammanställning per verksamhet, tusentals kronor", ["Intäkter", "Kostnader", "Nettokostnad",
                                                                         "Avvikelse"], ends),
             aligned("Hälsoval", ["12 300", "-40 100", "-27 800", "-1 200"], ends)]
    assert len(lines[0]) > 100
    [t] = read_tables(lines, header_words())
    assert [c.value for c in t.rows[0].cells] == [12300, -40100, -27800, -1200]


def test_note_column_and_period_column_are_never_amounts():
    ends = [50, 58, 72, 86]
    lines = [aligned("Balans, mnkr", ["Not", "2022-06-30", "2021-12-31"], ends[1:]),
             aligned("Inventarier", ["7", "1 215", "1 180"], ends[1:]),
             aligned("Summa tillgångar", [None, "1 215", "1 180"], ends[1:])]
    [t] = read_tables(lines, header_words())
    inv = t.rows[0]
    assert inv.cells[0] is None and inv.detail == "Not 7"
    assert [c.value for c in inv.cells[1:]] == [1215, 1180]


def test_label_wrapped_above_and_below_its_values():
    ends = [62, 76, 90]
    lines = [
        aligned("Område, tkr", ["Intäkter", "Kostnader", "Nettokostnad"], ends),
        aligned("Anropsstyrd trafik och", ["9 100", "-55 000", "-45 900"], ends),
        "färdtjänst",
        "Andel resor med nöjd kund i",
        aligned("landsbygdstrafiken, %", ["71", "80", "82"], ends),
        aligned("Linjetrafik", ["120 400", "-300 000", "-179 600"], ends),
    ]
    [t] = read_tables(lines, header_words())
    assert [r.label for r in t.rows] == ["Anropsstyrd trafik och färdtjänst",
                                         "Andel resor med nöjd kund i landsbygdstrafiken, %", "Linjetrafik"]
    assert t.rows[1].label_line == 4 and t.rows[1].line == 5


def test_values_on_the_line_after_the_name():
    ends = [52, 66, 76, 86]
    lines = [
        "Vårdgaranti",
        aligned("", ["Period", "Utfall", "Mål", "Trend"], ends),
        "Återbesök inom utlovad tid i specialistvården, andel av alla återbesök %",
        aligned("", ["Sep 2022", "77", "90", "↓"], ends),
        "Väntande på operation, antal",
        aligned("", [f"jan{EN_DASH}sep 2022", f"1{NNBSP}904", EN_DASH, "→"], ends),
    ]
    [t] = read_tables(lines, header_words())
    assert [r.label for r in t.rows] == ["Återbesök inom utlovad tid i specialistvården, andel av alla återbesök %",
                                         "Väntande på operation, antal"]
    second = t.rows[1]
    assert second.texts[0] == f"jan{EN_DASH}sep 2022" and second.cells[0] is None   # a period, not an amount
    assert second.cells[1].value == 1904 and second.cells[2].kind == "null"


def test_page_furniture_is_skipped_inside_a_table_and_never_a_row():
    ends = [50, 64, 78]
    lines = [
        aligned("Nämnd", ["Budget", "Prognos", "Avvikelse"], ends),
        aligned("Kulturnämnden", ["-412", "-409", "+3"], ends),
        aligned("Rapport tertial 2 2022", ["7"], [90]),
        aligned("Tandvårdsnämnden", ["-95", "-101", "-6"], ends),
        "",
        aligned("Rapport tertial 2 2022", ["8"], [90]),
    ]
    fur = furniture_lines(lines)
    assert fur == {3, 6}
    [t] = read_tables(lines, header_words(), skip=fur.__contains__)
    assert [r.label for r in t.rows] == ["Kulturnämnden", "Tandvårdsnämnden"]
    assert t.rows[0].cells[2].value == 3


def test_prose_ends_a_table_and_a_sentence_is_not_a_header():
    ends = [50, 64, 78]
    lines = [
        aligned("Nämnd", ["Budget", "Prognos", "Avvikelse"], ends),
        aligned("Kulturnämnden", ["-412", "-409", "+3"], ends),
        "",
        "Kulturnämndens överskott beror främst på vakanta tjänster under våren och sommaren.",
        aligned("Fritt kapital", ["12", "13", "1"], ends),
    ]
    [t] = read_tables(lines, header_words())
    assert len(t.rows) == 1 and t.end_line < 4


def test_a_line_of_two_words_is_not_a_header_without_vocabulary():
    words = HeaderWords(("utfall",))
    assert read_tables(["Namn        Adress", "Anna        Storgatan 1"], words) == []


def test_column_roles_from_the_seed_vocabulary():
    assert role_of("Målvärde 2026") == "target"
    assert role_of("Utgångsvärde (år)") == "baseline"
    assert role_of("Not") == "note"
    assert role_of("Bedömning helår") == "assessment"


def test_one_column_under_a_stub_needs_two_labelled_rows():
    ends = [60]
    grant = [aligned("Stödområde", ["Beviljas, kr"], ends),
             aligned("Forskning och innovation", ["4 100 000"], ends),
             aligned("Besöksnäring", ["950 000"], ends),
             aligned("Summa", ["5 050 000"], ends)]
    [t] = read_tables(grant, header_words())
    assert [r.cells[0].value for r in t.rows] == [4100000, 950000, 5050000]
    count = [aligned("Status", ["Antal uppdrag"], [40]), aligned("Klar", ["4"], [40]), aligned("Totalt", ["4"], [40])]
    assert len(read_tables(count, header_words())[0].rows) == 2
    # a one-value block is no table, and a stub holding years is a header printed with single spaces
    assert read_tables([aligned("Status", ["Antal"], [40]), aligned("Klar", ["4"], [40])], header_words()) == []
    assert read_tables([aligned("Kostnadsslag 2024 2025", ["Totalt"], [60]),
                        aligned("Lön", ["100"], [60]), aligned("Resor", ["20"], [60])], header_words()) == []


def test_pipe_separated_table_returns_the_same_model():
    from ingest.tables.registry import read_all
    lines = ["Nämnd | Budget 2023 | Prognos 2023 | Avvikelse",
             "|---|---|---|---|",
             f"| Kulturnämnden | {MINUS}310 | {MINUS}305 | +5 |",
             "| Tandvårdsnämnden | (88) | (91) | (3) |"]
    [t] = read_all(lines, header_words())
    assert t.encoding == "pipe" and t.labels == ["Budget 2023", "Prognos 2023", "Avvikelse"]
    assert [[c.value for c in r.cells] for r in t.rows] == [[-310, -305, 5], [-88, -91, -3]]
    assert t.rows[1].line == 4 and t.rows[1].label == "Tandvårdsnämnden"
