"""The project's contract check (ingest/contract.py) on small hand-made warehouses: each
kind of breach is found and named. The check on the real build is in test_build_e2e.py."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest import contract

SQL = {"varchar": "VARCHAR", "integer": "INTEGER", "double": "DOUBLE", "date": "DATE",
       "timestamp": "TIMESTAMP", "boolean": "BOOLEAN"}


def make_marts(path: Path) -> duckdb.DuckDBPyConnection:
    """Every contract table with exactly its columns and types, and one valid row in each."""
    con = duckdb.connect(str(path))
    con.sql("create schema marts")
    for table, columns in contract.tables().items():
        con.sql(f"create table marts.{table} (" + ", ".join(
            f'"{c}" {"VARCHAR" if isinstance(t, dict) else SQL[t]}' for c, t in columns.items()) + ")")
        row = [f"'{t['enum'][0]}'" if isinstance(t, dict) else f"'{table}-{c}'" if t == "varchar" else "null"
               for c, t in columns.items()]
        con.sql(f"insert into marts.{table} values ({', '.join(row)})")
    return con


@pytest.fixture
def marts(tmp_path):
    con = make_marts(tmp_path / "w.duckdb")
    yield con
    con.close()


def test_the_contract_lives_in_the_repository():
    assert contract.CONTRACT.is_relative_to(Path(__file__).resolve().parent.parent)
    tables = contract.tables()
    assert {"dim_document", "fct_indicator_value", "dq_reconciliation", "meta_build_run"} <= set(tables)
    assert all(set(spec) == {"enum"} if isinstance(spec, dict) else spec in contract.TYPES
               for columns in tables.values() for spec in columns.values())
    assert contract.enums()["meta_build_run"] == {"status": ("published", "failed")}


def test_a_warehouse_shaped_as_the_contract_passes(marts):
    assert contract.check(marts) == []


def test_missing_table_and_column_are_named(marts):
    marts.sql("drop table marts.fct_case_event")
    marts.sql("alter table marts.fct_meeting drop column place")
    assert set(contract.check(marts)) == {"marts.fct_case_event: missing", "marts.fct_meeting.place: missing column"}


def test_wrong_type_value_outside_enum_and_duplicate_key(marts):
    marts.sql("alter table marts.fct_financial_line alter amount type varchar")
    marts.sql("update marts.fct_activity_status set status = 'finished'")
    marts.sql("insert into marts.fct_meeting select * from marts.fct_meeting")
    marts.sql("insert into marts.fct_decision (decision_id) values (null)")
    assert set(contract.check(marts)) == {"marts.fct_financial_line.amount: type VARCHAR, expected double",
                        "marts.fct_activity_status.status: values outside the enum: ['finished']",
                        "marts.fct_meeting.meeting_id: 1 duplicate and 0 null keys",
                        "marts.fct_decision.decision_id: 0 duplicate and 1 null keys"}


def test_wider_integer_types_and_extra_columns_are_welcome(marts):
    marts.sql("alter table marts.fct_agenda_item alter item_number type bigint")
    marts.sql("alter table marts.fct_agenda_item add column note varchar")
    assert contract.check(marts) == []


def test_empty_main_tables_count_only_without_structure_only(marts):
    marts.sql("delete from marts.fct_decision")
    marts.sql("delete from marts.fct_case_event")  # not required to hold rows
    assert contract.check(marts, structure_only=True) == []
    assert contract.check(marts) == ["marts.fct_decision: empty"]


def test_command_line_prints_problems_and_sets_the_exit_status(tmp_path):
    con = make_marts(tmp_path / "w.duckdb")
    con.close()
    ok = subprocess.run([sys.executable, "-m", "ingest.contract", str(tmp_path / "w.duckdb")],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout == "contract: 0 problems\n", ok.stdout + ok.stderr
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.sql("drop table marts.dim_indicator")
    con.close()
    bad = subprocess.run([sys.executable, "-m", "ingest.contract", str(tmp_path / "w.duckdb"), "--structure-only"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == ["marts.dim_indicator: missing", "contract: 1 problems"]
