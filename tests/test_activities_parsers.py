"""Parsers of the activities domain on real excerpts (copied from the bundled documents)
and on variants: wrapped names, page breaks with repeated headers and footers, glued
name/analysis lines, another body, numbers changed."""
from __future__ import annotations

from ingest.document import Document, Section, SectionIndex
from ingest.extract import activities
from ingest.extract.activities.context import parse_label, perspective_of, read_label
from ingest.extract.activities.goals import parse_goal_tree
from ingest.extract.activities.tables import (
    Widths,
    estimate_widths,
    parse_aligned_table,
    parse_tsv_table,
    split_glued,
    table_blocks,
)

# --- document 000 (tab-separated), lines 1018-1031 -----------------------------------
TSV = """Aktiviteter\tAnalys
Medverka i arbetet med slutförandet av ny bussdepå i Jönköping.\tBussdepån är färdig och är i drift för stadstrafiken.

Uppdrag/mål: Medverka i arbetet för ny tågdepå i Nässjö

Aktiviteter\tAnalys
Ny tågdepå i Nässjö.\tByggnation av depån pågår.
Stödja utvecklingsarbetet till att göra Nässjö till ett nationellt\tPåbörjas enligt plan i september.

Aktiviteter\tAnalys
centrum för järnvägsutbildningar\t

Strategiska mål: Ändamålsenlig och kostnadseffektiv trafik
""".splitlines()

TSV_CONTINUED_ANALYSIS = """Aktiviteter\tAnalys
Digitaliseringens möjligheter.\tUnder våren hölls följande digitala produktioner, som

Aktiviteter\tAnalys
\t<p>inte kunde upplevas live. Arbetet pågår enligt plan.</p>
Kunskapsutvecklingen.\tMöten med olika grupper och nätverk har genomförts.

Uppdrag/mål: Nästa uppdrag
""".splitlines()


def test_tsv_table_stops_at_label_and_merges_wrapped_name():
    recs, j = parse_tsv_table(TSV, 0, len(TSV))
    assert [r.name for r in recs] == ["Medverka i arbetet med slutförandet av ny bussdepå i Jönköping."]
    assert TSV[j] == "" and TSV[j + 1].startswith("Uppdrag/mål")
    recs, j = parse_tsv_table(TSV, 4, len(TSV))
    assert [r.name for r in recs] == [
        "Ny tågdepå i Nässjö.",
        "Stödja utvecklingsarbetet till att göra Nässjö till ett nationellt centrum för järnvägsutbildningar"]
    assert recs[1].analysis == "Påbörjas enligt plan i september."
    assert recs[1].continued and recs[1].line == 8 and recs[1].name_parts[-1][0] == 11
    assert TSV[j] == "" and TSV[j + 1].startswith("Strategiska mål")


def test_tsv_empty_first_cell_continues_analysis_after_page_break():
    recs, _ = parse_tsv_table(TSV_CONTINUED_ANALYSIS, 0, len(TSV_CONTINUED_ANALYSIS))
    assert len(recs) == 2
    assert recs[0].analysis.endswith("som inte kunde upplevas live. Arbetet pågår enligt plan.")
    assert [p[0] for p in recs[0].analysis_parts] == [2, 5]
    assert recs[1].name == "Kunskapsutvecklingen."


def test_tsv_variant_rows_added_and_numbers_changed():
    lines = TSV[:7] + ["Ny busslinje 42 mellan A och B.\tEj påbörjad."] + TSV[7:]
    recs, _ = parse_tsv_table(lines, 4, len(lines))
    assert [r.name for r in recs][1] == "Ny busslinje 42 mellan A och B."
    assert recs[2].name.endswith("centrum för järnvägsutbildningar")


# --- document 004 (space-aligned), lines 2843-2868 and 4000-4030 ----------------------
ALIGNED = """Uppdrag: Skapa en Regional besöksnäringsstrategi. 
Aktiviteter Analys 

Upprättande av projektplan och 
påbörja arbetet för framtagande 
av regional 
besöksnäringsstrategi. 

Arbetet med framtagandet av strategin är inne i ett intensivt skede. En 
nulägesanalys är gjord och dialoger med aktörer i länet genomförs under 
hela hösten. Utfallet av dessa kommer ligga till grund för kommande 
inriktning i strategin. Processen uppskattas av aktörerna och effekterna av 
den breda förankringen gynnar arbetet när strategin ska implementeras. 

Paketera och marknadsföra 
länets utbud för invånarna. 

Aktiviteten är ej påbörjad då arbetet med framtagandet av 
besöksnäringsstrategin behöver bli färdigställt innan denna aktivitet 
förankras och påbörjas. 

Samordna process för BT Organisering med studierektorsfunktion liksom arbetsgrupp med HR, SYLF, 
Bra liv och Futurum är etablerad. Handledarutbildning byggs. Diskussioner 
förs hur man skall nyttja Nässjö utbildningscentrum och hur samverkan med 
verksamheter skall gå till. Kapacitet är en utmaning. Utvärdering pågår. 

Utveckla djurhållningen. Investeringar behövs i delar av verksamheten för att bibehålla en god 
djurhållning. Planering för nya djurstallar finns. Realisering av detta är en 
viktig åtgärd för att säkra både en god arbetsmiljö likväl som djurvälfärd 
på lång sikt. 
Metodik och rutiner kring utfodring, skötsel samt djurhälsoplaner 



Region Jönköpings län, Delårsrapport 2 RJL 46(101) 
 

 

Aktiviteter Analys 

förbättras ständigt. Skolorna har i dagsläget en god djurvälfärd, vilket 
också syns i statistik från slakteriet och mjölkleveranserna. 

Uppdrag: Få länets invånare som våra bästa ambassadörer. 
""".splitlines()


def _aligned(lines):
    i = next(k for k, t in enumerate(lines) if t.startswith("Aktiviteter"))
    blocks, j = table_blocks(lines, i, len(lines))
    return blocks, j, i


def test_aligned_blocks_stop_at_label_and_absorb_page_break():
    blocks, j, _ = _aligned(ALIGNED)
    assert ALIGNED[j].startswith("Uppdrag: Få")
    assert blocks[-1][0] is True                      # the block after the repeated header
    assert blocks[-1][1][0][1].startswith("förbättras ständigt")
    # the footer `… 46(101)` is page furniture, never text
    assert all("46(101)" not in t for _, b in blocks for _, t in b)


def test_aligned_table_names_analysis_glued_and_page_break():
    blocks, _, i = _aligned(ALIGNED)
    recs = parse_aligned_table(blocks, Widths(name=33, analysis=80), i + 1)
    names = [r.name for r in recs]
    assert names == [
        "Upprättande av projektplan och påbörja arbetet för framtagande av regional besöksnäringsstrategi.",
        "Paketera och marknadsföra länets utbud för invånarna.",
        "Samordna process för BT",
        "Utveckla djurhållningen.",
    ]
    assert recs[0].line == 4 and recs[0].analysis_line == 9
    assert recs[1].analysis.startswith("Aktiviteten är ej påbörjad")
    assert recs[2].glued and recs[2].analysis.startswith("Organisering med studierektorsfunktion")
    # the analysis continues over the footer and the repeated header
    assert recs[3].glued and recs[3].analysis.endswith("mjölkleveranserna.")
    assert "djurhälsoplaner förbättras ständigt" in recs[3].analysis


def test_aligned_variant_wider_columns_and_another_name():
    """Another report prints a wider name column: the widths come from the lines, not constants."""
    lines = """Uppdrag/mål: Trygg och säker vård och omsorg 

Aktiviteter Analys 

 Trygg och säker in och utskrivning från sjukhuset 
för alla patienter 

Arbetet med att utveckla in- och utskrivningsprocessen har fortsatt under 
året. Arbetet ingår i länsgrupp i samverkan under strategigruppen för 
äldre och har pausats under hösten. 

 Erbjuda patientkontrakt Införandet av patientkontrakt fortsätter enligt plan. Fokus har 
varit på samskapande med invånarna samt att stödja verksamheterna i 
införandet av kontrakten i hela länet. 

Perspektiv: Ekonomi 
""".splitlines()
    blocks, j, i = _aligned(lines)
    assert lines[j].startswith("Perspektiv")
    w = estimate_widths([blocks])
    assert 45 <= w.name < w.analysis
    recs = parse_aligned_table(blocks, w, i + 1)
    assert [r.name for r in recs] == ["Trygg och säker in och utskrivning från sjukhuset för alla patienter",
                                      "Erbjuda patientkontrakt"]
    assert recs[1].analysis.startswith("Införandet av patientkontrakt fortsätter enligt plan.")


def test_split_glued_prefers_sentence_end_and_fits_columns():
    w = Widths(name=35, analysis=80)
    assert split_glued("Läkarförsörjning Arbete har pågått med att analysera bemannat nuläge vad gäller", w) == (
        "Läkarförsörjning", "Arbete har pågått med att analysera bemannat nuläge vad gäller")
    assert split_glued("VO Följa upp nyckeltal Uppdraget att årligen ta fram nyckeltal har genomförts", w)[0] == \
        "VO Följa upp nyckeltal"
    # a proper noun inside the name: the split moves right until the analysis fits
    name, rest = split_glued("Samverka med Smålands Turism Arbetet med besöksnäringsstrategin stärker samverkan "
                             "mellan organisationerna", Widths(name=35, analysis=75))
    assert name == "Samverka med Smålands Turism"


# --- labels and perspectives --------------------------------------------------------------

def test_labels_and_perspectives():
    assert parse_label("Uppdrag/mål: Barn och unga") == ("Uppdrag/mål", "assignment", 4, "Barn och unga")
    assert parse_label(" Prioriterade uppdrag: Landsbygdsutveckling")[1:3] == ("assignment", 4)
    assert parse_label("Delmål: Öka antal besökare.")[1] == "sub_goal"
    # a table-of-contents line is not a heading
    assert parse_label("Strategiska mål: Alla länsinvånare ska vara delaktiga.....\t7") is None
    assert perspective_of("Medborgare och kund") == "Medborgare och kund"
    assert perspective_of("Perspektiv: Process och produktion ") == "Process och produktion"
    assert perspective_of("medarbetare ") is None          # the end of a wrapped name
    lines = ["Uppdrag: Kartlägga nuläge utifrån befintliga samverkansupplägg mellan det offentliga ",
             "och civilsamhället i länet. ", "", "Aktiviteter Analys "]
    lab = read_label(lines, 0)
    assert lab.text.endswith("mellan det offentliga och civilsamhället i länet.") and lab.end_line == 2


# --- document 002 (numbered goal tree), lines 28-58 and 1845-1849 ----------------------
GOALS = """Mål Regionstyrelsen  

1.1 Strategi för länets utveckling 

 Strategi för länets utveckling handlar om regionalt ledarskap. 

1.1.1 Regionalt ledarskap för tillväxt och utveckling 

 Förslag och idéer har lyfts om samverkan med kommunerna men inga konkreta beslut har 
tagits. 

1.1.1.1 Region Jämtland Härjedalens förmåga att samverkan med kommunerna 

utifrån deras och regionens behov ska öka 

 Region Jämtland Härjedalen är värdkommun för gemensam nämnd. 

1.1.1.2 Omlokaliserade verksamheter 

 Arbetet är inte påbörjat och kan med anledning av pandemin bli svårt att prioritera. 

Mätetal Utfall Målvärde Kommentar 

  Minskad 
antibiotikaanvändning 

251 250 Utfallet var 251 

 2 Mål Hälso- och sjukvårdsnämnden 

2.1 Strategi för god vård 

 Arbetet pågår enligt plan. 
""".splitlines()


def test_goal_tree_numbers_parents_titles_and_narratives():
    goals = parse_goal_tree(GOALS)
    assert [g.number for g in goals] == ["1", "1.1", "1.1.1", "1.1.1.1", "1.1.1.2", "2", "2.1"]
    by = {g.number: g for g in goals}
    assert by["1"].title == "Mål Regionstyrelsen" and by["1"].line == 1
    assert by["1.1.1.1"].title.endswith("kommunerna utifrån deras och regionens behov ska öka")
    assert by["1.1.1.1"].narrative == "Region Jämtland Härjedalen är värdkommun för gemensam nämnd."
    assert by["1.1.1.2"].parent == "1.1.1"
    # measure rows (`251 250 Utfallet …`) are neither headings nor narrative
    assert "Utfallet" not in (by["1.1.1.2"].narrative or "")
    assert by["2"].title == "2 Mål Hälso- och sjukvårdsnämnden"[2:] and by["2.1"].narrative == "Arbetet pågår enligt plan."


def test_goal_tree_variant_another_body_and_value_lines():
    lines = ["Mål Nämnden för kultur", "", "1.1 Strategi A", "", " Text.", "", "1.2 Strategi B", "",
             "2019 Utfallet ökade", "", "1.2.1 Område", "", " Arbetet har pausats.", "",
             "1.4 Hoppar över 1.3", "", "1.3 Strategi C", ""]
    goals = parse_goal_tree(lines)
    assert [g.number for g in goals] == ["1", "1.1", "1.2", "1.2.1", "1.3"]
    assert goals[0].title == "Mål Nämnden för kultur"


# --- the extractor on a constructed document ----------------------------------------------

def _doc(lines: list[str]) -> tuple[Document, SectionIndex]:
    text = "\n".join(lines)
    doc = Document("d1", "x.txt", "0", len(text), text, lines=tuple(lines))
    secs = [Section("s0", "d1", "interim_report", "Delårsrapport", 1, len(lines), organisation="Enhet A",
                    report_period="T2 2021")]
    return doc, SectionIndex(secs)


def test_extract_links_activities_to_goals_and_classifies():
    lines = ["Medborgare och kund", "", "Strategiska mål: Ett friskare län", "",
             "Framgångsfaktorer: Samverkan", "", "Uppdrag/mål: Minska väntetider", "", *TSV[4:11]]
    doc, ix = _doc(lines)
    out = activities.extract(doc, ix)
    goals = {g["source_line"]: g for g in out["activity_goal"]}
    assert [g["goal_kind"] for g in goals.values()] == ["strategic_goal", "success_factor", "assignment"]
    assert goals[3]["parent_line"] is None and goals[5]["parent_line"] == 3 and goals[7]["parent_line"] == 5
    items = out["activity_item"]
    assert [(i["goal_line"], i["status"], i["status_evidence"]) for i in items] == [
        (7, "in_progress", "pågår"), (7, "not_started", "Påbörjas")]
    assert items[1]["activity"].endswith("ett nationellt centrum för järnvägsutbildningar")
    assert all(i["perspective"] == "Medborgare och kund" and i["organisation"] == "Enhet A"
               and i["section_id"] == "s0" and i["report_period"] == "T2 2021" for i in items)
    assert items[1]["status_evidence_line"] == items[1]["source_line"]


def test_extract_goal_tree_rows():
    doc, _ = _doc(GOALS)
    ix = SectionIndex([Section("g0", "d1", "goal_follow_up", "Bilaga", 1, len(GOALS), report_period="april 2020")])
    rows = {r["goal_number"]: r for r in activities.extract(doc, ix)["activity_goal"]}
    assert rows["1.1.1.2"]["status"] == "not_started" and rows["1.1.1.2"]["status_evidence"] == "inte påbörjat"
    assert rows["1.1.1.2"]["parent_line"] == rows["1.1.1"]["source_line"]
    assert rows["2.1"]["status"] == "in_progress" and rows["1.1.1.1"]["status"] == "unknown"
