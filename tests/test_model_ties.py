"""Models that pick one row or value among several keep the same one whatever order their
input rows arrive in. The SQL under test is the real model SQL, rendered as dbt would
(test_reconciliation._render), run on small hand-made tables that are written once in
order and once reversed; both runs must give the same rows, and the rows the rule names.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from test_reconciliation import _render

REPO = Path(__file__).resolve().parent.parent
DIM_INDICATOR = REPO / "models" / "marts" / "indicators" / "dim_indicator.sql"
DIM_GOAL = REPO / "models" / "marts" / "activities" / "dim_goal.sql"


def _run(model: Path, inputs: dict[str, tuple[dict[str, str], list[tuple]]], reverse: bool) -> list[tuple]:
    """The model on `inputs` ("schema.table" -> (columns, rows)), rows written in order or reversed."""
    con = duckdb.connect()
    con.execute("set threads = 4")
    for schema in ("intermediate", "marts", "reference"):
        con.execute(f"create schema {schema}")
    # models read a document's staging rows through admitted(), which leaves quarantined ones out
    con.execute("create table marts.stg_raw__quarantine (document_id varchar)")
    for name, (columns, rows) in inputs.items():
        con.execute(f"create table {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
        for row in reversed(rows) if reverse else rows:
            con.execute(f"insert into {name} values ({', '.join('?' for _ in columns)})", list(row))
    out = con.sql(f"select * from ({_render(model)}) order by all").fetchall()
    con.close()
    return out


INDICATOR_COLUMNS = {"indicator_id": "varchar", "indicator_key": "varchar", "indicator_name": "varchar",
                     "unit": "varchar", "unit_text": "varchar", "direction": "varchar", "document_id": "varchar",
                     "organisation": "varchar", "period_end_date": "date"}


def _value(indicator: str, name: str, document: str, period: str, unit: str = "percent") -> tuple:
    return (indicator, f"key {indicator}", name, unit, "%", "higher_is_better", document, "Region X", period)


def test_dim_indicator_breaks_a_tie_between_printed_names_the_same_way_in_any_order():
    values = [
        # ind_a: two names printed twice each; the later period's name is kept
        _value("ind_a", "Andel nöjda (17,0)", "doc1", "2023-12-31"),
        _value("ind_a", "Andel nöjda (17,0)", "doc2", "2023-12-31"),
        _value("ind_a", "Andel nöjda (7,0)", "doc3", "2024-12-31"),
        _value("ind_a", "Andel nöjda (7,0)", "doc4", "2024-12-31"),
        # ind_b: a tie in count and period: the first name in sort order
        _value("ind_b", "Väntetid (7,0)", "doc1", "2024-12-31", unit="days"),
        _value("ind_b", "Väntetid (17,0)", "doc2", "2024-12-31", unit="percent"),
        # ind_c: the name printed most often wins, whatever the periods
        _value("ind_c", "Sjukfrånvaro", "doc1", "2022-12-31"),
        _value("ind_c", "Sjukfrånvaro", "doc2", "2022-12-31"),
        _value("ind_c", "Sjukfrånvaron", "doc3", "2024-12-31"),
    ]
    inputs = {"intermediate.int_indicator_values_deduplicated": (INDICATOR_COLUMNS, values)}
    forward, backward = _run(DIM_INDICATOR, inputs, False), _run(DIM_INDICATOR, inputs, True)
    assert forward == backward
    chosen = {r[0]: (r[2], r[3]) for r in forward}
    assert chosen == {"ind_a": ("Andel nöjda (7,0)", "percent"),
                      "ind_b": ("Väntetid (17,0)", "days"),
                      "ind_c": ("Sjukfrånvaro", "percent")}
    name_variants = {r[0]: r[6] for r in forward}
    assert name_variants == {"ind_a": 2, "ind_b": 2, "ind_c": 2}


GOAL_COLUMNS = {c: "varchar" for c in (
    "goal_id", "parent_goal_id", "root_goal_id", "document_id", "section_id", "organisation", "goal_kind",
    "goal_label", "goal_number", "goal_title", "goal_path", "perspective", "report_period", "narrative",
    "status", "status_evidence")} | {"goal_level": "integer", "goal_depth": "integer", "hedged": "boolean",
                                     "source_line": "integer"}


def _goal(goal_id: str, section: str, line: int, narrative: str) -> tuple:
    row = {c: None for c in GOAL_COLUMNS} | {
        "goal_id": goal_id, "root_goal_id": goal_id, "document_id": "doc1", "section_id": section,
        "goal_kind": "goal", "goal_level": 1, "goal_depth": 1, "goal_title": "Trygg vård",
        "goal_path": "Trygg vård", "narrative": narrative, "status": "done", "hedged": False, "source_line": line}
    return tuple(row[c] for c in GOAL_COLUMNS)


def test_dim_goal_keeps_the_first_printing_and_names_every_report_that_printed_it():
    goals = [_goal("g1", "s2", 300, "third"), _goal("g1", "s1", 100, "first"), _goal("g1", "s1", 200, "second"),
             _goal("g1", "s3", 250, "in a section without a path"), _goal("g2", "s9", 50, "alone")]
    inputs = {
        "intermediate.int_activity_goals_pathed": (GOAL_COLUMNS, goals),
        "intermediate.int_activities_section_paths": (
            {"section_id": "varchar", "section_path": "varchar"},
            [("s1", "Årsrapport › Mål"), ("s2", "Enhetsrapport › Mål"), ("s3", None)]),
        "marts.dim_section": ({"section_id": "varchar", "region": "varchar"}, [("s1", "Region X")]),
    }
    forward, backward = _run(DIM_GOAL, inputs, False), _run(DIM_GOAL, inputs, True)
    assert forward == backward
    cols = list(GOAL_COLUMNS)
    out_cols = ["goal_id", "parent_goal_id", "root_goal_id", "document_id", "section_id", "region",
                "organisation", "goal_kind", "goal_label", "goal_level", "goal_depth", "goal_number",
                "goal_title", "goal_path", "perspective", "report_period", "narrative", "status",
                "status_evidence", "hedged", "printed_count", "printed_in", "source_line"]
    rows = {r[0]: dict(zip(out_cols, r)) for r in forward}
    assert len(forward) == 2 and set(cols) <= set(out_cols)
    g1, g2 = rows["g1"], rows["g2"]
    assert (g1["source_line"], g1["narrative"], g1["section_id"], g1["region"]) == (100, "first", "s1", "Region X")
    assert g1["printed_count"] == 4
    assert g1["printed_in"] == "Enhetsrapport › Mål | Årsrapport › Mål"  # distinct, in sort order
    assert (g2["printed_count"], g2["printed_in"], g2["region"]) == (1, None, None)


ITEMS = REPO / "models" / "intermediate" / "activities" / "int_activity_items_deduplicated.sql"


def test_activity_items_keep_the_first_decided_printing_and_list_every_printing():
    item_cols = {"document_id": "varchar", "section_id": "varchar", "goal_line": "integer",
                 "activity": "varchar", "status": "varchar", "analysis": "varchar", "source_line": "integer"}
    items = [
        ("doc1", "s2", 5, "VO Rekrytera sjuksköterskor", "unknown", "first, undecided", 9),
        ("doc1", "s1", 5, "Rekrytera sjuksköterskor.", "done", "second, decided", 10),
        ("doc1", "s1", 5, "rekrytera  sjuksköterskor", "in_progress", "third", 120),
        ("doc1", "s1", 5, "Bygga om akuten", None, "only printing", 30),
    ]
    inputs = {
        "marts.stg_raw__activity_items": (item_cols, items),
        "intermediate.int_activity_goals_pathed": (
            {"document_id": "varchar", "source_line": "integer", "goal_id": "varchar", "goal_title": "varchar",
             "goal_path": "varchar"}, [("doc1", 5, "g1", "Trygg vård", "Trygg vård")]),
        "intermediate.int_activities_section_paths": (
            {"section_id": "varchar", "section_path": "varchar"},
            [("s1", "Årsrapport › Mål"), ("s2", "Enhetsrapport › Mål")]),
    }
    forward, backward = _run(ITEMS, inputs, False), _run(ITEMS, inputs, True)
    assert forward == backward
    cols = list(item_cols) + ["goal_id", "goal_title", "goal_path", "section_path", "activity_key",
                                     "activity_status_id", "printed_count", "status_variants", "printed_in",
                                     "printed_lines"]
    rows = {r[cols.index("activity_key")]: dict(zip(cols, r)) for r in forward}
    assert set(rows) == {"rekrytera sjuksköterskor", "bygga om akuten"}
    kept = rows["rekrytera sjuksköterskor"]
    assert (kept["source_line"], kept["status"], kept["analysis"]) == (10, "done", "second, decided")
    assert (kept["printed_count"], kept["status_variants"]) == (3, 3)
    assert kept["printed_in"] == "Enhetsrapport › Mål | Årsrapport › Mål"
    assert kept["printed_lines"] == "9, 10, 120"  # in line order, not text order
    alone = rows["bygga om akuten"]
    assert (alone["printed_count"], alone["status_variants"], alone["printed_lines"]) == (1, 0, "30")
