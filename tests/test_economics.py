"""Economics extractor: economic tables (TSV and space-aligned) -> one row per printed amount."""
from __future__ import annotations

import pytest

from ingest.document import Document, Section, SectionIndex
from ingest.extract import economics
from ingest.extract.economics.lexicon import lexicon, period_of


def run(text: str) -> list[dict]:
    lines = tuple(text.split("\n"))
    doc = Document("doc1", "x.txt", "0", 0, text, lines=lines)
    idx = SectionIndex([Section("s1", "doc1", "interim_report", "t", 1, len(lines))])
    return economics.extract(doc, idx)["financial_amount"]


def cell(rows, item, col_label):
    hits = [r for r in rows if r["line_item"] == item and r["column_label"] == col_label]
    assert len(hits) == 1, (item, col_label, hits)
    return hits[0]


BUDGET_FRAMES = """Budgetramar per område inom regionstyrelsen

Per område (Tkr)\tExterna in-täkter\tIn-terna in-täkter\tSumma intäkts-budget\tSUMMA NETTO-BUD-GET
Region-direktör\t106\t7,3\t113,3\t-344,5
Vårdval\t5,2\t0\t5,2\t-829,9
TOTALT\t202\t214\t415,6\t-1571,3

Budgetram förtroendevalda

Budgetram Förtroendevalda\tBudget 2020\tBudget 2021
Fullmäktige\t-17 009\t-17 332
<i>Regionstyrelse</i>\t<i>-4 035</i>\t<i>-4 112</i>
Totalt, tkr\t-21 044\t-21 444

Planerade investeringar

Område/Avdelning/Enhet\tBenämning/objekt\tNy- eller reinvestering\tBelopp (Tkr)
IT avd\tServrar\tReinvestering\t13 380
Fastighet\tLäkemedelsrum\t\t2000"""


def test_tsv_budget_frames_tkr_header_with_mnkr_magnitudes():
    rows = run(BUDGET_FRAMES)
    tot = cell(rows, "TOTALT", "SUMMA NETTO-BUD-GET")
    assert tot["amount"] == -1571.3 and tot["unit"] == "mnkr" and "tkr" in tot["unit_note"]
    assert tot["statement"] == "budget_frame" and tot["is_total"] and tot["measure"] == "budget"
    assert tot["source_line"] == 6


def test_tsv_elected_officials_in_tkr_with_italic_tags():
    rows = run(BUDGET_FRAMES)
    r = cell(rows, "Regionstyrelse", "Budget 2021")
    assert r["amount"] == -4112 and r["unit"] == "tkr" and r["period_label"] == "2021"
    assert r["measure"] == "budget" and r["statement"] == "budget_frame"


def test_tsv_investments_without_thousands_space_and_object_detail():
    rows = run(BUDGET_FRAMES)
    inv = [r for r in rows if r["statement"] == "investment"]
    # the object is the line item; the organisational unit and the kind are detail
    assert [(r["amount"], r["line_item"], r["line_item_detail"]) for r in inv] == \
        [(13380, "Servrar", "IT avd | Reinvestering"), (2000, "Läkemedelsrum", "Fastighet")]
    assert all(r["unit"] == "tkr" for r in inv)


OPERATING = """DRIFIREDOVISNING (m nkr)\tUtfall\tPrognos\tBudget\tAvvikelse\tBokslut\tNettokostnads
\t2021\t2021\t2021\tmot budget\t2020\tförändring
Nämnden för trafik\t\t\t\t\t\t
05 Utbildning\t33,4\t52,5\t53,79\t1,3\t49,2\t6,7%
Summa\t33,4\t52,5\t53,79\t1,3\t49,2\t6,7%"""


def test_tsv_two_line_header_operating_account():
    rows = run(OPERATING)
    dev = cell(rows, "05 Utbildning", "Avvikelse mot budget")
    assert dev["measure"] == "deviation" and dev["statement"] == "operating_account" and dev["unit"] == "mnkr"
    chg = cell(rows, "05 Utbildning", "Nettokostnads förändring")
    assert chg["measure"] == "change_pct" and chg["unit"] == "%" and chg["amount"] == 6.7
    prior = cell(rows, "05 Utbildning", "Bokslut 2020")
    assert prior["measure"] == "prior_outcome" and prior["period_label"] == "2020"
    assert cell(rows, "05 Utbildning", "Budget 2021")["amount"] == 53.79
    assert cell(rows, "Summa", "Utfall 2021")["is_total"]
    assert cell(rows, "05 Utbildning", "Utfall 2021")["section_label"] == "Nämnden för trafik"


RR_ALIGNED = """Tabell: Resultaträkning (mnkr) 

  Utfall 
Tertial 
2:2022 

Prognos 
2022 

Avvikelse   
årsbudget 

Utfall  
Tertial 
2:2021 

Bokslut  

2021 

Intäkter  2 161 3 348  2 280 3 581  

Verksamhetens nettokostnad   

 

-8 106 -12 477 52 -7 984 -12 031 

Verksamhetens resultat  882 1 003 448 490 756  

Årets resultat  166 230 -530 845 1 274  

Nettokostnaden har för de två första tertialen ökat med 1,5 procent jämfört med samma period 2021 och mer."""


def test_aligned_income_statement_real_excerpt():
    rows = [r for r in run(RR_ALIGNED) if r["source_kind"] == "table"]
    assert {r["statement"] for r in rows} == {"income_statement"}
    assert len([r for r in rows if r["line_item"] == "Intäkter"]) == 4
    nk = cell(rows, "Verksamhetens nettokostnad", "Avvikelse årsbudget")
    assert nk["amount"] == 52 and nk["measure"] == "deviation" and nk["source_line"] == 27 and nk["label_line"] == 23
    vr = cell(rows, "Verksamhetens resultat", "Prognos 2022")
    assert vr["amount"] == 1003 and vr["measure"] == "forecast" and not vr["split_ambiguous"]
    ar = cell(rows, "Årets resultat", "Bokslut 2021")
    assert ar["amount"] == 1274 and ar["measure"] == "prior_outcome" and ar["unit"] == "mnkr"
    assert cell(rows, "Årets resultat", "Utfall Tertial 2:2022")["period_label"] == "Tertial 2:2022"


def test_aligned_variant_numbers_changed_and_page_break_inserted():
    variant = RR_ALIGNED.replace("882 1 003 448 490 756", "1 882 2 003 1 448 490 756").replace(
        "Årets resultat", "\n\n\n  Utfall \nTertial \n2:2022 \n\nPrognos \n2022 \n\nAvvikelse   \nårsbudget \n\n"
                          "Utfall  \nTertial \n2:2021 \n\nBokslut  \n\n2021 \n\nÅrets resultat")
    rows = run(variant)
    assert cell(rows, "Verksamhetens resultat", "Avvikelse årsbudget")["amount"] == 1448
    assert cell(rows, "Årets resultat", "Bokslut 2021")["amount"] == 1274


def test_ids_are_deterministic_and_unique():
    a, b = run(RR_ALIGNED), run(RR_ALIGNED)
    assert [r["financial_line_id"] for r in a] == [r["financial_line_id"] for r in b]
    assert len({r["financial_line_id"] for r in a}) == len(a)


def test_lexicon_from_seeds():
    lex = lexicon()
    assert lex.measure("Prognos-avvikelse") == "deviation"
    assert lex.measure("Diff mot budget") == "deviation"
    assert lex.measure("Prognosutfall 2022") == "forecast"
    assert lex.measure("Tertialbokslut 2022-08-31") == "outcome"
    assert lex.statement("BALANSRÄKNING BLANDMODELL (miljoner kronor)")[0] == "balance_sheet"
    assert lex.unit("Belopp i miljoner kronor") == "mnkr" and lex.unit("Totalt, tkr") == "tkr"
    assert period_of("Förändring % 2022-2021") == "2022-2021" and period_of("Prognos 2022 T1") == "2022 T1"


# ---------------------------------------------------------------- the bundled corpus

def test_bundled_documents_tables(bundled):
    from ingest.segment import segment
    out = {}
    for k, d in bundled.items():
        out[k] = economics.extract(d, SectionIndex(segment(d)))["financial_amount"]
    by = lambda k, st: [r for r in out[k] if r["statement"] == st]
    # 000: TSV statements of the interim report
    assert {"income_statement", "balance_sheet", "key_ratio", "operating_account", "state_grants",
            "committee_deviation", "activity_volume"} <= {r["statement"] for r in out["000"]}
    bs = [r for r in by("000", "balance_sheet") if r["account_code"] == "10xx"]
    assert bs and all(r["line_item"] == "Inmateriella anläggningstillgångar" for r in bs)
    # 003: three budget tables
    assert {r["statement"] for r in out["003"] if r["source_kind"] == "table"} == {"budget_frame", "investment"}
    # 004: the state-grant row whose split needs the Summa row
    sg = [r for r in by("004", "state_grants") if r["line_item"] == "Regleringsbidrag"]
    assert sorted(r["amount"] for r in sg) == [79, 160, 169, 241, 253]
    assert all("column totals" in r["split_note"] for r in sg)
    vol = [r for r in by("004", "activity_volume") if r["amount_text"] == "285 994"]
    assert vol and vol[0]["column_label"] == "Utfall 2022-08"


@pytest.mark.e2e
def test_mart_rows(wh):
    n = wh.sql("select count(*) from marts.fct_financial_line").fetchall()[0][0]
    assert n > 1500
    bad = wh.sql("""select count(*) from marts.fct_financial_line
                    where unit in ('kr','tkr','mnkr') and amount is not null and amount_sek is null""").fetchall()[0][0]
    assert bad == 0
    per_doc = dict(wh.sql("""select d.source_file[1:3], count(*) from marts.fct_financial_line f
                             join marts.dim_document d using (document_id) group by 1""").fetchall())
    assert per_doc.get("000", 0) > 500 and per_doc.get("004", 0) > 500 and per_doc.get("003", 0) >= 70
    sek = wh.sql("""select amount_sek from marts.fct_financial_line
                    where statement = 'income_statement' and amount_text = '1 274,0' limit 1""").fetchall()
    assert sek and sek[0][0] == 1274.0e6
