"""Unit tests: tab-separated KPI tables and HTML series in cells (indicators_tsv)."""
from __future__ import annotations

from ingest.extract.indicators.tsv import tsv_rows

T = "\t"

# 000 L1038-1042 (shortened analysis cells)
REAL = "\n".join([
    "",
    T.join(["Mätetal", "Målvärde", "Resultat", "Analys"]),
    T.join(["Antal påstigande/mil", "9,2", "3,7 ■", "Statistiken är bristfällig."]),
    T.join(["Antal resor 2021 ska öka jfm 2020", "Öka jfm 2020", "-36 % ■", "Akkumulerat från årsskiftet."]),
    "",
])


def _rows(text: str):
    lines = tuple(text.split("\n"))
    return tsv_rows(lines, 1, len(lines))


def test_real_rows():
    rows = _rows(REAL)
    assert [(r.raw_name, r.target_raw, r.result_raw, r.line) for r in rows] == [
        ("Antal påstigande/mil", "9,2", "3,7 ■", 3),
        ("Antal resor 2021 ska öka jfm 2020", "Öka jfm 2020", "-36 % ■", 4),
    ]


def test_variant_columns_swapped_with_header_and_a_row_added():
    text = REAL.replace("Mätetal\tMålvärde\tResultat", "Mätetal\tResultat\tMålvärde") + \
        T.join(["Prisvärdhet", "45 %", "50 %", "x"]) + "\n"
    rows = _rows(text)
    assert rows[0].target_raw == "3,7 ■" and rows[0].result_raw == "9,2"
    assert rows[-1].raw_name == "Prisvärdhet" and rows[-1].target_raw == "50 %"


def test_name_wrapped_over_a_page_break_and_continuation_rows():
    # 000 L1676-1682: the name continues after the repeated header
    text = "\n".join([
        T.join(["Mätetal", "Målvärde", "Resultat", "Analys"]),
        T.join(["Kostnad för bemanningsföretag (hyrkostnad som", "2 %", "2,9 % ", "Utfallet ligger över målnivån."]),
        "",
        T.join(["Mätetal", "Målvärde", "Resultat", "Analys"]),
        T.join(["andel av egna personalkostnader)", "", "", "lönkostnaderna också ökat."]),
        T.join(["", "", "", "<p>Mer text.</p>"]),
    ])
    (r,) = _rows(text)
    assert r.raw_name == "Kostnad för bemanningsföretag (hyrkostnad som andel av egna personalkostnader)"
    assert r.comment.endswith("Mer text.")


def test_plan_table_without_result_column():
    text = "\n".join([T.join(["Mätetal", "Målvärde"]),
                      T.join(["Antal medarbetare som har avtal om distansarbete.", "Fler avtal än hösten 2020"])])
    (r,) = _rows(text)
    assert r.has_result_column is False and r.result_raw is None
    assert r.target_raw == "Fler avtal än hösten 2020"


HTML = ("<table border=\"1\"> <caption>Data for 'Publik'</caption> <thead> <tr> <th>Period</th> "
        "<th>Målvärde</th> <th>Resultat</th> </tr> </thead> <tbody> <tr> <td>T2 2020</td> <td>13 000</td> "
        "<td>6 824</td> </tr> <tr> <td>T2 2021</td> <td>13 750</td> <td>242</td> </tr> </tbody> </table>")


def test_monthly_report_series_read_once_with_expanded_lines():
    # 000 L280-298: the series is in the Diagram cell and again as plain rows below
    text = "\n".join([
        T.join(["Mätetal", "Resultat", "Analys", "Diagram"]),
        T.join(["♂ Publik vid föreställningar för barn och ungdom", "242", "Under tertial 2.", HTML,
                "Period", "Målvärde", "Resultat", "T2 2020", "13 000", "6 824"]),
        T.join(["Period", "Målvärde", "Resultat", ""]),
        T.join(["T2 2020", "13 000", "6 824", ""]),
        T.join(["T2 2021", "13 750", "242", ""]),
    ])
    rows = _rows(text)
    kpi = [r for r in rows if r.encoding == "tsv"]
    series = [r for r in rows if r.encoding == "html_series"]
    assert len(kpi) == 1 and kpi[0].has_target_column is False
    assert [(s.period_label, s.target_raw, s.result_raw, s.line) for s in series] == [
        ("T2 2020", "13 000", "6 824", 4), ("T2 2021", "13 750", "242", 5)]


def test_chart_table_with_years_as_columns_is_not_a_series():
    chart = ("<table> <thead> <tr> <th>Månad</th> <th>2020</th> <th>2021</th> </tr> </thead> <tbody> "
             "<tr> <td>Jan</td> <td>5.2</td> <td>5.8</td> </tr> </tbody> </table>")
    text = "\n".join([
        T.join(["Mätetal", "Målvärde", "Resultat", "Analys"]),
        T.join(["Personalhälsa - sjukfrånvaro", "5,9 %", "5,3 % ", "Text."]),
        T.join(["", "", "", chart]),
        T.join(["Månad", "2020", "2021", ""]),
        T.join(["Jan", "5.2", "5.8", ""]),
    ])
    rows = _rows(text)
    assert [(r.raw_name, r.encoding) for r in rows] == [("Personalhälsa - sjukfrånvaro", "tsv")]
