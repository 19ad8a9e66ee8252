"""Meeting calls and protocols in templates other than the bundled ones, one test per
layout family, on invented variants in tests/fixtures/templates/ (names, bodies, dates
and case numbers made up; the layouts are those of other regions)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.document import SectionIndex
from ingest.extract import governance
from ingest.extract.governance.attendance import parse_attendance
from ingest.extract.governance.cases import document_prefix, find_cases
from ingest.extract.governance.header import read_header
from ingest.extract.governance.items import parse_items
from ingest.extract.governance.paragraphs import parse_paragraphs
from ingest.extract.governance.when import find_date
from ingest.registry import read_document
from ingest.segment import segment

FIX = Path(__file__).parent / "fixtures" / "templates"


def _doc(name: str):
    return read_document(FIX / name).document


def _extract(name: str) -> dict[str, list[dict]]:
    doc = _doc(name)
    return governance.extract(doc, SectionIndex(segment(doc)))


# --- dates, case numbers ----------------------------------------------------------------
@pytest.mark.parametrize("text, printed, day, time", [
    ("Tid: 2031-03-04 kl. 09:00", "2031-03-04", date(2031, 3, 4), "09:00"),
    ("tisdagen den 12 mars 2031 kl. 13.00", "12 mars 2031", date(2031, 3, 12), "13:00"),
    ("onsdag 14 februari 2031, klockan 09.00–15.30", "14 februari 2031", date(2031, 2, 14), "09:00"),
    ("den 31 april 2031", "31 april 2031", None, None),
])
def test_dates_in_words_and_iso(text, printed, day, time):
    w = find_date(text)
    assert (w.date_text, w.meeting_date, w.start_time) == (printed, day, time)


@pytest.mark.parametrize("text, form, shown", [
    ("Dnr EX 2031/0456", "prefixed_year_slash", "EX 2031/0456"),
    ("Dnr 31RUN0011", "year_letters_number", "31RUN0011"),
    ("HSN 2031-00123", "letters_year_dash", "HSN 2031-00123"),
    ("Diarienummer 2031-000345", "year_dash_long", "2031-000345"),
    ("Dnr KN310871", "letters_compact", "KN310871"),
    ("RD31/04127", "letters_year2_slash", "RD31/04127"),
])
def test_case_number_forms(text, form, shown):
    (c,) = find_cases(text)
    assert (c.form, c.text) == (form, shown)


def test_dates_are_no_case_numbers():
    assert find_cases("Sammanträdesdatum 2031-03-11, tfn 040-675 31 80") == []


def test_document_prefix_ignores_title_words():
    lines = ("1 Evenemangsstöd Cup FS 2031/94", "2 Tillsynsplan 2031/12", "Diarienummer: EX 2031/12")
    assert document_prefix(lines) == "EX"
    assert document_prefix(lines[:2]) is None


# --- calls ---------------------------------------------------------------------------
def test_call_with_page_header_and_inline_attendees():
    out = _extract("call_inline.txt")
    (m,) = out["governance_meeting_header"]
    assert (m["body"], m["meeting_date"], m["start_time"]) == ("Regionstyrelsen", date(2031, 5, 13), "10:00")
    assert m["place"] == "Regionhuset, sal Ljusnan, Exempelby"
    people = {a["person_name"]: a for a in out["governance_attendee"]}
    # a name broken over two lines is one person, on the line where it starts
    assert people["Karl-Gustav Hed"]["party"] == "M" and people["Karl-Gustav Hed"]["source_line"] == 14
    assert people["Ruben Ekdahl"]["role_title"] == "förste vice ordförande"
    assert people["Nora Falk"]["role"] == "substitute"
    assert people["Otto Wall"]["party"] is None and people["Otto Wall"]["role_title"] == "ekonomidirektör"
    assert {a["presence"] for a in out["governance_attendee"]} == {"called"}
    assert len(people) == 11   # the signature under the lists is nobody's attendance
    assert all(a["meeting_date"] == date(2031, 5, 13) for a in out["governance_attendee"])


def test_agenda_items_right_column_brackets_wrapped_and_repeated():
    out = _extract("call_inline.txt")
    items = {i["item_number"]: i for i in out["governance_agenda_item"]}
    assert sorted(items) == [1, 2, 3, 4, 5, 6, 7]          # item 3 printed again: one item
    assert items[2]["case_number"] == "EX 2031/0021"
    assert items[4]["title"] == "Svar på motion om fria resor för äldre i hela länet"
    assert items[4]["case_number"] == "EX 2030/0877"
    assert items[5]["case_number"] == "EX 2031/0150" and items[5]["title"] == "Riktlinjer för bisysslor"
    # 'FS' is a word of the title: the bare number takes the document's own prefix
    assert items[6]["case_number"] == "EX 2031/94" and items[6]["title"] == "Evenemangsstöd Cup FS"
    assert items[1]["case_number"] is None


def test_call_segments_into_cover_attendees_and_agenda():
    secs = [s for s in segment(_doc("call_inline.txt")) if s.depth == 0]
    assert [s.section_kind for s in secs] == ["agenda", "attendee_list", "agenda"]
    # the indented proposal under a repeated item is no letter
    assert not any(s.section_kind == "official_letter" for s in secs)


def test_call_with_side_by_side_members_and_substitutes_crlf():
    out = _extract("call_two_columns.txt")
    (m,) = out["governance_meeting_header"]
    assert (m["body"], m["meeting_date"], m["start_time"]) == ("Miljönämnden", date(2031, 2, 6), "13:00")
    people = {a["person_name"]: a for a in out["governance_attendee"]}
    assert people["Ida Wester"]["role"] == "member" and people["Ida Wester"]["role_title"] == "ordförande"
    assert people["Oskar Björk"]["role"] == "substitute" and people["Oskar Björk"]["party"] == "C"
    assert people["Bo Ekman"]["party"] == "KD"           # printed 'Kd'
    assert people["Hanna Lund"]["role"] == "other" and people["Hanna Lund"]["role_title"] == "miljöchef"
    assert len(people) == 10
    items = {i["item_number"]: i for i in out["governance_agenda_item"]}
    assert sorted(items) == [1, 2, 3, 4]
    assert items[2]["case_number"] == "31MN0004" and items[2]["case_line"] == 31
    assert items[3]["title"] == "Yttrande över avfallsplan, remiss från regionstyrelsen"
    assert items[3]["case_number"] == "30RS2211"


# --- protocols -------------------------------------------------------------------------
def test_protocol_with_label_value_cover():
    out = _extract("protocol_label_value.txt")
    (m,) = out["governance_meeting_header"]
    assert (m["body"], m["meeting_date"], m["start_time"]) == ("Kulturnämnden", date(2031, 3, 11), "13:00")
    assert m["place"] == "Kulturhuset, sal Kvarnen, Exempelby"
    assert (m["paragraph_from"], m["paragraph_to"]) == (21, 24)   # not the '§§ 22–23' of an attendee
    decs = {d["paragraph"]: d for d in out["governance_decision"]}
    assert sorted(decs) == [21, 22, 23]
    assert decs[22]["title"] == "Bidrag till studieförbund 2031" and decs[22]["case_number"] == "KN310044"
    assert decs[22]["decision_text"] == "Kulturnämnden fördelar bidragen enligt bilaga."
    assert decs[21]["case_number"] is None and decs[21]["source_line"] == 34
    people = {a["person_name"]: a for a in out["governance_attendee"]}
    assert people["Tyra Vik"]["role"] == "substitute" and people["Tyra Vik"]["presence"] == "present"
    assert "Elsa Grahn" not in people                   # absent: replaced by Tyra Vik
    assert people["Hugo Lind"]["party"] == "C" and people["Hugo Lind"]["source_line"] == 18
    assert people["Loke Dahl"]["party"] is None and people["Loke Dahl"]["role_title"].startswith("ekonom")
    assert {p["presence"] for p in people.values()} == {"present"}


def test_protocol_beslutsunderlag_is_no_letter():
    kinds = [s.section_kind for s in segment(_doc("protocol_label_value.txt")) if s.depth == 0]
    assert kinds == ["protocol_excerpt"]


def test_protocol_one_cell_per_line():
    out = _extract("protocol_cells.txt")
    (m,) = out["governance_meeting_header"]
    assert (m["body"], m["meeting_date"], m["start_time"]) == ("Tekniska nämnden", date(2031, 9, 17), "09:00")
    assert (m["paragraph_from"], m["paragraph_to"]) == (40, 42)
    decs = {d["paragraph"]: d for d in out["governance_decision"]}
    assert sorted(decs) == [40, 41, 42]                  # the '§ 41' attendance cell is no paragraph
    assert decs[41]["title"] == "Ny gatubelysning i centrum" and decs[41]["title_line"] == 57
    assert decs[41]["case_number"] == "TN 2031-00312"
    assert decs[42]["case_number"] == "2031-000345"
    people = {(a["person_name"], a["role"]): a for a in out["governance_attendee"]}
    assert people[("Nils Rydén", "member")]["party"] == "MP"
    assert people[("Maja Tell", "member")]["presence"] == "absent"
    sub = people[("Eskil Vang", "substitute")]
    assert (sub["party"], sub["presence"], sub["role_title"]) == ("KD", "present", "för Maja Tell")
    assert people[("Pia Norén", "substitute")]["presence"] == "present"
    assert people[("Rut Alm", "other")]["presence"] == "present"        # present for § 41
    assert people[("Rut Alm", "other")]["role_title"] == "Gatuchef, § 41"
    # the signature block names who signs: no second row for the secretary
    assert [k for k in people if k[0] == "Jon Berglund"] == [("Jon Berglund", "other")]


def test_paragraph_heading_forms():
    lines = ("", "§12 Val av justerare", "", "Paragraf 13", "Budget 2032", "Diarienummer: EX 2031/5",
             "Beslut", "Nämnden antar budgeten.", "", "§ 14  Taxa för tillsyn    Dnr 31MN0009")
    ps = parse_paragraphs(lines, 0, len(lines), "EX")
    assert [(p.paragraph, p.title, p.case_number) for p in ps] == [
        (12, "Val av justerare", None), (13, "Budget 2032", "EX 2031/5"), (14, "Taxa för tillsyn", "31MN0009")]
    assert ps[1].text("decision") == "Nämnden antar budgeten."


def test_agenda_item_numbering_forms():
    lines = ("Dagordning", "1)  Upprop", "2.  Val av justerare", "§ 3 Budget 2032", "     Dnr 31RUN0001",
             "4   Taxor (Dnr 31RUN0002)")
    items = parse_items(lines, 0, len(lines), None)
    assert [(i.item_number, i.title, i.case_number) for i in items] == [
        (1, "Upprop", None), (2, "Val av justerare", None), (3, "Budget 2032", "31RUN0001"),
        (4, "Taxor", "31RUN0002")]


def test_header_in_running_text_needs_a_time():
    lines = ("Kallelse", "Nämnden för fritid", "2031-01-10",
             "Nämnden sammanträder tisdagen den 4 februari 2031 kl. 13.00 i Ljusrummet.")
    h = read_header(lines, 0, len(lines))
    assert (h.meeting_date, h.start_time, h.body) == (date(2031, 2, 4), "13:00", "Nämnden för fritid")
    assert read_header(lines[:3], 0, 3) is None        # the date the call was issued is no meeting


def test_attendees_without_meeting_carry_an_issue():
    lines = ("Ledamöter: Anna Berg (S), Olle Sten (M)",)
    people = parse_attendance(lines, 0, 1, "called")
    assert [(a.person_name, a.party, a.presence) for a in people] == [
        ("Anna Berg", "S", "called"), ("Olle Sten", "M", "called")]


# --- votes and reservations ------------------------------------------------------------
def test_vote_counts_in_cells_and_reservation():
    out = _extract("protocol_cells.txt")
    (v,) = out["governance_vote"]
    assert (v["paragraph"], v["yes_count"], v["no_count"], v["abstain_count"]) == (41, 5, 2, 0)
    decs = {d["paragraph"]: d for d in _extract("protocol_label_value.txt")["governance_decision"]}
    assert decs[22]["reserved_by"] == "Malte Rosén (SD)"
    assert decs[21]["reserved_by"] is None


def test_voting_list_who_voted_how():
    lines = ("", "§ 7  Budget 2032", "", "Omröstning",
             "Omröstningen utfaller med 2 Ja-röster mot 1 Nej-röst och 1 ledamot avstår.", "",
             "Ledamot                         Ja     Nej  Avstår",
             "Anna Berg (S)              X",
             "Olle Sten (M)                      X",
             "Bo Ek (Kd)                 X",
             "Eva Ny (C)                                 X",
             "Summa                      2      1    1", "",
             "Nämndens beslut", "Budgeten antas.", "",
             "Reservation", "Olle Sten (M) reserverar sig mot beslutet.")
    from ingest.extract.governance.votes import read_reservation, read_vote
    (p,) = parse_paragraphs(lines, 0, len(lines), None)
    v = read_vote(p.blocks, lines)
    assert (v.yes, v.no, v.abstain) == (2, 1, 1)
    assert [(c[1], c[2], c[3]) for c in v.casts] == [
        ("Anna Berg", "S", "yes"), ("Olle Sten", "M", "no"), ("Bo Ek", "KD", "yes"), ("Eva Ny", "C", "abstain")]
    assert read_reservation(p.blocks)[1] == "Olle Sten (M)"


def test_bundled_layout_title_word_is_no_case_prefix(tmp_path):
    """A call in the bundled layout whose numbers are printed bare: a capitalised title
    word before one of them ('… FS 2031/94') must not become every item's prefix."""
    text = ("KALLELSE 1(1)\nNämnden för prov\n\nTid: 2031-04-02 kl. 09:00\nPlats: Sal B\n\nÄrenden\n\n"
            "- 1 Anmälan av delegationsbeslut 2031/12\n- 2 Föreskrifter HSLF-FS 2031/94\n"
            "- 3 Budget 2032 2031/40\n\nDiarienummer: EX 2031/12\n")
    p = tmp_path / "call.txt"
    p.write_text(text, encoding="utf-8")
    doc = read_document(p).document
    out = governance.extract(doc, SectionIndex(segment(doc)))
    cases = {i["item_number"]: i["case_number"] for i in out["governance_agenda_item"]}
    assert cases == {1: "EX 2031/12", 2: "EX 2031/94", 3: "EX 2031/40"}


def test_bundled_protocol_layout_with_other_heading_forms():
    """The bundled excerpt header (`Body §§ N–M` + Tid:) with an en-dash range, `§ 12 Title`
    on one line, `Paragraf 13` and a `<Body>s beslut` label."""
    from ingest.extract.governance.protocol import block_text, parse_protocols
    lines = ("PROTOKOLL", "Nämnden för prov §§ 12–13", "Tid: 2031-06-01 kl. 10:00", "Plats: Sal C", "",
             "§ 12  Val av justerare", "", "Nämndens beslut", "Anna Berg (S) justerar.", "",
             "Paragraf 13", "Taxa 2032", "Dnr EX 2031/77", "Nämndens beslut", "Taxan antas.")
    ps = parse_protocols(lines)
    assert [(p.paragraph, p.title) for p in ps] == [(12, "Val av justerare"), (13, "Taxa 2032")]
    assert (ps[0].header.paragraph_from, ps[0].header.paragraph_to) == (12, 13)
    assert block_text(ps[1], "decision") == "Taxan antas." and ps[1].case_text == "EX 2031/77"


def test_protocol_with_page_header_and_presence_blocks():
    out = _extract("protocol_page_header.txt")
    (m,) = out["governance_meeting_header"]
    assert (m["body"], m["meeting_date"], m["start_time"]) == ("Fastighetsnämnden", date(2031, 12, 8), "14:00")
    assert (m["paragraph_from"], m["paragraph_to"], m["place"]) == (50, 51, "Stadshuset, rum Lärkan")
    people = {a["person_name"]: (a["party"], a["role"], a["presence"]) for a in out["governance_attendee"]}
    assert people == {"Agnes Hellberg": ("S", "member", "present"), "Valter Nord": ("M", "member", "present"),
                      "Klara Eng": ("MP", "member", "present"), "Ture Sjö": ("SD", "member", "absent"),
                      "Lova Bäck": (None, "official", "present")}
    decs = {d["paragraph"]: d for d in out["governance_decision"]}
    assert decs[51]["case_number"] == "FN 2031/204" and decs[51]["title"] == "Hyresavtal för förskolan Solen"
    assert decs[51]["decision_text"] == "Fastighetsnämnden beslutar att godkänna hyresavtalet."
    assert decs[50]["decision_text"] == "Valter Nord (M) justerar protokollet."


def test_protocol_dated_in_running_text(tmp_path):
    p = tmp_path / "prot.txt"
    p.write_text("Sammanträdesprotokoll\nValnämnden\n\nNämnden sammanträdde tisdagen den 3 juni 2031 kl. 09.00 "
                 "i sal A.\n\n§ 5  Val av justerare\n\nBeslut\nNämnden utser Eva Ny (C).\n", encoding="utf-8")
    doc = read_document(p).document
    secs = segment(doc)
    assert [s.section_kind for s in secs if s.depth == 0] == ["protocol_excerpt"]
    out = governance.extract(doc, SectionIndex(secs))
    (d,) = out["governance_decision"]
    assert (d["body"], d["meeting_date"], d["paragraph"], d["title"]) == (
        "Valnämnden", date(2031, 6, 3), 5, "Val av justerare")


def test_bundled_layout_other_case_forms_on_own_line():
    from ingest.extract.governance.agenda import item_case_number, parse_agenda
    lines = ("Nämnden för prov", "Tid: 2031-04-02 kl. 09:00", "Ärenden", "- 1 Budget 2032", "Dnr 31RUN0001",
             "- 2 Taxor 2032", "HSN 2031-00012", "- 3 Övriga frågor")
    ag = parse_agenda(lines, 1, len(lines))
    assert [(i.item_number, i.title, item_case_number(i, None)) for i in ag.items] == [
        (1, "Budget 2032", "31RUN0001"), (2, "Taxor 2032", "HSN 2031-00012"), (3, "Övriga frågor", None)]


def test_bundled_excerpt_other_case_form(tmp_path):
    p = tmp_path / "utdrag.txt"
    p.write_text("PROTOKOLL\nNämnden för prov §§ 3-3\nTid: 2031-06-01 kl. 10:00\nPlats: Sal C\n\n§ 3\n"
                 "Taxa 2032\nDiarienummer: HSN 2031-00012\n\nBeslut\nTaxan antas.\n", encoding="utf-8")
    doc = read_document(p).document
    (d,) = governance.extract(doc, SectionIndex(segment(doc)))["governance_decision"]
    assert (d["paragraph"], d["title"], d["case_number"]) == (3, "Taxa 2032", "HSN 2031-00012")
