"""Unit tests of each reconciliation check generator on small hand-made tables.

The SQL under test is the real model SQL (models/intermediate/quality/*.sql and
models/marts/quality/dq_reconciliation.sql) run on a tiny DuckDB: `{{ ref('x') }}` is
resolved to the schema dbt would use, the seeds are loaded from seeds/, and
the inputs (int_financial_lines_normalised, fct_indicator_summary) are tables written here. Each
generator is tried on a table that reconciles, one off by more than the tolerance and one
off by exactly the tolerance (which passes).
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import jinja2
import pytest

REPO = Path(__file__).resolve().parent.parent
INTERMEDIATE = REPO / "models" / "intermediate" / "quality"
MART = REPO / "models" / "marts" / "quality" / "dq_reconciliation.sql"
SEEDS = REPO / "seeds"
MACROS = REPO / "dbt_project" / "macros"

CHECK_MODELS = ["int_recon_column_sums", "int_recon_varav_sums", "int_recon_row_sums",
                "int_recon_identities", "int_recon_shares", "int_recon_change_pct",
                "int_recon_cross_table", "int_recon_prose"]

FIN_COLUMNS = {
    "financial_line_id": "varchar", "document_id": "varchar", "section_id": "varchar",
    "statement": "varchar", "table_id": "varchar", "table_title": "varchar",
    "table_start_line": "integer", "header_text": "varchar", "accounting_model": "varchar",
    "row_index": "integer", "line_item": "varchar", "is_total": "boolean", "is_subitem": "boolean",
    "parent_line_item": "varchar", "section_label": "varchar", "column_index": "integer",
    "value_position": "integer", "column_label": "varchar", "measure": "varchar",
    "period_label": "varchar", "amount": "double", "amount_text": "varchar", "unit": "varchar",
    "decimals": "integer", "split_ambiguous": "boolean", "split_note": "varchar", "sentence": "varchar",
    "source_kind": "varchar", "source_line": "integer", "unit_note": "varchar",
}

SUMMARY_COLUMNS = {
    "indicator_summary_id": "varchar", "document_id": "varchar", "section_id": "varchar",
    "organisation": "varchar", "row_label": "varchar", "category": "varchar",
    "period_label": "varchar", "measure_count": "integer", "share_text": "varchar",
    "share_pct": "double", "source_line": "integer",
}


def _render(path: Path) -> str:
    """The model SQL as dbt would compile it here: the project's own macros, and `ref` to the
    schema the input or seed lives in."""
    def ref(name: str) -> str:
        if (SEEDS / f"{name}.csv").exists():
            return f"reference.{name}"
        if name.startswith("int_"):
            return f"intermediate.{name}"
        return f"marts.{name}"
    # test and materialization blocks are dbt tags plain jinja cannot parse; models use neither
    texts = (m.read_text(encoding="utf-8") for m in sorted(MACROS.glob("*.sql")) if not m.name.startswith("test_"))
    macros = "".join(t for t in texts if "{% materialization" not in t)
    # dbt's jinja has the `do` statement (the seed-loading macro uses it)
    template = jinja2.Environment(extensions=["jinja2.ext.do"]).from_string(macros + path.read_text(encoding="utf-8"))
    return template.render(ref=ref, config=lambda **kw: "", var=lambda name, default=None: default)


def _number(text: str) -> tuple[float | None, int]:
    """A printed Swedish number -> (value, decimals)."""
    t = text.replace("%", "").replace(" ", "").replace("−", "-").replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", t):
        return None, 0
    return float(t), len(t.split(".")[1]) if "." in t else 0


class Table:
    """A printed table: header columns (label, measure) and rows of printed cells."""

    def __init__(self, statement: str, columns: list[tuple[str, str]], start: int = 100,
                 title: str = "Tabell", doc: str = "doc_t", section: str = "sec_1",
                 accounting_model: str | None = None, header: str | None = None):
        self.statement, self.columns, self.start = statement, columns, start
        self.title, self.doc, self.section, self.model = title, doc, section, accounting_model
        self.header = header or " | ".join(c for c, _ in columns)
        self.rows: list[dict] = []

    def row(self, label: str, *cells: str | None, total: bool = False, varav: bool = False,
            parent: str | None = None, section_label: str | None = None) -> "Table":
        self.rows.append(dict(label=label, cells=cells, total=total, varav=varav,
                              parent=parent, section_label=section_label))
        return self

    def lines(self) -> list[dict]:
        out = []
        table_id = f"t_{self.doc}_{self.start}"
        for r_i, r in enumerate(self.rows):
            line = self.start + 1 + r_i
            for c_i, text in enumerate(r["cells"]):
                if text is None:
                    continue
                value, decimals = _number(text)
                label, measure = self.columns[c_i]
                out.append({
                    "financial_line_id": f"{table_id}_{line}_{c_i}", "document_id": self.doc,
                    "section_id": self.section, "statement": self.statement, "table_id": table_id,
                    "table_title": self.title, "table_start_line": self.start,
                    "header_text": self.header, "accounting_model": self.model, "row_index": r_i,
                    "line_item": r["label"], "is_total": r["total"], "is_subitem": r["varav"],
                    "parent_line_item": r["parent"], "section_label": r["section_label"],
                    "column_index": c_i, "value_position": c_i, "column_label": label,
                    "measure": measure, "period_label": None, "amount": value, "amount_text": text,
                    "unit": "%" if "%" in text else "mnkr", "decimals": decimals,
                    "split_ambiguous": False, "source_kind": "table", "source_line": line,
                })
        return out


def _create(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list[dict]) -> None:
    con.execute(f"create or replace table {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    if rows:
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(f"insert into {name} values ({placeholders})",
                        [[r.get(c) for c in columns] for r in rows])


def reconcile(tables: list[Table] = (), summary: list[dict] = ()) -> list[dict]:
    """dq_reconciliation rows for the given printed tables and count tables."""
    con = duckdb.connect()
    for schema in ("marts", "intermediate", "reference"):
        con.execute(f"create schema {schema}")
    for seed in SEEDS.glob("*.csv"):
        con.execute(f"create table reference.{seed.stem} as select * from read_csv('{seed}', header=true)")
    _create(con, "intermediate.int_financial_lines_normalised", FIN_COLUMNS, [l for t in tables for l in t.lines()])
    _create(con, "marts.fct_indicator_summary", SUMMARY_COLUMNS, list(summary))
    con.execute(f"create view intermediate.int_recon_cells as {_render(INTERMEDIATE / 'int_recon_cells.sql')}")
    for model in CHECK_MODELS:
        con.execute(f"create view intermediate.{model} as {_render(INTERMEDIATE / (model + '.sql'))}")
    cur = con.execute(_render(MART))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    con.close()
    return rows


def one(rows: list[dict], **where) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, f"{len(found)} rows match {where}: {[(r['check_kind'], r['subject']) for r in rows]}"
    return found[0]


# --- column sums (total rows) ---------------------------------------------------------

def _grants(total: str) -> Table:
    return (Table("state_grants", [("Tertial 2 2021", "outcome")])
            .row("Inkomstutjämningsbidrag", "1,2").row("Läkemedelsbidrag", "3,4")
            .row("Summa", total, total=True))


@pytest.mark.parametrize("printed_total, status", [("4,6", "pass"), ("4,8", "fail"), ("4,7", "pass")])
def test_total_row_reconciles_fails_and_passes_at_exactly_the_tolerance(printed_total, status):
    rows = reconcile([_grants(printed_total)])
    r = one(rows, check_kind="column_sum", rule="total_of_rows_above")
    assert r["stated_value"] == pytest.approx(_number(printed_total)[0])
    assert r["computed_value"] == pytest.approx(4.6)
    assert r["tolerance"] == pytest.approx(0.1)
    assert r["status"] == status
    assert r["source_line"] == 103
    assert r["line_items"] == "Inkomstutjämningsbidrag + Läkemedelsbidrag"


def test_whole_number_total_gets_tolerance_one():
    t = (Table("budget_frame", [("Budget 2021", "budget")])
         .row("A", "-17 332").row("B", "-4 112").row("Totalt, tkr", "-21 445", total=True))
    r = one(reconcile([t]), check_kind="column_sum")
    assert (r["computed_value"], r["difference"], r["tolerance"], r["status"]) == (-21444, -1, 1, "pass")


def test_subtotals_and_grand_totals_follow_the_table_structure():
    # balance-sheet shape: two blocks with their own Summa, a Summa of the subtotals, and
    # a Totalt that adds a subtotal and a row outside it
    t = (Table("balance_sheet", [("Bokslut 2021", "prior_outcome")])
         .row("Mark", "10,0", section_label="Anläggningstillgångar").row("Maskiner", "5,0", section_label="Anläggningstillgångar")
         .row("Summa anläggningstillgångar", "15,0", total=True, section_label="Anläggningstillgångar")
         .row("Förråd", "1,0", section_label="Omsättningstillgångar").row("Kassa", "2,5", section_label="Omsättningstillgångar")
         .row("Summa omsättningstillgångar", "3,5", total=True, section_label="Omsättningstillgångar")
         .row("Summa tillgångar", "18,6", total=True))
    rows = reconcile([t])
    assert one(rows, subject="Summa omsättningstillgångar | Bokslut 2021")["computed_value"] == pytest.approx(3.5)
    grand = one(rows, subject="Summa tillgångar | Bokslut 2021")
    assert grand["rule"] == "grand_total_of_top_level_rows"
    assert grand["computed_value"] == pytest.approx(18.5)
    assert grand["status"] == "pass"  # 0,1 off: the printed precision

    fs = (Table("committee_deviation", [("Avvikelse", "deviation")])
          .row("VO 1", "-10,1").row("VO 2", "64,0").row("Summa verksamhetsområden", "53,9", total=True)
          .row("Regionens åtagande", "16,2").row("Totalt nämnd", "71,5", total=True))
    total = one(reconcile([fs]), subject="Totalt nämnd | Avvikelse")
    assert total["computed_value"] == pytest.approx(70.1)
    assert total["line_items"] == "Summa verksamhetsområden + Regionens åtagande"
    assert total["status"] == "fail"


def test_table_continued_after_a_page_break_is_one_table():
    first = (Table("other", [("Årsarbetare", "other")], start=100, title="Förändring av antal årsarbetare",
                   header="Förändring | Årsarbetare")
             .row("Sjukfrånvaro", "- 41,6").row("Föräldraledig", "+ 30,4"))
    cont = (Table("other", [("Årsarbetare", "other")], start=110, title=None, header="Förändring | Årsarbetare")
            .row("Övrig frånvaro", "+ 6,4").row("Summa förändring frånvaro", "- 2,8", total=True))
    r = one(reconcile([first, cont]), check_kind="column_sum")
    assert (r["stated_value"], r["computed_value"], r["status"]) == (-2.8, pytest.approx(-4.8), "fail")


def test_rows_whose_column_is_unknown_skip_the_check_instead_of_a_false_sum():
    t = _grants("4,6")
    t.rows.insert(1, dict(label="Kostnadsutjämningsavgift", cells=(), total=False, varav=False,
                          parent=None, section_label=None))
    lines = t.lines()
    orphan = dict(lines[0], financial_line_id="orphan", line_item="Kostnadsutjämningsavgift",
                  column_index=None, row_index=1, source_line=102, amount=9.0, amount_text="9,0")
    for line in lines:
        if line["row_index"] >= 1:
            line["row_index"] += 1

    class Fixed(Table):
        def lines(self):
            return lines + [orphan]
    rows = reconcile([Fixed("state_grants", [])])
    assert not [r for r in rows if r["check_kind"] == "column_sum"]


# --- varav breakdowns -------------------------------------------------------------------

def _culture(spira_2020: str) -> Table:
    return (Table("activity_volume", [("Utfall 2021-08", "outcome"), ("Utfall 2020-08", "prior_outcome")])
            .row("Publik", "2 204", "18 013")
            .row("varav Spira", "1 406", spira_2020, varav=True, parent="Publik")
            .row("varav övriga", "798", "5 194", varav=True, parent="Publik")
            .row("Antal besök", "195 678", "187 807")
            .row("Varav distanskontakter", "5 900", "662", varav=True, parent="Antal besök"))


def test_varav_rows_that_are_a_full_breakdown_are_checked_in_every_column():
    ok = [r for r in reconcile([_culture("12 819")]) if r["rule"] == "varav_breakdown"]
    assert {(r["subject"], r["status"]) for r in ok} == {
        ("Publik = sum of varav | Utfall 2021-08", "pass"), ("Publik = sum of varav | Utfall 2020-08", "pass")}
    off = one(reconcile([_culture("12 821")]), subject="Publik = sum of varav | Utfall 2020-08")
    assert (off["computed_value"], off["difference"], off["status"]) == (18015, -2, "fail")
    exact = one(reconcile([_culture("12 820")]), subject="Publik = sum of varav | Utfall 2020-08")
    assert (exact["difference"], exact["status"]) == (-1, "pass")


def test_a_single_varav_row_is_a_part_not_a_breakdown():
    rows = reconcile([_culture("12 819")])
    assert not [r for r in rows if "Antal besök" in r["subject"] and r["rule"] == "varav_breakdown"]


# --- row sums (total columns) -------------------------------------------------------------

def _frame(net: str) -> Table:
    cols = [("Externa intäkter", "budget"), ("Interna intäkter", "budget"), ("Summa intäktsbudget", "budget"),
            ("Personalkostnader", "budget"), ("Övriga kostnader", "budget"), ("Summa kostnadsbudget", "budget"),
            ("SUMMA NETTOBUDGET", "budget")]
    return Table("budget_frame", cols).row("Område", "90,5", "206,7", "297,2", "-207,5", "-484,8", "-692,3", net)


@pytest.mark.parametrize("net, status", [("-395,1", "pass"), ("-396,9", "fail"), ("-395,2", "pass")])
def test_total_columns_sum_the_columns_left_of_them(net, status):
    rows = [r for r in reconcile([_frame(net)]) if r["check_kind"] == "row_sum"]
    by_col = {r["subject"].split(" | ")[1]: r for r in rows}
    assert by_col["Summa intäktsbudget"]["computed_value"] == pytest.approx(297.2)
    assert by_col["Summa kostnadsbudget"]["line_items"] == "Personalkostnader + Övriga kostnader"
    assert by_col["SUMMA NETTOBUDGET"]["line_items"] == "Summa intäktsbudget + Summa kostnadsbudget"
    assert by_col["SUMMA NETTOBUDGET"]["computed_value"] == pytest.approx(-395.1)
    assert by_col["SUMMA NETTOBUDGET"]["status"] == status


# --- statement identities and deviations ---------------------------------------------------

def _income(net_cost: str, model: str | None = None, start: int = 100, doc: str = "doc_t") -> Table:
    return (Table("income_statement", [("Utfall 2021", "outcome")], start=start, doc=doc, accounting_model=model)
            .row("Verksamhetens intäkter", "2 279,8").row("Verksamhetens kostnader", "-9 968,0")
            .row("Avskrivningar", "-295,8").row("VERKSAMHETENS NETTOKOSTNAD", net_cost, total=True)
            .row("Skatteintäkter", "6 373,5").row("Generella statsbidrag o utjämningssystem", "2 100,1")
            .row("VERKSAMHETENS RESULTAT", "489,6", total=True)
            .row("Finansnetto tillgångar", "619,4").row("Finansnetto skulder", "-263,6")
            .row("RESULTAT EFTER FINANSIELLA POSTER", "845,4", total=True)
            .row("Extraordinära poster", "0,0").row("ÅRETS RESULTAT", "845,4", total=True))


@pytest.mark.parametrize("net_cost, status", [("-7 984,0", "pass"), ("-7 984,3", "fail"), ("-7 984,1", "pass")])
def test_income_statement_identities_by_wording(net_cost, status):
    rows = reconcile([_income(net_cost)])
    net = one(rows, rule="net_cost")
    assert net["computed_value"] == pytest.approx(-7984.0)
    assert net["status"] == status
    assert net["line_items"] == "Verksamhetens intäkter + Verksamhetens kostnader + Avskrivningar"
    if status == "pass":
        assert one(rows, rule="operating_result")["status"] == "pass"
        assert one(rows, rule="result_after_financial")["computed_value"] == pytest.approx(845.4)
        assert one(rows, rule="result_for_year")["status"] == "pass"
    # upper-case result lines are totals but not sum-labelled: no structural column sums
    assert not [r for r in rows if r["check_kind"] == "column_sum"]


def test_budget_minus_outcome_uses_each_statements_sign_convention():
    fs = (Table("committee_deviation", [("Utfall", "outcome"), ("Budget", "budget"), ("Avvikelse", "deviation")])
          .row("Privata vårdgivare", "-56,3", "-46,3", "-10,1")
          .row("Medicinsk vård", "-1 845,1", "-1 856,8", "11,5"))
    drift = (Table("operating_account", [("Utfall 2021", "outcome"), ("Prognos 2021", "forecast"),
                                         ("Budget 2021", "budget"), ("Avvikelse mot budget", "deviation")], start=200)
             .row("05 Utbildning", "33,4", "52,5", "53,79", "1,3"))
    rows = reconcile([fs, drift])
    private = one(rows, subject="Privata vårdgivare | Avvikelse")
    assert (private["computed_value"], private["status"]) == (pytest.approx(-10.0), "pass")
    med = one(rows, subject="Medicinsk vård | Avvikelse")
    assert (med["computed_value"], med["status"]) == (pytest.approx(11.7), "fail")
    edu = one(rows, subject="05 Utbildning | Avvikelse mot budget")
    assert edu["rule"] == "deviation_budget_minus_forecast"
    assert (edu["computed_value"], edu["status"]) == (pytest.approx(1.29), "pass")


# --- counts and shares ---------------------------------------------------------------------

def _summary(total: int, shares: tuple[str, str, str]) -> list[dict]:
    rows = []
    for i, (cat, n, share) in enumerate(zip(["met", "partly_met", "not_met"], [10, 9, 11], shares)):
        rows.append(dict(indicator_summary_id=f"s{i}", document_id="doc_t", section_id="sec_1", organisation="Org",
                         row_label=f"Antal {cat}", category=cat, period_label="2021-08-31", measure_count=n,
                         share_text=share, share_pct=_number(share)[0], source_line=10 + i))
    rows.append(dict(indicator_summary_id="st", document_id="doc_t", section_id="sec_1", organisation="Org",
                     row_label="Totalt antal mätetal", category="total", period_label="2021-08-31",
                     measure_count=total, share_text="100%", share_pct=100.0, source_line=13))
    return rows


def test_counts_add_up_to_the_printed_total_exactly():
    assert one(reconcile(summary=_summary(30, ("33%", "30%", "37%"))), check_kind="count_total")["status"] == "pass"
    off = one(reconcile(summary=_summary(31, ("33%", "30%", "37%"))), check_kind="count_total")
    assert (off["stated_value"], off["computed_value"], off["tolerance"], off["status"]) == (31, 30, 0, "fail")


def test_shares_equal_count_over_total_within_one_point():
    rows = reconcile(summary=_summary(30, ("33%", "30%", "37%")))
    assert {r["status"] for r in rows if r["check_kind"] == "share"} == {"pass"}
    met = one(rows, subject="Org: Antal met | 2021-08-31")
    assert (met["computed_value"], met["tolerance"]) == (pytest.approx(33.3333, abs=1e-4), 1)
    exact = one(reconcile(summary=_summary(30, ("33%", "31%", "37%"))), subject="Org: Antal partly_met | 2021-08-31")
    assert (exact["difference"], exact["status"]) == (pytest.approx(1), "pass")


def test_share_two_points_off_fails():
    off = one(reconcile(summary=_summary(30, ("33%", "32%", "35%"))), subject="Org: Antal partly_met | 2021-08-31")
    assert (off["stated_value"], off["computed_value"], off["status"]) == (32, 30, "fail")


# --- change columns ------------------------------------------------------------------------

def _volumes(change: str, label: str = "Publik barn", values=("242", "6 824")) -> Table:
    return (Table("activity_volume", [("Utfall 2021-08", "outcome"), ("Utfall 2020-08", "prior_outcome"),
                                      ("Förändring % 2021-2020", "change_pct")])
            .row(label, values[0], values[1], change))


def test_relative_change_with_tolerance_from_printed_precision():
    ok = one(reconcile([_volumes("-96 %")]), check_kind="change_pct")
    assert ok["rule"] == "relative_change"
    assert ok["computed_value"] == pytest.approx(-96.4537, abs=1e-4)
    assert ok["status"] == "pass"
    bad = one(reconcile([_volumes("-97 %")]), check_kind="change_pct")  # 0,55 off, half a unit + input rounding 0,51
    assert bad["tolerance"] == pytest.approx(0.5 + 50 * (242 + 6824) / 6824 ** 2, abs=1e-6)
    assert bad["status"] == "fail"


def test_percentage_points_detected_for_percent_inputs_and_share_rows():
    pct = one(reconcile([_volumes("1,23 %", "Andel distanskontakter", ("1,39 %", "0,16 %"))]), check_kind="change_pct")
    assert (pct["rule"], pct["computed_value"], pct["status"]) == ("percentage_points", pytest.approx(1.23), "pass")
    share = one(reconcile([_volumes("+5%", "Andel regelbundna resenärer (% av länets invånare)", ("20", "15"))]),
                check_kind="change_pct")
    assert (share["rule"], share["status"]) == ("percentage_points", "pass")
    assert share["note"].startswith("share row")
    # the same share row printed as a relative change is read as one
    rel = one(reconcile([_volumes("-29 %", "Andel regelbundna resenärer (% av länets invånare)", ("15", "21"))]),
              check_kind="change_pct")
    assert (rel["rule"], rel["status"]) == ("relative_change", "pass")


# --- cross-table -----------------------------------------------------------------------------

def test_same_figure_in_body_and_appendix_must_agree():
    body = (Table("income_statement", [("Utfall Tertial 2:2021", "outcome")], start=100)
            .row("Verksamhetens nettokostnad", "-7 984").row("Skatteintäkter", "6 374"))
    appendix = (Table("income_statement", [("Tertialutfall 2021T2", "outcome")], start=500, accounting_model="fullfond")
                .row("VERKSAMHETENS NETTOKOSTNAD", "-7 984,0").row("Skatteintäkter", "6 372,5"))
    other_model = (Table("income_statement", [("Tertialutfall 2021T2", "outcome")], start=600,
                         accounting_model="blandmodell").row("Skatteintäkter", "9 999,0"))
    rows = [r for r in reconcile([body, appendix, other_model]) if r["check_kind"] == "cross_table"]
    assert {(r["subject"], r["status"]) for r in rows} == {
        ("VERKSAMHETENS NETTOKOSTNAD | Tertialutfall 2021T2", "pass"),
        ("Skatteintäkter | Tertialutfall 2021T2", "fail")}   # 6 372,5 vs 6 374: 1,5 > 1
    tax = one(rows, subject="Skatteintäkter | Tertialutfall 2021T2")
    assert (tax["stated_value"], tax["computed_value"], tax["tolerance"]) == (6372.5, 6374, 1)


def test_volume_tables_of_different_units_are_not_compared_but_reprints_are():
    a = (Table("activity_volume", [("Utfall 2021-08", "outcome")], start=100, section="s_region")
         .row("Vårdplatser", "531").row("Vårdtid", "112 822").row("Läkarbesök", "227 276"))
    other_unit = (Table("activity_volume", [("Utfall 2021-08", "outcome")], start=200, section="s_region")
                  .row("Vårdplatser", "115").row("Vårdtid", "23 714").row("Besök", "64 226"))
    reprint = (Table("activity_volume", [("Utfall 2021-08", "outcome")], start=900, section="s_unit")
               .row("Vårdplatser", "531").row("Vårdtid", "112 822").row("Läkarbesök", "227 267"))
    rows = [r for r in reconcile([a, other_unit, reprint]) if r["check_kind"] == "cross_table"]
    assert all(r["source_line"] > 900 for r in rows)
    assert {(r["subject"], r["status"]) for r in rows} == {
        ("Vårdplatser | Utfall 2021-08", "pass"), ("Vårdtid | Utfall 2021-08", "pass"),
        ("Läkarbesök | Utfall 2021-08", "fail")}


# --- the mart ----------------------------------------------------------------------------------

def test_check_ids_are_deterministic_and_unique():
    tables = [_grants("4,6"), _frame("-396,9"), _income("-7 984,0", start=300)]
    first = reconcile(tables)
    second = reconcile(list(reversed(tables)))
    assert sorted(r["check_id"] for r in first) == sorted(r["check_id"] for r in second)
    assert len({r["check_id"] for r in first}) == len(first)
    for r in first:
        assert r["difference"] == pytest.approx(r["stated_value"] - r["computed_value"])
        assert (r["status"] == "pass") == (abs(r["difference"]) <= r["tolerance"] + 1e-9)


# --- layouts of other regions -----------------------------------------------------------

@pytest.mark.parametrize("printed, status", [("+8", "pass"), ("-8", "fail")])
def test_deviation_follows_the_tables_own_cost_sign(printed, status):
    # an operating account printing net costs negative: Avvikelse = Prognos - Budget
    t = (Table("operating_account", [("Budget", "budget"), ("Prognos", "forecast"), ("Avvikelse", "deviation")])
         .row("Kulturnämnden", "-410", "-402", printed).row("Tandvårdsnämnden", "-96", "-99", "-3"))
    r = one(reconcile([t]), check_kind="identity", subject="Kulturnämnden | Avvikelse")
    assert r["rule"] == "deviation_forecast_minus_budget" and r["computed_value"] == pytest.approx(8)
    assert r["status"] == status


@pytest.mark.parametrize("printed, status", [("-311 300", "pass"), ("-311 900", "fail")])
def test_net_cost_column_against_income_and_cost_columns(printed, status):
    t = (Table("budget_frame", [("Intäkter Budget 2025", "budget"), ("Kostnader Budget 2025", "budget"),
                                ("Nettokostnad Budget 2025", "budget")])
         .row("Linjetrafik", "201 000", "-512 300", printed))
    r = one(reconcile([t]), rule="net_cost_of_income_and_cost_columns")
    assert r["computed_value"] == pytest.approx(-311300) and r["status"] == status


def test_change_column_without_years_compares_the_two_value_columns():
    t = (Table("activity_volume", [("jan–mar 2022", "outcome"), ("jan–mar 2021", "prior_outcome"),
                                   ("Förändring, %", "change_pct")])
         .row("Besök i primärvården", "104 500", "100 200", "4,3"))
    r = one(reconcile([t]), check_kind="change_pct", subject="Besök i primärvården | Förändring, %")
    assert r["computed_value"] == pytest.approx(4.29, abs=0.01) and r["status"] == "pass"
