"""One digest of a table's rows that does not depend on their physical order.

Rebuilds compare what they would write with what the published copy holds (raw tables, the
search texts, the columns a check reads), and the benchmark compares two builds' facts; all
need the same rows to give the same digest whatever order DuckDB stored them in."""
from __future__ import annotations

import duckdb


def order_free_digest(con: duckdb.DuckDBPyConnection, relation: str, columns: str = "t") -> tuple[int, int]:
    """(row count, sum of row hashes) of `relation` (aliased `t`); `columns`: the expressions
    hashed, e.g. '"a", "b"' (default: the whole row). Raises what DuckDB raises for a missing table."""
    rows, digest = con.sql(f"select count(*), coalesce(sum(hash({columns})::hugeint), 0) from {relation} as t").fetchone()
    return rows, int(digest)
