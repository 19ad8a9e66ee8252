"""The cheap tests that spare readers a regex scan or a walk over every line (issue 17, ingest
speed) give the same answers as the full test they stand before, on invented lines: the
page-number test of the first page, the prose-figure paragraph test, the activity-table
candidate lines and the case-number forms read for the document prefix."""
from __future__ import annotations

import pytest

from ingest import first_page as fp
from ingest.extract.activities import _candidate_lines
from ingest.extract.activities.context import ACTIVITY_HEADER, PERSPECTIVE_MAX_CHARS, parse_label, perspective_of
from ingest.extract.economics import prose
from ingest.extract.governance.cases import find_cases, forms

PAGE_LINES = [
    "Sida 2 (6)", "sida 3 av 4", "SIDA 12", "Kallelse 1(2)", "Rapport 7 (26)  ", "2 av 4", "Protokoll",
    "Region Nordby   Delårsrapport 2031", "Budget 2031 (mnkr)", "se sidan 4", "S\u0131DA 5",   # dotless i
    "\u017fida 5", "S\u0130DA 5", "Sida\u00a02", "Budget 2031", "2031-03-11", "Punkt 3)", "Sid 2",
]


@pytest.mark.parametrize("line", PAGE_LINES)
def test_the_page_number_test_agrees_with_the_full_pattern(line):
    m = fp._PAGE_NUMBER.search(line)
    full = int(next(g for g in m.groups() if g)) if m else None
    assert fp.page_number(line) == full
    if m:   # the cheap test never drops a line the pattern reads
        assert fp._may_hold_page_number(line)


def test_the_page_number_test_settles_lines_without_a_number_at_the_end_or_sida():
    assert not fp._may_hold_page_number("Region Nordby   Delårsrapport 2031 januari")
    assert fp._may_hold_page_number("Delårsrapport 2031")


def test_first_page_is_found_once_per_document_and_each_caller_gets_its_own_list():
    lines = ("KALLELSE 1(2)", "", "Regionstyrelsen", "Sida 2 (2)", "Ärenden")
    a = fp.first_page(lines)
    a.append("changed by a caller")
    assert fp.first_page(lines) == ["KALLELSE 1(2)", "Regionstyrelsen"]
    assert fp.first_page(list(lines)) == ["KALLELSE 1(2)", "Regionstyrelsen"]


PARAGRAPHS = [
    "Resultatet uppgår till 412 mnkr för perioden.",
    "Kostnaderna har ökat med 6,1 procent jämfört med 2030.",
    "Antalet besök var 412 under perioden.",                     # a number, no unit: no figure
    "Nettokostnaden har ökat med 3 %.",
    "Intäkterna är 12 MKR högre än budget.",
    "Underskottet är 4 tu\u017fen kronor.",                        # long s: re.I reads 'tusen'
    "Avvikelsen uppgick till 7 M\u0130LJONER KRONOR.",             # dotted capital I
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_the_prose_prefilter_never_drops_a_paragraph_with_a_figure(text):
    amount_re, pct_re = prose._patterns()
    if amount_re.search(text) or pct_re.search(text):
        assert prose._prefilter()(text)


def test_the_prose_prefilter_drops_paragraphs_without_unit_or_change():
    may = prose._prefilter()
    assert not may("Antalet besök var 412 under perioden.")
    assert may("Resultatet uppgår till 412 mnkr.")
    # figures from paragraphs as before: the unit word and the change are read
    lines = ("Resultatet uppgår till 412 mnkr.", "", "Antalet besök var 412.", "",
             "Kostnaderna har ökat med 6,1 procent.")
    got = [(f.line, f.amount, f.unit, f.measure) for f in prose.prose_figures(lines, set(), [])]
    assert got == [(1, 412.0, "mnkr", "outcome"), (5, 6.1, "%", "change_pct")]


def test_activity_candidate_lines_hold_every_line_the_reader_acts_on():
    lines = (
        "Perspektiv: Medarbetare",
        "Medborgare och kund",
        "Process och produktion",
        "En lång rad som beskriver läget i verksamheten under perioden",
        "Strategiska mål: Hållbar ekonomi",
        "Aktiviteter\tAnalys",
        " Aktiviteter   Analys",
        "",
        "kort rad",
        "Uppdrag/mål: Ett uppdrag",
        "EKONOMI",
        "  Hållbarhet  ",
        "Ekonomiskt",
        "Medarbetare\u00a0",
    )
    cands = _candidate_lines(lines, starts={3, 7})
    for i, t in enumerate(lines):
        acts = bool(ACTIVITY_HEADER.match(t) or parse_label(t) or perspective_of(t)) or (i in {3, 7} and t.strip())
        if acts:
            assert i in cands, t
    assert 7 not in cands        # a blank chapter start is stepped over, as the reader does
    assert 3 in cands            # a chapter start
    assert 8 not in cands        # a short line that starts with no perspective's word
    assert PERSPECTIVE_MAX_CHARS == len("process och produktion")


def test_case_forms_up_to_one_form_give_that_forms_cases_as_all_forms_do():
    text = "Dnr RS 2030/0456, XY/1134/2030, HSN 2030-00123 och 2030/5 samt RS300871"
    first = forms()[0][0]
    every = [c for c in find_cases(text) if c.form == first]
    assert every and find_cases(text, upto=first) == every
    # an unknown form name reads every form
    assert find_cases(text, upto="no such form") == find_cases(text)


def test_the_invented_paragraphs_hold_figures_in_every_spelling():
    amount_re, pct_re = prose._patterns()
    read = [t for t in PARAGRAPHS if amount_re.search(t) or pct_re.search(t)]
    assert len(read) == len(PARAGRAPHS) - 1   # all but the count without a unit


# --- first-word and end-word candidates (session 4): the pattern on the whole line implies
# the cheap test on its first word (or its end), on invented lines in odd cases and spacing

def _first_word(line: str) -> str:
    head = line.split(None, 1)
    return head[0] if head else ""


LEGEND_LINES = ["Teckenförklaring", "  teckenförklaring:", "FÖRKLARING  Grön = klar", "Symbolförklaring\tx",
                "Statusmarkeringar", "Teckenförklaringar", "Förklaringen nedan", "Se teckenförklaring", ""]


@pytest.mark.parametrize("line", LEGEND_LINES)
def test_a_legend_head_is_found_from_its_first_word(line):
    from ingest.extract.activities.marks import _LEGEND_HEAD, _is_legend_head

    assert bool(_LEGEND_HEAD.match(line)) == bool(_first_word(line) and _is_legend_head(_first_word(line)))


def test_legends_are_read_from_the_candidate_lines_as_from_every_line():
    from ingest.extract.activities.marks import read_legends

    lines = ("Rapport", "Teckenförklaring", "Grön   Genomförd", "Gul   Pågår", "", "text",
             "  förklaring", "Röd", "Ej påbörjad", "", "Teckenförklaring", "Teckenförklaring", "Grå   Ej startad")
    assert read_legends(lines) == [(3, None, {"grön": "Genomförd", "gul": "Pågår"}),
                                   (8, None, {"röd": "Ej påbörjad"}),
                                   (12, "Teckenförklaring", {"grå": "Ej startad"})]


def test_activity_column_heads_are_among_the_first_word_candidates():
    from ingest.extract.activities.listings import _col, _head_candidates, columns

    heads = sorted(columns())
    lines = tuple([h for h in heads] + [h.upper() + ":" for h in heads] + ["  " + h.title() + " " for h in heads]
                  + ["Aktivitet och mer text än en rubrik", "", ":", "x " + heads[0]])
    cands = set(_head_candidates(lines))
    for k, t in enumerate(lines):
        if len(t) <= 40 and _col(t) is not None:
            assert k in cands, t
    assert len(cands) < len(lines)


PERSPECTIVE_LINES = ["Ekonomi", "EKONOMI", "Perspektiv: Medarbetare", "perspektiv   lärande och förnyelse",
                     "Medborgare och kund", "Process produktion", "PERSPEKTIV:\u00a0Ekonomi", "Ekonomisk översikt",
                     "Ekonomi och finans", "Inledning", "Perspektiv:Ekonomi", "Pro\u017fess och produktion"]


@pytest.mark.parametrize("line", PERSPECTIVE_LINES)
def test_a_perspective_line_starts_with_a_perspective_first_word(line):
    from ingest.segment.markers import PERSPECTIVE
    from ingest.segment.reports import _may_act

    if PERSPECTIVE.match(line):
        assert _may_act(_first_word(line))
    assert _may_act("Inledning")


MONTH_LINES = ["Januari Februari Mars", "JANUARI\tFEBRUARI\tMARS\tAPRIL", "maj  juni juli", "Januari-Februari Mars",
               "Mars 2031", "Augusti September", "  oktober november december  ", "\u017feptember oktober november"]


@pytest.mark.parametrize("line", MONTH_LINES)
def test_a_calendar_header_starts_with_a_month(line):
    from ingest.segment.markers import MONTH_HEADER
    from ingest.segment.starts import _is_month

    t = line.strip()
    if MONTH_HEADER.match(t):
        assert _is_month(_first_word(t))


TITLE_LINES = ["PROTOKOLL", "Protokoll", "Sammanträdesprotokoll", "SAMMANTRÄDESPROTOKOLL", "Styrelsen  PROTOKOLL",
               "Protokollet justeras", "Kallelse", "Kallelse 2", "Kallelse till möte", "Regionstyrelsen  KALLELSE",
               "Sammanfattning", "Protokoll fört vid sammanträde", "Kommittén  SAMMANTRÄDESPROTOKOLL"]


@pytest.mark.parametrize("line", TITLE_LINES)
def test_protocol_and_call_titles_end_or_start_with_their_word(line):
    from ingest.segment.markers import CALL_TITLE, PROTOCOL_TITLE
    from ingest.segment.starts import _PROTOCOL_ENDS

    if PROTOCOL_TITLE.match(line):
        assert line.endswith(_PROTOCOL_ENDS)
    if CALL_TITLE.match(line):
        assert line.startswith("Kallelse") or line.endswith("KALLELSE")


YEAR_LINES = ["Kostnadsslag 2031 2032 2033  Totalt", "2019 2020", "Budget 1999-2000", "20192020", "År 2031",
              "Mnkr  1 920  2 019", "Period 2031/32 2033", "\u0661 2031 2031", "x19y20z", "19 20 1920"]


@pytest.mark.parametrize("line", YEAR_LINES)
def test_a_values_below_header_needs_two_places_where_a_year_starts(line):
    from ingest.tables.values_below import _TWO_YEARS

    if _TWO_YEARS.search(line):
        assert line.count("20") + line.count("19") >= 2


PAGE_END_LINES = ["Rapport  7", "sida 3", "SIDA 3 av 4", "Region Nordby   12 (40)", "Text 1234", "x  12/40",
                  "Sida\u00a02", "\u017fida 5", "besida 4", "Budget  2031", "Avd  3 av 12  ", "  5", "Mnkr  1 234",
                  "Punkt 3)", "Rapport  (3)", "Rapport  3(4)", "text\t\t45", "sida  av 3", "Sida 2 / 9"]


@pytest.mark.parametrize("line", PAGE_END_LINES)
def test_the_reversed_page_end_pattern_reads_the_same_lines(line):
    from ingest.text.page_furniture import _ENDS_IN_PAGE, ends_in_page

    assert ends_in_page(line) == (_ENDS_IN_PAGE.search(line) is not None)


def test_the_reversed_page_end_pattern_on_random_lines_of_its_own_alphabet():
    import random

    from ingest.text.page_furniture import _ENDS_IN_PAGE, ends_in_page

    rnd = random.Random(17)
    parts = ["1", "2", "0", " ", "  ", "\t", "av", "AV", "/", "(", ")", "sida", "Sida", "xsida", "a", "\u017f",
             "\u00a0", "\u0661", ",", "x"]
    for _ in range(20000):
        line = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 10)))
        assert ends_in_page(line) == (_ENDS_IN_PAGE.search(line) is not None), repr(line)
