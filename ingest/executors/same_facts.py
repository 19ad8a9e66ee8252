"""Does a build on one executor hold the same facts as on another? A digest per table.

Every mart and raw table is reduced to its row count and an order-independent sum of
row hashes, leaving out what differs by run (run ids and timestamps), so a local build
and a cluster build of the same corpus can be compared table by table, at any size.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.row_digest import order_free_digest

SCHEMAS = ("raw", "marts")
SKIP_TABLES = {("raw", "build_run")}  # the log of earlier builds differs by target


def _run_specific(column: str, data_type: str) -> bool:
    return column.endswith("run_id") or data_type.startswith("TIMESTAMP")


def table_digests(database: Path) -> dict[str, tuple[int, int]]:
    """{schema.table: (rows, sum of row hashes)} without run-specific columns."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        cols: dict[tuple[str, str], list[str]] = {}
        for schema, table, column, data_type in con.sql(
                "select table_schema, table_name, column_name, data_type from information_schema.columns "
                f"where table_schema in {SCHEMAS} order by table_schema, table_name, ordinal_position").fetchall():
            if (schema, table) not in SKIP_TABLES and not _run_specific(column, data_type):
                cols.setdefault((schema, table), []).append(f'"{column}"')
        out = {}
        for (schema, table), names in cols.items():
            out[f"{schema}.{table}"] = order_free_digest(con, f'{schema}."{table}"', ", ".join(names))
        return out
    finally:
        con.close()


def differences(a: Path, b: Path) -> list[str]:
    """Tables whose facts differ between two built files (empty when they hold the same facts)."""
    da, db = table_digests(a), table_digests(b)
    return [f"{t}: {da.get(t)} vs {db.get(t)}" for t in sorted(set(da) | set(db)) if da.get(t) != db.get(t)]
