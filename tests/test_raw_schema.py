"""The raw tables are declared once (ingest.load.raw_schemas: CORE_TABLES and each
extractor's TABLES); the loader writes them, the raw suites type-check them, and here the
staging models are bound against them in a real DuckDB: a staging model that selects a
column the declaration lacks, a declared column no staging model passes on, or a staging
cast to another type fails this file."""

import re
from pathlib import Path

import duckdb
import pytest

from ingest.load import duckdb_types, raw_schemas
from ingest.quarantine import create_quarantine_table

MODELS = Path(__file__).resolve().parent.parent / "models"
STAGING = sorted((MODELS / "staging").rglob("*.sql"))
SOURCE = re.compile(r"\{\{\s*source\(\s*'raw'\s*,\s*'(\w+)'\s*\)\s*\}\}")


@pytest.fixture(scope="module")
def raw():
    """An empty DuckDB holding every declared raw table with its declared types."""
    con = duckdb.connect()
    con.sql("create schema raw")
    for table, schema in raw_schemas().items():
        cols = ", ".join(f'"{c}" {t}' for c, t in duckdb_types(schema).items())
        con.sql(f'create table raw."{table}" ({cols})')
    create_quarantine_table(con)
    yield con
    con.close()


def _columns(con, relation_sql: str) -> dict[str, str]:
    return {r[0]: r[1] for r in con.sql(f"describe {relation_sql}").fetchall()}


def _staging_sql(path: Path) -> tuple[str, str]:
    """(raw table read, the model's SQL runnable on the raw schema)."""
    text = path.read_text(encoding="utf-8")
    tables = SOURCE.findall(text)
    assert len(tables) == 1, f"{path.name}: a staging model reads exactly one raw table, got {tables}"
    sql = SOURCE.sub(lambda m: f'raw."{m.group(1)}"', text)
    assert "{{" not in sql and "{%" not in sql, f"{path.name}: staging is plain SQL over one source"
    return tables[0], sql


def test_every_declared_raw_table_has_one_staging_model():
    read = sorted(_staging_sql(p)[0] for p in STAGING)
    assert read == sorted([*raw_schemas(), "quarantine"])


@pytest.mark.parametrize("path", STAGING, ids=lambda p: p.stem)
def test_staging_model_reads_only_declared_columns_passes_each_on_and_keeps_its_type(raw, path):
    table, sql = _staging_sql(path)
    try:
        staged = _columns(raw, f"({sql})")
    except duckdb.BinderException as e:  # a column the raw declaration lacks
        pytest.fail(f"{path.name} does not bind to the declared raw.{table}: {e}")
    declared = _columns(raw, f'raw."{table}"')
    assert sorted(set(declared) - set(staged)) == [], f"raw.{table} columns staging drops"
    assert sorted(set(staged) - set(declared)) == [], f"{path.name} columns raw.{table} does not declare"
    retyped = {c: (declared[c], staged[c]) for c in declared if staged[c] != declared[c]}
    assert retyped == {}, "staging only cleans: a column keeps its raw type (change it in the declaration)"
