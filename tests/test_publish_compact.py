"""A build file with many free blocks (a rebuild in a copy of the published file replaces
tables and deletes rows) is rewritten into a fresh file before it is published, with
everything in it: ingest/publish.py, compact_build_file. Real DuckDB files."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from ingest.executors.same_facts import differences
from ingest.publish import COMPACT_FREE_SHARE, compact_build_file, free_share


def _catalog(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "tables": sorted(con.sql("select schema_name, table_name, comment from duckdb_tables()")
                             .fetchall()),
            "columns": sorted(con.sql("select table_schema, table_name, column_name, data_type, ordinal_position "
                                      "from information_schema.columns").fetchall()),
            "column_comments": sorted(con.sql("select table_name, column_name, comment from duckdb_columns() "
                                              "where comment is not null").fetchall()),
            "views": sorted(con.sql("select schema_name, view_name, sql from duckdb_views() where not internal")
                            .fetchall()),
            "macros": sorted(con.sql("select schema_name, function_name, macro_definition from duckdb_functions() "
                                     "where not internal and function_type like '%macro'").fetchall()),
            "view_rows": con.sql("select count(*), sum(n) from marts.v_big").fetchall(),
            "macro_value": con.sql("select marts.twice(21)").fetchall(),
        }
    finally:
        con.close()


def _rebuilt_in_place(path: Path) -> None:
    """What a rebuild from the published file does to its copy: tables replaced, rows of a
    changed document deleted; the replaced tables' blocks stay in the file, free."""
    for night in range(2):  # the published file, then its copy rebuilt
        con = duckdb.connect(str(path))
        con.sql("create schema if not exists raw; create schema if not exists marts")
        con.sql(f"create or replace table raw.line as select 'doc' || (i % 7) as document_id, i as source_line, "
                f"repeat('printed text ', 20) || i || '{night}' as text from range(60000) t(i)")
        con.sql("create or replace table marts.big as select document_id, count(*) as n from raw.line group by 1")
        con.sql(f"delete from raw.line where document_id = 'doc{night}'")
        if night == 0:
            con.sql("create view marts.v_big as select * from marts.big")
            con.sql("create macro marts.twice(x) as 2 * x")
        con.sql("comment on table marts.big is 'lines per document'")
        con.sql("comment on column marts.big.n is 'printed lines'")
        con.close()


def test_a_file_with_many_free_blocks_is_rewritten_with_everything_in_it(tmp_path):
    path = tmp_path / "wh.duckdb.build.tmp"  # the catalog is named 'wh', as in a build
    _rebuilt_in_place(path)
    before_share, before_size = free_share(path), path.stat().st_size
    assert before_share > COMPACT_FREE_SHARE
    keep = tmp_path / "copy" / "wh.duckdb.build.tmp"
    keep.parent.mkdir()
    keep.write_bytes(path.read_bytes())

    assert compact_build_file(path) == before_share
    assert free_share(path) <= 0.02
    assert path.stat().st_size < 0.6 * before_size
    assert not list(tmp_path.glob("*.compact*"))
    assert _catalog(path) == _catalog(keep)
    assert differences(path, keep) == []  # every raw and mart table, row for row
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.sql("select current_database()").fetchone()[0] == "wh"
    finally:
        con.close()


def test_a_file_with_few_free_blocks_is_left_as_it_is(tmp_path):
    path = tmp_path / "wh.duckdb.build.tmp"
    con = duckdb.connect(str(path))
    con.sql("create schema marts")
    con.sql("create table marts.t as select i from range(100000) t(i)")
    con.close()
    inode, size = os.stat(path).st_ino, path.stat().st_size
    assert compact_build_file(path) is None
    assert (os.stat(path).st_ino, path.stat().st_size) == (inode, size)
