"""One test group per layout family of other regions' reports, each on an invented variant
(own names and figures) run through the real economics and indicators extractors:

A  pdftotext -layout, NBSP thousands, U+2212 minus, two-line wide header, Not column,
   running page header, financial targets with a wrapped name, unit in the sentence above
B  tab-separated, normal-space thousands, Not column with empty cells, equity as one row,
   a tab-separated financial-target table
C  plan: indicator table with baseline (year), two target years, a text target; budget in
   tkr whose label continues below its numbers; investments with plan years
D  tab-separated indicator rows with tertial periods and a colour assessment
E  CRLF-free monthly: KPI name then 'period result target trend' on the next line, U+202F
   thousands, en-dash negatives, a two-line economy header with a label wrapped below
"""
from __future__ import annotations

from ingest.extract import economics, indicators
from tests.layout_helpers import EN_DASH, MINUS, NBSP, NNBSP, aligned, document


def econ(text: str) -> list[dict]:
    doc, idx = document(text)
    return economics.extract(doc, idx)["financial_amount"]


def kpis(text: str) -> list[dict]:
    doc, idx = document(text)
    return indicators.extract(doc, idx)["indicator_value"]


def amount(rows, item, column=None) -> list[float]:
    return [r["amount"] for r in rows if r["line_item"] == item and (column is None or r["column_label"] == column)]


def kpi(rows, name_start):
    hits = [r for r in rows if r["indicator_name"].startswith(name_start)]
    assert hits, (name_start, [r["indicator_name"] for r in rows])
    return hits


# --------------------------------------------------------------------------- family A

A_ENDS = [56, 70, 82, 94, 108]


def family_a() -> str:
    n = lambda s: s.replace(" ", NBSP)  # noqa: E731  thousands grouped with NBSP
    m = lambda s: MINUS + n(s)  # noqa: E731
    lines = [
        aligned("Region Exempelby   Delårsrapport februari–juni 2022", ["3"], [108]),
        "",
        "Finansiella mål",
        "",
        aligned("Finansiella mål", ["Målvärde", "Utfall feb–jun", "Prognos 2022", "Bedömning"], [56, 72, 88, 104]),
        "Årets resultat i förhållande till skatteintäkter",
        aligned("och statsbidrag, %", ["1,5", "2,9", "2,2", "Uppfylls"], [56, 72, 88, 104]),
        aligned("Soliditet, %", ["31,0", "29,4", "29,9", "Uppfylls ej"], [56, 72, 88, 104]),
        "",
        aligned("Region Exempelby   Delårsrapport februari–juni 2022", ["4"], [108]),
        "",
        aligned("Resultaträkning, mnkr", ["Utfall", "Utfall", "Budget", "Prognos", "Avvikelse"], A_ENDS),
        aligned("", ["feb–jun 2022", "feb–jun 2021", "2022", "2022", "mot budget"], A_ENDS),
        "",
        aligned("Verksamhetens intäkter", [n("1 204"), n("1 150"), n("2 900"), n("2 950"), "50"], A_ENDS),
        aligned("Verksamhetens kostnader", [m("9 870"), m("9 460"), m("23 100"), m("23 380"), m("280")], A_ENDS),
        aligned("Avskrivningar", [m("402"), m("398"), m("950"), m("940"), "10"], A_ENDS),
        aligned("Verksamhetens nettokostnad", [m("9 068"), m("8 708"), m("21 150"), m("21 370"), m("220")], A_ENDS),
        "",
        aligned("Region Exempelby   Delårsrapport februari–juni 2022", ["5"], [108]),
        "",
        aligned("Balansräkning, mnkr", ["Not", "2022-06-30", "2021-12-31"], [50, 64, 78]),
        "Anläggningstillgångar",
        aligned("Byggnader och mark", ["8", n("7 310"), n("7 205")], [50, 64, 78]),
        aligned("Inventarier", ["9", "845", "812"], [50, 64, 78]),
        aligned("Summa anläggningstillgångar", [None, n("8 155"), n("8 017")], [50, 64, 78]),
        "",
        "Driftredovisning",
        "",
        "Prognos för helåret jämfört med budget, mnkr. Negativa belopp är nettokostnader.",
        "",
        aligned("Nämnd", ["Budget", "Prognos", "Avvikelse"], [56, 68, 80]),
        aligned("Kulturnämnden", [m("410"), m("402"), "+8"], [56, 68, 80]),
        aligned("Tandvårdsnämnden", [m("96"), m("99"), m("3")], [56, 68, 80]),
        aligned("Summa nämnder", [m("506"), m("501"), "+5"], [56, 68, 80]),
    ]
    return "\n".join(lines)


def test_a_income_statement_with_two_line_header_and_nbsp_minus():
    rows = econ(family_a())
    assert amount(rows, "Verksamhetens kostnader", "Utfall feb–jun 2022") == [-9870]
    assert amount(rows, "Verksamhetens nettokostnad", "Prognos 2022") == [-21370]
    assert amount(rows, "Verksamhetens nettokostnad", "Avvikelse mot budget") == [-220]
    inc = [r for r in rows if r["line_item"] == "Verksamhetens intäkter"]
    assert {r["statement"] for r in inc} == {"income_statement"} and {r["unit"] for r in inc} == {"mnkr"}
    assert {r["measure"] for r in inc} == {"outcome", "prior_outcome", "budget", "forecast", "deviation"}


def test_a_note_column_and_page_numbers_are_not_amounts():
    rows = econ(family_a())
    assert amount(rows, "Byggnader och mark") == [7310, 7205]
    assert not [r for r in rows if r["amount"] in (3, 4, 5) and r["line_item"].startswith("Region")]
    assert not [r for r in rows if r["column_label"] == "Not"]


def test_a_committee_table_takes_its_unit_from_the_sentence_above():
    rows = econ(family_a())
    kultur = [r for r in rows if r["line_item"] == "Kulturnämnden"]
    assert [r["amount"] for r in kultur] == [-410, -402, 8]
    assert {r["unit"] for r in kultur} == {"mnkr"}


def test_a_financial_targets_are_indicators_with_wrapped_names_and_assessments():
    rows = kpis(family_a())
    [res] = kpi(rows, "Årets resultat i förhållande till skatteintäkter och statsbidrag")
    assert (res["target_value"], res["result_value"], res["status"]) == (1.5, 2.9, "met")
    assert res["source_line"] == 7 and res["name_line"] == 6 and res["unit"] == "%"
    [sol] = kpi(rows, "Soliditet")
    assert (sol["target_value"], sol["result_value"], sol["status"]) == (31.0, 29.4, "not_met")


# --------------------------------------------------------------------------- family B

FAMILY_B = "\n".join([
    "Resultaträkning",
    "Mnkr\tUtfall jan-apr 2022\tUtfall jan-apr 2021\tBudget 2022\tPrognos 2022\tAvvikelse prognos mot budget",
    "Verksamhetens intäkter\t604\t577\t1 810\t1 850\t40",
    "Verksamhetens kostnader\t-4 120\t-3 990\t-12 300\t-12 505\t-205",
    "",
    "Finansiella mål",
    "Finansiellt mål\tMålvärde 2022\tUtfall jan-apr 2022\tBedömning helår",
    "Resultat i procent av skatteintäkter\t1,0 %\t1,8 %\tUppnås",
    "Investeringar som egenfinansieras\t80 %\t64 %\tUppnås ej",
    "",
    "Balansräkning",
    "Mnkr\tNot\t2022-04-30\t2021-12-31",
    "Inventarier\t6\t301\t296",
    "Summa anläggningstillgångar\t\t301\t296",
    "Kassa och bank\t7\t88\t95",
    "Summa omsättningstillgångar\t\t88\t95",
    "Summa tillgångar\t\t389\t391",
    "Eget kapital\t\t150\t140",
    "varav periodens resultat\t\t10\t22",
    "Pensionsavsättningar\t8\t139\t141",
    "Summa avsättningar\t\t139\t141",
    "Kortfristiga skulder\t\t100\t110",
    "Summa skulder\t\t100\t110",
    "Summa eget kapital, avsättningar och skulder\t\t389\t391",
])


def test_b_tsv_note_column_is_detail_not_amount():
    rows = econ(FAMILY_B)
    inv = [r for r in rows if r["line_item"] == "Inventarier"]
    assert sorted(r["amount"] for r in inv) == [296, 301]
    assert not [r for r in rows if (r["column_label"] or "").strip() == "Not"]


def test_b_equity_printed_as_one_row_closes_its_block():
    rows = econ(FAMILY_B)
    eq = [r for r in rows if r["line_item"] == "Eget kapital"]
    assert eq and all(r["is_total"] for r in eq)


def test_b_tsv_financial_targets_are_indicators():
    rows = kpis(FAMILY_B)
    [a] = kpi(rows, "Resultat i procent av skatteintäkter")
    assert (a["target_value"], a["result_value"], a["status"]) == (1.0, 1.8, "met")
    [b] = kpi(rows, "Investeringar som egenfinansieras")
    assert (b["target_value"], b["result_value"], b["status"]) == (80, 64, "not_met")


# --------------------------------------------------------------------------- family C

C_IND = [62, 78, 94]
C_BUD = [56, 71, 86, 101]


def family_c() -> str:
    lines = [
        "Indikatorer",
        "",
        aligned("Indikator", ["Utgångsvärde (år)", "Målvärde 2025", "Målvärde 2027"], C_IND),
        aligned("Antal resenärer i länstrafiken, miljoner", ["12,4 (2023)", "13,0", "14,2"], C_IND),
        aligned("Antal sjukresor med taxi", ["208 300 (2023)", "200 000", "190 000"], C_IND),
        aligned("Andel hållplatser med realtidsskylt", ["40 (2022)", "45", "60"], C_IND),
        "som är tillgängliga, %",
        aligned("Medarbetarnas frisknärvaro, index", ["71 (2024)", "Öka", "75"], C_IND),
        "",
        "Budget per område",
        "",
        aligned("Område, tkr", ["Intäkter", "Kostnader", "Nettokostnad", "Nettokostnad"], C_BUD),
        aligned("", ["Budget 2025", "Budget 2025", "Budget 2025", "Budget 2024"], C_BUD),
        aligned("Linjetrafik", ["201 000", "-512 300", "-311 300", "-300 100"], C_BUD),
        aligned("Anropsstyrd trafik och", ["6 200", "-90 700", "-84 500", "-80 000"], C_BUD),
        "färdtjänst",
        aligned("Summa", ["207 200", "-603 000", "-395 800", "-380 100"], C_BUD),
        "",
        aligned("Investeringar, tkr", ["Budget 2025", "Plan 2026", "Plan 2027"], [60, 74, 88]),
        aligned("Nya bussdepåer", ["40 000", "12 500", "0"], [60, 74, 88]),
        aligned("Summa investeringar", ["40 000", "12 500", "0"], [60, 74, 88]),
    ]
    return "\n".join(lines)


def test_c_plan_indicators_one_row_per_target_year_and_baseline_not_a_result():
    rows = kpis(family_c())
    pas = kpi(rows, "Antal resenärer i länstrafiken")
    assert sorted((r["period_label"], r["target_value"]) for r in pas) == [("2025", 13.0), ("2027", 14.2)]
    assert all(r["result_value"] is None for r in pas)
    taxi = kpi(rows, "Antal sjukresor med taxi")
    assert sorted(r["target_value"] for r in taxi) == [190000, 200000]
    [wrapped, _] = kpi(rows, "Andel hållplatser med realtidsskylt som är tillgängliga")
    assert wrapped["source_line"] == 6
    text_target = [r for r in kpi(rows, "Medarbetarnas frisknärvaro") if r["period_label"] == "2025"]
    assert text_target[0]["target_value"] is None and text_target[0]["target_text"] == "Öka"


def test_c_budget_label_continued_below_and_plan_columns():
    rows = econ(family_c())
    assert amount(rows, "Anropsstyrd trafik och färdtjänst", "Nettokostnad Budget 2025") == [-84500]
    assert amount(rows, "Summa", "Nettokostnad Budget 2024") == [-380100]
    assert {r["unit"] for r in rows if r["line_item"] == "Linjetrafik"} == {"tkr"}
    assert amount(rows, "Nya bussdepåer", "Plan 2026") == [12500]


# --------------------------------------------------------------------------- family D

FAMILY_D = "\n".join([
    "Mål 1: Fler besökare",
    "Indikatorer",
    "Indikator\tMålvärde 2025\tUtfall T1 2025\tUtfall T1 2024\tBedömning",
    "Antal besök på konsthallen\t18 000\t5 120\t4 980\tGul",
    "Andel unga besökare, %\t30\t33,5\t29,0\tGrön",
    "Antal inställda föreställningar\t5\t9\t2\tRöd",
])


def test_d_tsv_indicator_rows_with_tertial_result_and_colour_assessment():
    rows = kpis(FAMILY_D)
    [a] = kpi(rows, "Antal besök på konsthallen")
    assert (a["target_value"], a["result_value"], a["status"]) == (18000, 5120, "partly_met")
    [b] = kpi(rows, "Andel unga besökare")
    assert (b["target_value"], b["result_value"], b["status"]) == (30, 33.5, "met")
    [c] = kpi(rows, "Antal inställda föreställningar")
    assert c["status"] == "not_met"


# --------------------------------------------------------------------------- family E

E_KPI = [50, 66, 76, 90]
E_ECO = [54, 70, 82, 96]


def family_e() -> str:
    t = lambda s: s.replace(" ", NNBSP)  # noqa: E731  thousands grouped with U+202F
    lines = [
        aligned("Månadsrapport mars 2022", ["Sida 1 av 2"], [96]),
        "",
        aligned("Ekonomi, mnkr", ["Utfall", "Budget", "Avvikelse", "Prognos"], E_ECO),
        aligned("", ["jan–mar 2022", "jan–mar 2022", None, "helår 2022"], E_ECO),
        aligned("Verksamhetens nettokostnad", [EN_DASH + t("2 950"), EN_DASH + t("2 900"), EN_DASH + "50",
                                               EN_DASH + t("11 880")], E_ECO),
        aligned("Skatteintäkter och generella", [t("2 930"), t("2 915"), "15", t("11 760")], E_ECO),
        "statsbidrag",
        aligned("Finansnetto", ["12", "10", "2", "40"], E_ECO),
        # the forecast result is printed wrong on purpose: the parts give −80
        aligned("Resultat", [EN_DASH + "8", "25", EN_DASH + "33", EN_DASH + "90"], E_ECO),
        "",
        aligned("Månadsrapport mars 2022", ["Sida 2 av 2"], [96]),
        "",
        "Nyckeltal",
        "",
        aligned("", ["Period", "Utfall", "Mål", "Trend"], E_KPI),
        "Patienter som fått vård inom 60 dagar, andel %",
        aligned("", ["Mar 2022", "74", "85", "↑  Förbättring"], E_KPI),
        "Antal inhyrda sjuksköterskor",
        aligned("", ["jan–mar 2022", t("1 210"), EN_DASH, "↓"], E_KPI),
        "",
        "Produktion",
        "",
        aligned("Produktion", ["jan–mar 2022", "jan–mar 2021", "Förändring, %"], [62, 78, 94]),
        aligned("Besök i primärvården", [t("104 500"), t("100 200"), "4,3"], [62, 78, 94]),
        aligned("Vårddygn", [t("22 050"), t("22 610"), "-2,5"], [62, 78, 94]),
        aligned("Summa besök och vårddygn", [t("126 550"), t("122 810"), "3,0"], [62, 78, 94]),
    ]
    return "\n".join(lines)


def test_e_kpi_values_on_the_line_after_the_name():
    rows = kpis(family_e())
    [a] = kpi(rows, "Patienter som fått vård inom 60 dagar")
    assert (a["target_value"], a["result_value"], a["period_label"]) == (85, 74, "Mar 2022")
    assert a["source_line"] == 17 and a["name_line"] == 16
    [b] = kpi(rows, "Antal inhyrda sjuksköterskor")
    assert b["target_value"] is None and b["result_value"] == 1210


def test_e_economy_two_line_header_wrapped_label_and_en_dash_minus():
    rows = econ(family_e())
    assert amount(rows, "Skatteintäkter och generella statsbidrag", "Prognos helår 2022") == [11760]
    assert amount(rows, "Verksamhetens nettokostnad", "Utfall jan–mar 2022") == [-2950]
    res = [r for r in rows if r["line_item"] == "Resultat"]
    assert [r["amount"] for r in res] == [-8, 25, -33, -90]
    # the short monthly statement is recognised by its rows
    assert {r["statement"] for r in res} == {"income_statement"}
    assert not [r for r in rows if r["line_item"] and r["line_item"].startswith("Månadsrapport")]


# --------------------------------------------------------------------------- figures in prose

PROSE = "\n".join([
    "Sammanfattning",
    "",
    "Periodens resultat uppgår till 87 mnkr, vilket är 40 mnkr bättre än budget. Verksamhetens",
    "nettokostnad har ökat med 4,2 procent jämfört med samma period föregående år, medan",
    "skatteintäkter och statsbidrag tillsammans har ökat med 3,9 procent.",
    "Tandvårdsnämnden redovisar ett underskott om 6 mnkr. Kostnaderna väntas överskrida budget med 12 mnkr.",
    "",
    "Resultaträkning",
    "Mnkr\tUtfall jan-apr 2022\tUtfall jan-apr 2021\tBudget 2022",
    "Verksamhetens nettokostnad\t-2 604\t-2 499\t-7 900",
    "Skatteintäkter\t2 500\t2 410\t7 600",
    "Periodens resultat\t87\t61\t50",
])


def test_prose_figures_become_rows_with_their_sentence_and_subject():
    rows = [r for r in econ(PROSE) if r["source_kind"] == "prose"]
    res = [r for r in rows if r["line_item"] == "Periodens resultat"]
    assert [(r["amount"], r["measure"], r["unit"], r["source_line"]) for r in res] == [(87, "outcome", "mnkr", 3)]
    assert res[0]["sentence"].startswith("Periodens resultat uppgår till 87 mnkr")
    assert res[0]["statement"] == "income_statement" and res[0]["split_note"] is None
    dev = [r for r in rows if r["amount"] == 40]
    assert dev and dev[0]["measure"] == "deviation" and dev[0]["split_note"]   # no row label as subject
    change = [r for r in rows if r["measure"] == "change_pct"]
    assert [(r["line_item"], r["amount"], r["source_line"]) for r in change if r["split_note"] is None] == \
        [("Verksamhetens nettokostnad", 4.2, 4)]
    # 'skatteintäkter och statsbidrag tillsammans' is not the table's 'Skatteintäkter'
    assert [r["split_note"] is not None for r in change if r["amount"] == 3.9] == [True]
    deficit = [r for r in rows if r["amount"] == -6]
    assert deficit and deficit[0]["measure"] == "outcome"


def test_table_cells_are_source_kind_table():
    rows = econ(PROSE)
    assert {r["source_kind"] for r in rows if r["table_encoding"] == "tsv"} == {"table"}
    assert all(r["sentence"] is None for r in rows if r["source_kind"] == "table")


def test_pipe_table_reaches_the_economics_rows():
    rows = econ("Driftredovisning, mnkr\nNämnd | Budget 2023 | Prognos 2023 | Avvikelse\n"
                "| Kulturnämnden | -310 | -305 | +5 |\n| Summa | -310 | -305 | +5 |")
    k = [r for r in rows if r["line_item"] == "Kulturnämnden"]
    assert [(r["column_label"], r["amount"]) for r in k] == [("Budget 2023", -310), ("Prognos 2023", -305),
                                                              ("Avvikelse", 5)]
    assert {r["table_encoding"] for r in k} == {"pipe"} and {r["unit"] for r in k} == {"mnkr"}


def test_organisation_from_the_title_block_or_a_case_number_abbreviation():
    from ingest.title_block import stated_organisation
    assert stated_organisation(["Region Exempelby", "", "Tandvårdsnämnden", "Verksamhetsplan 2025"]) == \
        "Tandvårdsnämnden"
    assert stated_organisation(["Månadsrapport", "Regionstyrelsen 2022-04-26"]) == "Regionstyrelsen"
    assert stated_organisation(["Tertialrapport 1 2022", "Diarienummer KTN 2022/0044"]) == "Kollektivtrafiknämnden"
    # a heading naming a goal is no organisation
    assert stated_organisation(["Mål Regionstyrelsen", "Rapport"]) is None
    doc_rows = kpis("Kulturnämnden\nMåluppfyllelse 2025\n\n" + FAMILY_D)
    assert {r["organisation"] for r in doc_rows} == {"Kulturnämnden"}


def test_d_tsv_result_header_gives_the_period():
    rows = kpis(FAMILY_D)
    assert {r["period_label"] for r in rows} == {"T1 2025"}
