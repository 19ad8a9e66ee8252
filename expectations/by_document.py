"""Row checks validated only on the documents that changed.

A row check (not null, in set, between, regex, a pair comparison, years from the document,
uniqueness within a document) judges each row on its own, so on a table whose every row has a
document_id its result is the sum over the documents: rows counted, rows unexpected and, in
row order, the unexpected values. When such a check passed on the whole table (no row
unexpected, one element per row), the build keeps each document's row count and a digest of
the values the row checks read in TABLE (`keep`, with reuse.keep_results). The next build
(started from the published copy) then validates those checks only on the rows of the
documents whose digest changed (or that are new); the unchanged documents add their rows
and no unexpected value, gone documents drop out. The result is a whole validation's: the
unexpected values, and their order, can only come from the validated rows.

The table's other checks (its columns and row count, uniqueness across documents, checks
with a row filter) are still validated on the whole table, on the columns they read; a row
check that failed or counted other than one element per row is validated whole again.

TABLE lives in reuse.SCHEMA (`checks`), outside the contract's raw and marts.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Sequence

import duckdb
import polars as pl

from expectations.reuse import SCHEMA, checks_version, has_table, write_table
from expectations.spec import (
    Between, Check, DateBetween, InSet, IsNull, NotLess, NotNull, Regex, Suite, Unique, UniqueTogether,
    WithinDocumentYears, columns_read,
)

TABLE = f"{SCHEMA}.document_part"
DOCUMENT = "document_id"

COMMENTS = {
    None: "Per document of each validated table: its row count and a digest of the values the table's row "
          "checks read, with the row checks that passed on the whole table; a build started from this file "
          "validates those checks only on the documents whose digest changed (expectations/by_document.py).",
    "table_key": "Hash of the checks' code, the table's suites and its columns and types.",
    "passed": "JSON list of [suite, check position] of the row checks that passed with one element per row.",
    "row_count": "The document's rows in the table.",
    "digest": "Hash of the values the row checks read in the document's rows (and its year, where a check needs it).",
}

_ROW_CHECKS = (NotNull, IsNull, InSet, Between, DateBetween, Regex, NotLess, WithinDocumentYears)


def is_row_check(check: Check) -> bool:
    """A check whose verdict on a row depends on that row (or, for uniqueness keyed on the
    document, on rows of the same document) only."""
    if isinstance(check, (Unique, UniqueTogether)):
        columns = (check.column,) if isinstance(check, Unique) else check.columns
        return DOCUMENT in columns
    return isinstance(check, _ROW_CHECKS) and getattr(check, "where", None) is None


def row_checks(suites: Sequence[Suite]) -> list[tuple[str, int]]:
    """(suite, position) of every row check of `suites`."""
    return [(s.name, i) for s in suites for i, c in enumerate(s.checks) if is_row_check(c)]


@dataclass
class TableParts:
    """What a build keeps of one table for the next (see module doc)."""
    key: str
    passed: list[tuple[str, int]]  # the row checks that passed with one element per row
    documents: dict[str, tuple[int, str]]  # document_id -> (rows, digest)

    @property
    def rows(self) -> int:
        return sum(n for n, _ in self.documents.values())


@dataclass(frozen=True)
class Plan:
    """A table's row checks validated on `documents` only; `carried_rows` the other documents' rows."""
    documents: tuple[str, ...]
    rows: int  # theirs
    carried_rows: int


def table_key(table: str, suites: Sequence[Suite], columns: Sequence[tuple[str, str]]) -> str:
    h = hashlib.sha256(checks_version().encode())
    for part in (table, repr(list(suites)), repr(list(columns))):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def documents(con: duckdb.DuckDBPyConnection, table: str, suites: Sequence[Suite],
              columns: Sequence[tuple[str, str]], years: dict[str, int]) -> TableParts | None:
    """The table's documents with their rows and digests (one grouped scan), `passed` still
    empty; None when the table has no row check or some row has no document_id."""
    names = [c for c, _ in columns]
    checks = [c for s in suites for c in s.checks if is_row_check(c)]
    if not checks or DOCUMENT not in names:
        return None
    wanted = columns_read(checks) | {DOCUMENT}
    read = ", ".join(f'"{c}"' for c in names if c in wanted)
    schema, name = table.split(".", 1)
    rows = con.sql(f'select "{DOCUMENT}", count(*), coalesce(sum(hash({read})::hugeint), 0) '
                   f'from "{schema}"."{name}" as t group by all').fetchall()
    if any(d is None for d, _, _ in rows):
        return None
    with_year = any(isinstance(c, WithinDocumentYears) for c in checks)
    return TableParts(table_key(table, suites, columns), [],
                      {str(d): (int(n), f"{n}:{digest}" + (f":{years.get(d)}" if with_year else ""))
                       for d, n, digest in rows})


def kept(con: duckdb.DuckDBPyConnection) -> dict[str, TableParts]:
    """{table: its parts} as the file's earlier build kept them; {} when it kept none (or
    in another shape)."""
    if not has_table(con, TABLE):
        return {}
    try:
        rows = con.sql(f"select table_name, table_key, passed, document_id, row_count, digest from {TABLE}").fetchall()
    except duckdb.Error:  # written by another version of this code
        return {}
    out: dict[str, TableParts] = {}
    for table, key, passed, document, n, digest in rows:
        parts = out.setdefault(table, TableParts(key, [tuple(p) for p in json.loads(passed)], {}))
        parts.documents[document] = (n, digest)
    return out


def plan(now: TableParts, before: TableParts | None, checks: list[tuple[str, int]], max_rows: int) -> Plan | None:
    """The documents whose rows the row checks must see, or None: validate the whole table
    (nothing kept, another key, a row check that did not pass before, every document
    changed, no row left, or more than `max_rows` rows to validate)."""
    if before is None or before.key != now.key or not set(checks) <= set(before.passed) or not now.documents:
        return None
    changed = [d for d, part in now.documents.items() if before.documents.get(d) != part]
    if not changed:  # one document still validated: the results then come out of GX as always
        changed = [min(now.documents, key=lambda d: (now.documents[d][0], d))]
    rows = sum(now.documents[d][0] for d in changed)
    if len(changed) == len(now.documents) or rows > max_rows:
        return None
    return Plan(tuple(sorted(changed)), rows, now.rows - rows)


def passed(result: Any, rows: int) -> bool:
    """A row check's (whole-table) GX result that can be split by document: it passed, no
    row unexpected, no error, one element per row."""
    res = getattr(result, "result", None) or {}
    info = getattr(result, "exception_info", None) or {}
    errors = [info] + [v for v in info.values() if isinstance(v, dict)]
    return (bool(result.success) and not any(e.get("raised_exception") for e in errors)
            and res.get("unexpected_count") == 0 and res.get("element_count") == rows)


def keep(con: duckdb.DuckDBPyConnection, parts: dict[str, TableParts]) -> None:
    """Replace TABLE in the (writable) build file with `parts` (tables with no passed row check are left out)."""
    rows = [(table, p.key, json.dumps(sorted(p.passed)), d, n, digest)
            for table, p in sorted(parts.items()) if p.passed for d, (n, digest) in sorted(p.documents.items())]
    frame = pl.DataFrame(rows, schema={"table_name": pl.Utf8, "table_key": pl.Utf8, "passed": pl.Utf8,
                                       "document_id": pl.Utf8, "row_count": pl.Int64, "digest": pl.Utf8},
                         orient="row")
    write_table(con, TABLE, "table_name varchar, table_key varchar, passed varchar, document_id varchar, "
                "row_count bigint, digest varchar", COMMENTS, frame)
