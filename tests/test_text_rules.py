"""The shared text rules of ingest/text/, on invented lines and their variants."""
from __future__ import annotations

import pytest

from ingest.text.contents import DOT_LEADER, TOC_ENTRY, TOC_HEADING
from ingest.text.page_furniture import (
    ATTESTATION_LINE,
    COUNTER_LINE,
    FOOTER,
    FOOTER_TAIL,
    PAGE_COUNTER,
    PROTOCOL_PAGE_FURNITURE,
    furniture_lines,
    kind_of_footer,
)
from ingest.text.people import is_person_line
from ingest.text.periods import period_of_span
from ingest.text.seeds import column_kinds, csv_rows, seed_rows
from ingest.text.wrapping import join_broken_words, join_soft_hyphens


# --- page footers and counters ---------------------------------------------------------
@pytest.mark.parametrize("line, org, kind", [
    ("Kultur och fritid, Delårsrapport 2 7(26)", "Kultur och fritid", "interim_report"),
    ("Vård, omsorg och hälsa, Verksamhetsberättelse 10(22)", "Vård, omsorg och hälsa", "annual_report"),
    ("Tandvården Månadsrapport 3 (9)", "Tandvården", "monthly_report"),
    ("Servicenämnden, Årsredovisning 2031 101(140)", "Servicenämnden", "annual_report"),
])
def test_report_footer_gives_unit_and_kind(line, org, kind):
    m = FOOTER.match(line)
    assert m and m.group("org") == org and kind_of_footer(m.group("rep")) == kind


@pytest.mark.parametrize("line", [
    "Resultatet för perioden uppgår till 12 mnkr (8)",     # a sentence with a figure in brackets
    "Delårsrapport 2 7(26)",                                # no unit before the report word
    "Kultur och fritid, Delårsrapport 2",                   # no page counter
])
def test_not_a_report_footer(line):
    assert not FOOTER.match(line)


def test_page_counters_in_their_variants():
    assert PAGE_COUNTER.search("Kultur och fritid 5(41)") and PAGE_COUNTER.search("Kultur 5 (41) ")
    assert not PAGE_COUNTER.search("Investeringar 2031 (2030)")   # four digits: a year, not a page
    assert COUNTER_LINE.fullmatch("12(30)") and COUNTER_LINE.fullmatch("12 (30) ")
    assert not COUNTER_LINE.fullmatch("Sida 12(30)")
    assert FOOTER_TAIL.sub("", "Kulturförvaltningen, Verksamhetsberättelse 5(41)") == "Kulturförvaltningen"


def test_protocol_page_furniture():
    for t in ("Justerandes signatur", "Justerandes sign.", "Utdragsbestyrkande", "Sida 3", "Sida 3 (7)",
              "3 (7)", "Protokollsutdrag, bestyrkande", "Justerare, signatur", "Protokollsutdrag nämnden"):
        assert PROTOCOL_PAGE_FURNITURE.match(t), t
    assert not PROTOCOL_PAGE_FURNITURE.match("Nämnden beslutar att godkänna rapporten")
    # the excerpt's attestation is a whole line; a basis line naming an excerpt is content
    assert ATTESTATION_LINE.match("  Protokollsutdrag,bestyrkande  ")
    assert not ATTESTATION_LINE.match("Protokollsutdrag arbetsutskottet 2031-02-03")


def _pages(body_per_page: list[list[str]], header: str, footer: str) -> list[str]:
    lines: list[str] = []
    for n, body in enumerate(body_per_page, 1):
        lines += [header, ""] + body + ["", footer.format(n=n, of=len(body_per_page))]
    return lines


def test_running_headers_and_page_numbers_are_furniture():
    lines = _pages([["Intäkter   120   130"], ["Kostnader   -90   -95"], ["Resultat   30   35"]],
                   "Region Nordby   Delårsrapport 2031", "Sida {n} av {of}")
    fur = furniture_lines(lines)
    assert {n for n, t in enumerate(lines, 1) if t.startswith("Sida")} <= fur
    assert not any(lines[n - 1].startswith(("Intäkter", "Kostnader", "Resultat")) for n in fur)


def test_a_page_break_moved_keeps_the_table_rows_out_of_the_furniture():
    # the same rows, the page break after the first row instead of the second
    a = ["Intäkter   120   130", "Kostnader   -90   -95", "", "3", "Resultat   30   35", "", "4"]
    b = ["Intäkter   120   130", "", "3", "Kostnader   -90   -95", "Resultat   30   35", "", "4"]
    for lines in (a, b):
        fur = furniture_lines(lines)
        assert {lines[n - 1] for n in fur} == {"3", "4"}


def test_a_value_column_of_two_equal_rows_is_not_furniture_but_a_repeated_footer_is():
    lines = ["Mål   12", "Mål   12", "Nordby kommun  Bokslut  1 (2)", "x", "Nordby kommun  Bokslut  2 (2)"]
    fur = furniture_lines(lines)
    assert 3 in fur and 5 in fur
    # two identical rows ending in a small number do repeat: the rule is the printed shape, so
    # a row label with two spaces before a page-sized number counts; the table readers step
    # over such rows only where they also match no header (pinned here so a change is seen)
    assert (1 in fur) == (2 in fur)


# --- contents and people -------------------------------------------------------------
def test_contents_lines():
    assert TOC_HEADING.match("Innehållsförteckning ")
    m = TOC_ENTRY.match("Ekonomisk översikt ........ 12")
    assert m and m.group("title").rstrip(". ") == "Ekonomisk översikt" and m.group("page") == "12"
    assert TOC_ENTRY.match("Bilagor\t40").group("page") == "40"
    assert not TOC_ENTRY.match("Ekonomisk översikt")
    import re
    assert re.search(DOT_LEADER, "Inledning....... 3") and not re.search(DOT_LEADER, "Slut...")


@pytest.mark.parametrize("line, ok", [
    ("Anna Berg", True), ("Anna Ek Sand", True), ("Ann-britt Holm", True), ("Åsa Öberg", True),
    ("Anna", False), ("anna berg", False), ("Anna Berg 2031", False), ("Regionstyrelsens Ordförande Och Vice X", False),
])
def test_person_line(line, ok):
    assert is_person_line(line) is ok


# --- wrapped lines -----------------------------------------------------------------------
def test_broken_words_joined_by_the_trailing_space():
    assert join_broken_words(["Kompetensutveckli", "ngsplan "]) == "Kompetensutvecklingsplan"
    assert join_broken_words(["Andel nöjda ", "", "invånare "]) == "Andel nöjda invånare"
    assert join_broken_words(["Minskat CO2-", "utsläpp"]) == "Minskat CO2-utsläpp"
    assert join_broken_words(["Personalhälsa -", "sjukfrånvaro"]) == "Personalhälsa - sjukfrånvaro"
    assert join_broken_words(["Kostnad per\t", "invånare"]) == "Kostnad per invånare"


def test_soft_hyphens():
    assert join_soft_hyphens(["Kompetens-", "utveckling av chefer"]) == "Kompetensutveckling av chefer"
    assert join_soft_hyphens(["produktions-", "och kvalitetsarbete"]) == "produktions- och kvalitetsarbete"
    assert join_soft_hyphens(["CO2-", "utsläpp"]) == "CO2- utsläpp"          # a digit before the dash: kept
    assert join_soft_hyphens(["  Vård  och ", " omsorg "]) == "Vård och omsorg"


# --- report periods -----------------------------------------------------------------------
@pytest.mark.parametrize("lines, kind, period", [
    (["Kultur", "Tertial 2 2031"], "interim_report", "T2 2031"),
    (["Kultur", "Tertial 2 2031"], "annual_report", "2031"),
    (["Uppföljning per augusti 2031"], "interim_report", "T2 2031"),
    (["Uppföljning per april 2031"], "interim_report", "T1 2031"),
    (["Uppföljning per mars 2031"], "monthly_report", "2031-03"),
    (["Uppföljning per december 2031"], "interim_report", "T3 2031"),
    (["Mål", "2031-08-31 Andel  2030-08-31 Andel"], "interim_report", "T2 2031"),
    (["Verksamhetsberättelse", "2031"], "annual_report", "2031"),
    (["Ingen period här"], "annual_report", None),
])
def test_report_period(lines, kind, period):
    assert period_of_span(lines, 0, len(lines) - 1, kind) == period


def test_a_month_far_down_is_not_the_period():
    lines = ["Kultur"] + ["text"] * 45 + ["Uppföljning per mars 2031"]
    assert period_of_span(lines, 0, len(lines) - 1, "monthly_report") is None


# --- seeds --------------------------------------------------------------------------------
def test_seed_rows_are_stripped_and_missing_cells_empty(tmp_path):
    p = tmp_path / "words.csv"
    p.write_text("phrase,kind,extra\n  Nettokostnad ,cost\nBudget,budget,x\n", encoding="utf-8")
    assert csv_rows(p) == [{"phrase": "Nettokostnad", "kind": "cost", "extra": ""},
                           {"phrase": "Budget", "kind": "budget", "extra": "x"}]


def test_project_seeds_load_through_the_one_loader():
    assert seed_rows("tables_header_words") == seed_rows("tables_header_words.csv")
    kinds = column_kinds("governance_attendance_columns")
    assert kinds and all(k == k.lower() for k in kinds)
