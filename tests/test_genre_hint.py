"""Genre, title, date and region from the first page of layouts other than the bundled ones:
title-case and upper-case headings, a page header before the title, long Swedish dates,
labels with the date on the next line. All texts are invented variants."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.first_page import first_page, page_number
from ingest.genre import detect_genre, vocabulary
from ingest.registry import detect_date, detect_region, detect_title


def lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


HEADER_CALL = lines("""Region Exempelby                                                   KALLELSE
Servicenämnden                                                     2031-03-02
                                                                   Sida 1 (4)


Kallelse till sammanträde med servicenämnden

Ledamöter och ersättare kallas härmed till sammanträde i sal Ugglan.

Tid             Torsdagen den 12 mars 2031, kl. 13.00–16.00
Plats           Regionhuset, sal Ugglan

FÖREDRAGNINGSLISTA
1.   Val av justerare
2.   Delårsrapport januari–augusti 2030""")

TITLE_CASE_CALL = lines("""Kallelse
Nämnden för folkbildning
2031-01-20

Sammanträde med nämnden för folkbildning

Datum och tid: tisdag 3 februari 2031, klockan 10.00–12.00
Plats: Folkets hus

Föredragningslista
§ 1 Upprop""")

LABEL_PROTOCOL = lines("""Sammanträdesprotokoll
Byggnadsberedningen
Sammanträdesdatum
2032-05-06
Sida
1(7)
Paragrafer
§§ 12–19""")

HEADER_REPORT = lines("""Region Provinsia   Delårsrapport januari–april 2033                        2


Sammanfattning

Resultatet för perioden uppgår till 12 mnkr.""")

UPPER_REPORT = lines("""Månadsuppföljning mars 2034                                     Sida 1 av 3

REGION NORDMARK

Sammanfattning
Regionens resultat är 4 mnkr.
Sida 2 av 3
Protokoll från ett annat möte""")


@pytest.mark.parametrize("text, genre, title, when, region", [
    (HEADER_CALL, "meeting_pack", "Kallelse Servicenämnden 2031-03-12", date(2031, 3, 12), "Region Exempelby"),
    (TITLE_CASE_CALL, "meeting_pack", "Kallelse Nämnden för folkbildning 2031-02-03", date(2031, 2, 3), None),
    (LABEL_PROTOCOL, "protocol_excerpts", "Protokoll Byggnadsberedningen 2032-05-06", date(2032, 5, 6), None),
    (HEADER_REPORT, "report", "Delårsrapport januari–april 2033", date(2033, 4, 30), "Region Provinsia"),
    (UPPER_REPORT, "report", "Månadsuppföljning mars 2034", date(2034, 3, 31), "Region Nordmark"),
])
def test_first_page_hints_for_other_layouts(text, genre, title, when, region):
    assert detect_genre(text) == genre
    assert detect_title(text, genre) == title
    assert detect_date(text, genre) == when
    assert detect_region("\n".join(text)) == region


def test_genre_is_case_insensitive_and_reads_the_whole_first_page():
    # a long cover: the heading is on line 60, past the first five lines the old rule read
    cover = ("Kommunalförbundet Exempel",) + ("",) * 58 + ("SAMMANTRÄDESPROTOKOLL",)
    assert detect_genre(cover) == "protocol_excerpts"
    assert detect_genre(("årsredovisning 2030",)) == "report"
    assert detect_genre(("Internbudget 2031 för Kulturnämnden",)) == "plan_and_budget"
    assert detect_genre(("Uppföljning av mål och budget 2031",)) == "goal_follow_up"  # leftmost phrase wins
    assert detect_genre(("Verksamhetsberättelse 2030",)) == "report"


def test_the_first_page_ends_at_a_form_feed_or_the_next_page_number():
    assert detect_genre(("Inledning", "Text text.", "\fKallelse")) is None
    assert detect_genre(("Inledning 1 (3)", "Text.", "Sida 2 (3)", "Kallelse")) is None
    assert first_page(UPPER_REPORT)[-1] == "Regionens resultat är 4 mnkr."
    assert (page_number("KALLELSE 1(2)"), page_number("Sida 3 av 9"), page_number("2 (8)")) == (1, 3, 2)
    assert page_number("Budget 2031") is None


def test_list_items_compounds_and_prose_are_not_headings():
    assert detect_genre(("- 2 Fastställande av dagordning", "3 Föregående mötesprotokoll")) is None
    assert detect_genre(("Mötesprotokollet justeras senare",)) is None  # compound, not 'protokoll'
    prose = ("I denna text som är lång nog att vara en mening nämns en budget för året som kommer "
             "och fler ord")
    assert detect_genre((prose,)) is None
    assert detect_genre(("Innehåll", "Uppföljning.........  12")) is None  # a table-of-contents line
    assert detect_genre(("Ärenden",)) == "meeting_pack"


def test_vocabulary_covers_the_issue_words():
    phrases = {p.phrase: p.genre for p in vocabulary()}
    for word, genre in [("kallelse", "meeting_pack"), ("föredragningslista", "meeting_pack"),
                        ("dagordning", "meeting_pack"), ("sammanträdesprotokoll", "protocol_excerpts"),
                        ("protokollsutdrag", "protocol_excerpts"), ("paragraf", "protocol_excerpts"),
                        ("tertialrapport", "report"), ("verksamhetsberättelse", "report"),
                        ("måluppfyllelse", "goal_follow_up"), ("mål och budget", "plan_and_budget")]:
        assert phrases[word] == genre


def test_region_from_a_page_header_and_upper_case():
    assert detect_region("Region Provinsia   Delårsrapport 2030\nRegion Provinsias styrelse") == "Region Provinsia"
    assert detect_region("REGION NORDMARK\nRegion Nordmark") == "Region Nordmark"
    assert detect_region("Region Fjällby Tertialrapport 2 2031") == "Region Fjällby"
    assert detect_region("REGION SJÖBY LÄN") == "Region Sjöby län"
