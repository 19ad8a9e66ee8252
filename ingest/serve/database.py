"""Opening the published file for reading (a build may be writing its successor beside it)."""
from __future__ import annotations

from pathlib import Path

import duckdb

MARTS = "marts"


class NotPublished(RuntimeError):
    """There is no readable published file at that path."""


def open_published(database: Path) -> duckdb.DuckDBPyConnection:
    if not database.exists():
        raise NotPublished(f"{database} does not exist; run `warehouse build` first")
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.Error as e:
        raise NotPublished(f"{database} cannot be read: {e}") from e


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.sql(
        "select table_name from duckdb_tables() where schema_name = ? order by table_name",
        params=[MARTS]).fetchall()]


def has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(con.sql("select 1 from duckdb_columns() where schema_name = ? and table_name = ? "
                        "and column_name = ?", params=[MARTS, table, column]).fetchall())
