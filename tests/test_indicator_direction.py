"""Which way an indicator should move (indicators.status): from the printed trend (arrow and
judgement, seed indicators_trend_words) or the name's words (seed indicators_direction_words),
and 'unknown' rather than a guess when nothing says it. Invented rows."""
from __future__ import annotations

import pytest

from ingest.document import Document, Section, SectionIndex
from ingest.extract import indicators
from ingest.extract.indicators.status import derive_status, direction_of, trend_direction
from ingest.extract.indicators.values import parse_cell
from tests.layout_helpers import aligned

ENDS = [62, 74, 84, 90, 104]


@pytest.mark.parametrize("trend,direction", [
    ("↓ Förbättring", "lower"), ("↑ Försämring", "lower"), ("↑ Förbättring", "higher"),
    ("↓  försämring", "higher"), ("↗ Förbättrad", "higher"), ("→ Oförändrat", None), ("Förbättring", None),
    ("↑", None), (None, None),
])
def test_trend_arrow_and_judgement_give_the_direction(trend, direction):
    assert trend_direction(trend) == direction


def test_trend_beats_the_generic_share_default_but_not_an_operator():
    assert direction_of("Andel återinläggningar, %", parse_cell("10"), "↓ Förbättring") == ("lower", "trend")
    assert direction_of("Andel återinläggningar, %", parse_cell("högst 10"), "↑ Förbättring")[1] == "operator"
    assert direction_of("Andel återinläggningar, %", parse_cell("10")) == ("higher", "name")


def test_staff_turnover_is_lower_is_better_and_unknown_names_stay_unknown():
    st, d, src = derive_status("Personalomsättning, andel %", parse_cell("8,0"), parse_cell("9,8"), None, None)
    assert (st.status, d, src) == ("not_met", "lower", "name")
    st, d, _ = derive_status("Antal utbildade handledare", parse_cell("120"), parse_cell("140"), None, None)
    assert (st.status, st.source, d) == ("unknown", "none", None)


def _kpis(rows: list[tuple[str, str, str, str, str]]) -> list[dict]:
    lines = ["Uppföljning av mål", "",
             aligned("Indikator", ["Period", "Utfall", "Mål", "Trend", ""], ENDS).rstrip(), ""]
    for name, period, result, target, trend in rows:
        lines.append(name)
        lines.append(aligned("", [period, result, target, trend.split()[0], trend.split()[1] if " " in trend else None], ENDS))
    text = "\n".join(lines)
    ls = tuple(text.split("\n"))
    doc = Document("doc1", "x.txt", "0", 0, text, lines=ls)
    idx = SectionIndex([Section("s1", "doc1", "interim_report", "t", 1, len(ls))])
    return indicators.extract(doc, idx)["indicator_value"]


def test_column_table_rows_take_the_direction_of_their_trend_column():
    rows = _kpis([("Väntetid till första besök, dagar", "T1 2025", "34", "30", "↓ Förbättring"),
                  ("Antal digitala vårdmöten", "T1 2025", "1 900", "2 000", "↓ Försämring"),
                  ("Personalomsättning, andel %", "jan–apr 2025", "11,2", "9,0", "→ Oförändrat")])
    got = {r["indicator_name"]: (r["direction"], r["direction_source"], r["status"]) for r in rows}
    assert got["Väntetid till första besök, dagar"] == ("lower", "trend", "not_met")
    assert got["Antal digitala vårdmöten"] == ("higher", "trend", "not_met")
    assert got["Personalomsättning, andel %"] == ("lower", "name", "not_met")
    assert {r["period_label"] for r in rows} == {"T1 2025", "jan–apr 2025"}


@pytest.mark.parametrize("header,period", [("Utfall T1 2024", "T1 2024"), ("Resultat jan–aug 2023", "jan–aug 2023"),
                                           ("Utfall 2024-08-31", "2024-08-31")])
def test_tsv_result_header_gives_the_period(header, period):
    text = f"Indikatorer\nIndikator\tMålvärde\t{header}\nAndel nöjda patienter, %\t85\t88\nPersonalomsättning, %\t8,0\t7,1\n"
    ls = tuple(text.split("\n"))
    doc = Document("doc1", "x.txt", "0", 0, text, lines=ls)
    idx = SectionIndex([Section("s1", "doc1", "interim_report", "t", 1, len(ls))])
    rows = indicators.extract(doc, idx)["indicator_value"]
    assert [(r["period_label"], r["status"]) for r in rows] == [(period, "met"), (period, "met")]
