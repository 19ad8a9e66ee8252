"""`warehouse export` on a real published build: files read back with their own readers."""
from __future__ import annotations

import csv

import duckdb
import pytest

from conftest import run_warehouse

pytestmark = pytest.mark.e2e

KOLADA_COLUMNS = ["kpi_id", "kpi_title", "organisation", "region", "period", "period_end_date", "gender",
                  "value", "unit", "status", "target", "document_id", "source_line"]


def _counts(db) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.sql(f'select count(*) from marts."{t}"').fetchone()[0] for (t,) in con.sql(
            "select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    finally:
        con.close()


def test_xlsx_has_a_sheet_per_mart_and_the_column_descriptions(built_warehouse, tmp_path):
    import openpyxl

    res = run_warehouse("export", "--format", "xlsx", "--database", str(built_warehouse), "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    counts = _counts(built_warehouse)
    wb = openpyxl.load_workbook(tmp_path / "warehouse.xlsx", read_only=True)
    assert wb.sheetnames[0] == "columns"
    assert sorted(wb.sheetnames[1:]) == sorted(counts)
    for mart in ("fct_indicator_value", "fct_decision", "dim_document"):
        rows = list(wb[mart].iter_rows(values_only=True))
        assert len(rows) - 1 == counts[mart] > 0, mart
    header = list(wb["fct_indicator_value"].iter_rows(max_row=1, values_only=True))[0]
    assert header[:3] == ("indicator_value_id", "indicator_id", "document_id")
    described = list(wb["columns"].iter_rows(values_only=True))
    assert described[0] == ("table", "table_description", "column", "type", "description")
    by_column = {(r[0], r[2]): r[4] for r in described[1:]}
    assert by_column[("fct_indicator_value", "result_value")]
    assert all(by_column.values()), [k for k, v in by_column.items() if not v][:5]
    # numbers stay numbers
    values = list(wb["fct_indicator_value"].iter_rows(min_row=2, values_only=True))
    i = header.index("result_value")
    assert any(isinstance(r[i], (int, float)) for r in values)


def test_kolada_long_table_reads_back(built_warehouse, tmp_path):
    res = run_warehouse("export", "--format", "kolada", "--database", str(built_warehouse), "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "kolada.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == KOLADA_COLUMNS
    con = duckdb.connect(str(built_warehouse), read_only=True)
    expected = con.sql("select count(*) from marts.fct_indicator_value where result_value is not null"
                       + (" and is_latest" if con.sql(
                           "select count(*) from duckdb_columns() where table_name = 'fct_indicator_value' "
                           "and column_name = 'is_latest'").fetchone()[0] else "")).fetchone()[0]
    one = con.sql("select indicator_name, result_value, unit from marts.fct_indicator_value "
                  "where result_value is not null order by document_id, source_line limit 1").fetchone()
    con.close()
    assert len(rows) == expected > 10
    assert {r["gender"] for r in rows} == {"T"}
    assert all(r["kpi_id"] and r["kpi_title"] and r["period"] for r in rows)
    float_values = [float(r["value"]) for r in rows]
    assert len(float_values) == len(rows)
    assert any(r["kpi_title"] == one[0] and float(r["value"]) == one[1] and (r["unit"] or None) == one[2]
               for r in rows)


def test_stratsys_goals_activities_measures(built_warehouse, tmp_path):
    res = run_warehouse("export", "--format", "stratsys", "--database", str(built_warehouse), "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    for kind in ("goals", "activities", "measures"):
        with open(tmp_path / f"stratsys_{kind}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows, kind
        assert list(rows[0])[:4] == ["external_id", "parent_external_id", "object_type", "name"]
        assert {r["object_type"] for r in rows} == {kind.rstrip("s").replace("activitie", "activity")}
        assert {r["status_colour"] for r in rows} <= {"green", "yellow", "red", "none"}
    with open(tmp_path / "stratsys_measures.csv", encoding="utf-8", newline="") as f:
        measures = list(csv.DictReader(f))
    assert any(r["target"] and r["outcome"] and r["status"] == "not_met" and r["status_colour"] == "red"
               for r in measures)


@pytest.mark.parametrize("fmt,suffix", [("csv", ".csv"), ("parquet", ".parquet")])
def test_csv_and_parquet_one_file_per_mart(small_published, tmp_path, fmt, suffix):
    res = run_warehouse("export", "--format", fmt, "--database", str(small_published), "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    counts = _counts(small_published)
    assert sorted(p.stem for p in tmp_path.glob(f"*{suffix}")) == sorted(counts)
    con = duckdb.connect()
    reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
    n = con.sql(f"select count(*) from {reader}('{tmp_path / ('dim_document' + suffix)}')").fetchone()[0]
    assert n == counts["dim_document"] > 0


def test_export_of_a_missing_database_says_so(tmp_path):
    res = run_warehouse("export", "--format", "csv", "--database", str(tmp_path / "none.duckdb"),
                        "--out", str(tmp_path / "out"))
    assert res.returncode == 1
    assert "does not exist" in res.stderr
