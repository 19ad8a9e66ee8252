"""Unit tests of the governance parsers on real excerpts of the bundled documents and on
variants (other body, other date, wrapped titles, page headers in the middle, broken
input)."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.extract.governance.agenda import item_case_number, parse_agenda
from ingest.extract.governance.attendees import parse_attendees, parse_person
from ingest.extract.governance.protocol import block_text, case_numbers, decision_lead, parse_protocols
from ingest.extract.governance.register import parse_registers
from ingest.extract.governance.text import parse_tid


def L(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


# --- Tid lines ------------------------------------------------------------------------
@pytest.mark.parametrize("line,d,t", [
    ("Tid: 2021-10-13 kl:09:00", date(2021, 10, 13), "09:00"),
    ("Tid: 2022-10-12 kl.10:00 ", date(2022, 10, 12), "10:00"),
    ("Tid: 2021-03-02 kl. 09:00  ", date(2021, 3, 2), "09:00"),
    ("Tid: 2023-01-05 kl 8.30", date(2023, 1, 5), "08:30"),
    ("Tid: 2025-02-30 kl. 09:00", None, "09:00"),
])
def test_parse_tid(line, d, t):
    tid = parse_tid(line)
    assert tid.meeting_date == d and tid.start_time == t


# --- agenda -----------------------------------------------------------------------------
AGENDA_000 = """
Nämnd för arbetsmarknad, näringsliv och attraktivitet

Tid: 2021-10-13 kl:09:00
kl. 09.00-11.30 Information

Plats: Digitalt via länk

Ärenden

- 1 Val av protokollsjusterare
- 4 Anmälan av informationshandlingar 2021/18
- 5 Anmälan av delegationsbeslut 2021/15

Informationsärenden och aktuellt

- 12 Månadsrapport 2021 2021/134

Beslutsärenden till regionfullmäktige

- 13 Delårsrapport 2 - 2021 2021/136

Nämnd för arbetsmarknad, näringsliv och attraktivitet

Tid: 2021-10-13 kl:09:00
kl. 09.00-11.30 Information

Övrigt

17 Övriga frågor"""

AGENDA_004 = """KALLELSE 1(2) 

Nämnd för arbetsmarknad, näringsliv och attraktivitet 

Tid: 2022-10-12 kl.10:00 

Plats: Regionens hus, sal A 

Ärenden 
1 Upprop och val av protokollsjusterare  
8 Kultur för hälsa  
9 RSS - Strategi för audiovisuell produktion i 

sydsverige 
 
10 Aktuell information  
11 Intern kontroll 1 - månadsrapport 2022 ANA 

nämnden 
2022/81 

Beslutsärenden för nämnden 
15 Remiss - Audiovisuell strategi 

Regionsamverkan Sydsverige 
2022/2018 

KALLELSE 2(2) 

Nämnd för arbetsmarknad, näringsliv och attraktivitet 

Tid: 2022-10-12 kl.10:00 

21 Evenemangsbidrag - Handbolls VM 2022/1680 
22 Sammanträdesplan 2023 ANA 2022/1458 """


def test_agenda_real_000_case_numbers_and_repeated_header():
    lines = L(AGENDA_000)
    ag = parse_agenda(lines, 1, len(lines), "RJL")
    assert ag.body == "Nämnd för arbetsmarknad, näringsliv och attraktivitet"
    assert ag.tid.meeting_date == date(2021, 10, 13) and ag.place == "Digitalt via länk"
    assert [i.item_number for i in ag.items] == [1, 4, 5, 12, 13, 17]
    by = {i.item_number: i for i in ag.items}
    # the title itself ends in a year: only the trailing case number is split off
    assert by[12].title == "Månadsrapport 2021" and item_case_number(by[12], "RJL") == "RJL 2021/134"
    assert by[13].title == "Delårsrapport 2 - 2021" and item_case_number(by[13], "RJL") == "RJL 2021/136"
    assert by[17].title == "Övriga frågor" and by[17].group == "Övrigt"
    assert by[13].group == "Beslutsärenden till regionfullmäktige"


def test_agenda_real_004_wrapped_titles_and_case_on_own_line():
    lines = L(AGENDA_004)
    ag = parse_agenda(lines, 1, len(lines), "RJL")
    by = {i.item_number: i for i in ag.items}
    assert [i.item_number for i in ag.items] == [1, 8, 9, 10, 11, 15, 21, 22]
    assert by[9].title == "RSS - Strategi för audiovisuell produktion i sydsverige" and by[9].case_text is None
    assert by[11].title == "Intern kontroll 1 - månadsrapport 2022 ANA nämnden"
    assert item_case_number(by[11], "RJL") == "RJL 2022/81"
    assert by[15].title == "Remiss - Audiovisuell strategi Regionsamverkan Sydsverige"
    assert by[15].case_line == by[15].line + 3
    # a capitalised word before the number belongs to the title unless it is the prefix
    assert by[21].title == "Evenemangsbidrag - Handbolls VM" and item_case_number(by[21], "RJL") == "RJL 2022/1680"
    assert by[22].title == "Sammanträdesplan 2023 ANA"
    assert ag.place == "Regionens hus, sal A"


def test_agenda_variant_other_body_date_and_prefixed_case():
    text = AGENDA_004.replace("Nämnd för arbetsmarknad, näringsliv och attraktivitet", "Hälso- och sjukvårdsnämnden") \
        .replace("2022-10-12", "2024-03-05").replace("2022/1680", "RJL 2024/77")
    lines = L(text)
    ag = parse_agenda(lines, 1, len(lines), "RJL")
    assert ag.body == "Hälso- och sjukvårdsnämnden" and ag.tid.meeting_date == date(2024, 3, 5)
    by = {i.item_number: i for i in ag.items}
    assert item_case_number(by[21], "RJL") == "RJL 2024/77" and by[21].title == "Evenemangsbidrag - Handbolls VM"
    assert len(ag.items) == 8  # the repeated page header added nothing


def test_agenda_impossible_date_kept_with_issue():
    lines = L(AGENDA_000.replace("2021-10-13", "2025-02-30"))
    ag = parse_agenda(lines, 1, len(lines), "RJL")
    assert ag.tid.meeting_date is None and ag.tid.date_text == "2025-02-30"
    assert any("impossible" in i for i in ag.issues) and len(ag.items) == 6


# --- attendees ------------------------------------------------------------------------
ATTENDEES_000 = """Kallade*Ordinarie ledamöter:*

Per Eriksson (C) ordf.
Dan Sylvebo (-) 2:e vice ordf.
Per  Svenberg (S)

Tjänstemän:

Karin Hermansson, regional
utvecklingsdirektör
Linda Byman, nämndsekreterare

Personalrepresentanter:

Birgitta Svensson, ersättare

För kännedom*Ersättare:*

Vakant (V)
Annki Stark (s)

Regionråd

Per Eriksson (C)"""


def test_attendees_real_roles_parties_titles():
    lines = L(ATTENDEES_000)
    rows = parse_attendees(lines, 1, len(lines))
    got = [(r.role, r.person_name, r.party, r.role_title) for r in rows]
    assert got == [
        ("member", "Per Eriksson", "C", "ordf."),
        ("member", "Dan Sylvebo", "-", "2:e vice ordf."),
        ("member", "Per Svenberg", "S", None),
        ("official", "Karin Hermansson", None, "regional utvecklingsdirektör"),
        ("official", "Linda Byman", None, "nämndsekreterare"),
        ("staff_representative", "Birgitta Svensson", None, "ersättare"),
        ("substitute", None, "V", None),
        ("substitute", "Annki Stark", "S", None),
        ("regional_councillor", "Per Eriksson", "C", None),
    ]
    assert rows[6].is_vacant and rows[3].line == 9


def test_attendee_labels_on_separate_lines_variant():
    lines = L("Kallade \nOrdinarie ledamöter: \nAnna Berg (MP) 1:e vice ordf. \nFör kännedom \nErsättare: \nOla Ek (SD)")
    rows = parse_attendees(lines, 1, len(lines))
    assert [(r.role, r.person_name, r.party, r.role_title) for r in rows] == [
        ("member", "Anna Berg", "MP", "1:e vice ordf."), ("substitute", "Ola Ek", "SD", None)]


def test_person_without_label_flagged():
    rows = parse_attendees(L("Okänd Person (L)"), 1, 1)
    assert rows[0].role is None and rows[0].issue
    assert parse_person("Jane Ydman, regiondirektör") == ("Jane Ydman", None, "regiondirektör", False)


# --- protocol excerpts -------------------------------------------------------------------
PROTOCOL_001 = """ PROTOKOLL 

Regionstyrelsens arbetsutskott §§ 18-41 

Tid: 2021-03-02 kl. 09:00  

Plats: Sal A, Regionens hus 

Protokollsutdrag, bestyrkande 

Justerare, signatur 

§ 41  
 
Motion- Låt människors behov styra den offentliga 
välfärden 
Diarienummer: RJL 2020/545 

Beslut  
Regionstyrelsens arbetsutskott  

 Noterar dagens information samt ser att regionstyrelsen vid 
kommande sammanträde ges möjlighet till information om motionen 
samt att ge inspel till kommande motionssvar.  

Sammanfattning  
Motion från tre ledamöter.

Beslutsunderlag 
 Motion: Låt människors behov styra den offentliga välfärden  

Beslutet skickas till 
Regionstyrelsen  

Beslutets antal sidor 
1
 PROTOKOLL 

Regionfullmäktiges presidium §§ Paragrafer 

Tid: 2020-03-23 kl. 15:00  

Plats: Regionens hus 

Protokollsutdrag, bestyrkande 

Justerare, signatur 

§ 12  
 
Motion- Låt människors behov styra den offentliga 
välfärden 
Diarienummer: RJL 2020/219 och RJL 2020/545 

Beslut  
Följande motioner har inkommit och fördelas enligt följande: 

 Motion- Låt människors behov styra den offentliga välfärden RJL 
2020/545 – fördelas till regionstyrelsen 

Beslutets antal sidor 
1"""

# a two-page excerpt whose header repeats, and a wrapped body (004 layout)
PROTOCOL_004 = """PROTOKOLL 

Nämnd för folkhälsa och sjukvård §§ 83-105 

Tid: 2022-05-31 kl. 13:00  

Plats: Rosensalen, Rosenlunds vårdcentrum 

Protokollsutdrag, bestyrkande 

Justerare, signatur 

§ 100  
 
Motion - Kultur för hälsa 
Diarienummer: RJL 2021/1342 

Beslut  
Nämnd för folkhälsa och sjukvård 

• Remitterar ärendet till en annan nämnd. 

Yrkanden/förslag till beslut på sammanträde 
En ledamot lyfter förslag om att remittera ärendet.  

PROTOKOLL 

Nämnd för folkhälsa och sjukvård §§ 83-105 

Tid: 2022-05-31 kl. 13:00  

Plats: Rosensalen, Rosenlunds vårdcentrum 

Protokollsutdrag, bestyrkande 

Justerare, signatur 

Beslutsgång 
Nämnden ställer sig bakom förslaget. 

Beslutet skickas till 
Nämnd för arbetsmarknad, näringsliv och attraktivitet 

Beslutets antal sidor 
2 
 Regionfullmäktige 
Roll: Affärschef 
 Presidium - Nämnd för arbetsmarknad, näringsliv och 
attraktivitet §§ 123-140 
Tid: 2022-09-21 kl. 09:00  

Plats: Regionens hus, sal A 

§ 124  
 
Inkomna remisser, promemorior och motioner 
 
Sammanställningen anmäls och läggs till handlingarna. 

Beslutets antal sidor 
1 """


def test_protocol_real_001_two_meetings_and_unfilled_range():
    ps = parse_protocols(L(PROTOCOL_001))
    assert [(p.header.body, p.header.tid.meeting_date, p.paragraph) for p in ps] == [
        ("Regionstyrelsens arbetsutskott", date(2021, 3, 2), 41),
        ("Regionfullmäktiges presidium", date(2020, 3, 23), 12),
    ]
    p41, p12 = ps
    assert p41.title == "Motion- Låt människors behov styra den offentliga välfärden"
    assert p41.header.paragraph_from == 18 and p41.header.paragraph_to == 41 and p41.pages_stated == 1
    assert decision_lead(p41) == "Regionstyrelsens arbetsutskott"
    assert block_text(p41, "decision").endswith("kommande motionssvar.")
    assert block_text(p41, "sent_to") == "Regionstyrelsen"
    assert p12.header.paragraph_from is None and any("Paragrafer" in i for i in p12.header.issues)
    refs = case_numbers(p12, "RJL")
    assert [(c, k) for _, c, k in refs] == [("RJL 2020/219", "diarienummer"), ("RJL 2020/545", "diarienummer"),
                                           ("RJL 2020/545", "decision_text")]


def test_protocol_continuation_page_wrapped_body_and_no_beslut_label():
    ps = parse_protocols(L(PROTOCOL_004))
    assert [p.paragraph for p in ps] == [100, 124]
    p100, p124 = ps
    # the repeated header on page 2 did not open a new excerpt; its blocks belong to § 100
    assert block_text(p100, "procedure") == "Nämnden ställer sig bakom förslaget."
    assert p100.pages_stated == 2 and "Regionfullmäktige" not in (block_text(p100, "sent_to") or "")
    assert p124.header.body == "Presidium - Nämnd för arbetsmarknad, näringsliv och attraktivitet"
    assert p124.header.place == "Regionens hus, sal A"
    assert block_text(p124, "decision") == "Sammanställningen anmäls och läggs till handlingarna."
    assert p124.case_text is None


def test_protocol_variant_other_body_impossible_date_and_wrapped_title():
    text = PROTOCOL_001.replace("Regionstyrelsens arbetsutskott §§ 18-41", "Hälso- och sjukvårdsnämnden §§ 5-9") \
        .replace("2021-03-02", "2025-02-30").replace("§ 41", "§ 7")
    ps = parse_protocols(L(text))
    p = ps[0]
    assert p.header.body == "Hälso- och sjukvårdsnämnden" and p.paragraph == 7
    assert p.header.tid.meeting_date is None and any("impossible" in i for i in p.header.issues)
    assert p.title.endswith("offentliga välfärden")


def test_protocol_section_sign_pair_in_running_text_is_not_a_header():
    lines = L("Enligt kommunallagen §§ 3-5 gäller följande.\nIngen Tid-rad följer.\n\n§ 4\nNågot")
    assert parse_protocols(lines) == []


# --- registers ------------------------------------------------------------------------
REGISTER_000 = """Sammanställning av anmälda vidaredelegationsbeslut till nämnden 2021-10-13

Ärendetyp\tÄrenderubrik\tDiarienummer\tBeslutsdatum\tBeslutsdelegat
ANA 4.2.1\tUppföranderättigheter\tRJL 2021/1730\t2021-09-07\tUlrika Josefsson
ANA 4.2.1\tHyra av fotoutrustning\t21/570\t2021-08-25\tUlrika Josefsson

Dokument

Utskriftsdatum: 2021-09-08

Id\tI/U/K\tBeskrivning\tAnsvarig
Datum\t\tAvsändare/Mottagare\tAvdelning
Ärendenummer\t\tÄrendemening\tDokumenttyp
2021.9298\tI\tMotion - Inrätta ett trygghetsnummer\tLena Strand
2021-08-30\t\tSverigedemokraterna\tRLK o Verksamhetsnära funktion
RJL 2021/1726\t\tMotion - Inrätta ett trygghetsnummer\tMOTION"""

REGISTER_004 = """Delegeringsbeslut

Id Beskrivning Paragraf

2022.11131 Påskrivet beslut Sandhem Karin Hermansson §8/2022

2022-09-05 Sandhems lantahandel Karin Hermansson

RJL 2022/2121 Ansökan om stöd till kommersiell service ANAV 4.5.3

Lena Bohman

Sidan  1 av 1

Dokument

Id I/U/K Beskrivning Ansvarig 

2022.10013 I Förfrågan om yttrande i utredningen om 
socialförsäkringsskyddet för gravida 

2022-08-08  Regeringskansliet RLK o Verksamhetsnära 

RJL 2022/1998  Remiss - Utredningen om 
socialförsäkringsskyddet för gravida 

REMISS """


def test_register_tab_layout():
    lines = L(REGISTER_000)
    rows = parse_registers(lines, 1, len(lines), "RJL")
    dele = [r for r in rows if r["register_kind"] == "delegation_decision"]
    assert [(r["case_number"], r["entry_date"], r["decided_by"]) for r in dele] == [
        ("RJL 2021/1730", date(2021, 9, 7), "Ulrika Josefsson"), (None, date(2021, 8, 25), "Ulrika Josefsson")]
    assert dele[1]["case_number_text"] == "21/570" and "21/570" in dele[1]["parse_issue"]
    (dia,) = [r for r in rows if r["register_kind"] == "diarium"]
    assert (dia["entry_ref"], dia["direction"], dia["case_number"], dia["document_type"], dia["counterpart"]) == \
        ("2021.9298", "I", "RJL 2021/1726", "MOTION", "Sverigedemokraterna")


def test_register_space_aligned_layout():
    lines = L(REGISTER_004)
    rows = parse_registers(lines, 1, len(lines), "RJL")
    assert [(r["register_kind"], r["entry_ref"], r["case_number"], r["entry_date"]) for r in rows] == [
        ("delegation_decision", "2022.11131", "RJL 2022/2121", date(2022, 9, 5)),
        ("diarium", "2022.10013", "RJL 2022/1998", date(2022, 8, 8)),
    ]
    assert rows[0]["category"] == "ANAV 4.5.3" and rows[0]["title"] == "Ansökan om stöd till kommersiell service"
    assert rows[1]["title"] == "Remiss - Utredningen om socialförsäkringsskyddet för gravida"
    assert rows[1]["document_type"] == "REMISS" and rows[1]["counterpart"] is None
