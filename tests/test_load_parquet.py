"""The partition store and the raw load from Parquet: real files, real DuckDB."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from conftest import DOCUMENTS
from ingest.cache import DocumentCache
from ingest.load import update_raw_parquet, write_raw_parquet
from ingest.process import process_document

SCHEMA = {"document_id": pl.Utf8, "source_line": pl.Int32, "amount": pl.Float64, "on": pl.Date,
          "flag": pl.Boolean}


@pytest.fixture
def con(tmp_path):
    c = duckdb.connect(str(tmp_path / "loaded.duckdb"))
    yield c
    c.close()


def test_partitions_are_typed_by_the_schema_whatever_each_file_holds(tmp_path, con):
    a = tmp_path / "a.parquet"
    b = tmp_path / "b.parquet"
    # a: every column; b: an older layout without `on` and `flag`, an extra column, integers as text.
    pl.DataFrame({"document_id": ["doc_a"], "source_line": [3], "amount": [1.5], "on": [date(2024, 1, 31)],
                  "flag": [True]}).write_parquet(a)
    pl.DataFrame({"document_id": ["doc_b", "doc_b"], "source_line": ["7", "9"], "amount": [None, 2.0],
                  "extra": ["x", "y"]}).write_parquet(b)
    assert write_raw_parquet(con, "t", [a, b], SCHEMA) == 3
    cols = con.sql("select column_name, data_type from information_schema.columns "
                   "where table_schema = 'raw' and table_name = 't' order by ordinal_position").fetchall()
    assert cols == [("document_id", "VARCHAR"), ("source_line", "INTEGER"), ("amount", "DOUBLE"),
                    ("on", "DATE"), ("flag", "BOOLEAN")]
    rows = con.sql('select document_id, source_line, amount, "on", flag from raw.t order by source_line').fetchall()
    assert rows == [("doc_a", 3, 1.5, date(2024, 1, 31), True), ("doc_b", 7, None, None, None),
                    ("doc_b", 9, 2.0, None, None)]


def test_no_partition_gives_an_empty_typed_table(con):
    assert write_raw_parquet(con, "empty", [], SCHEMA) == 0
    types = con.sql("select data_type from information_schema.columns where table_name = 'empty' "
                    "order by ordinal_position").fetchall()
    assert [t[0] for t in types] == ["VARCHAR", "INTEGER", "DOUBLE", "DATE", "BOOLEAN"]


def _part(path: Path, doc: str, lines: list[int]) -> Path:
    pl.DataFrame({"document_id": [doc] * len(lines), "source_line": lines, "amount": [float(n) for n in lines],
                  "on": [None] * len(lines), "flag": [n % 2 == 0 for n in lines]},
                 schema=SCHEMA).write_parquet(path)
    return path


def test_an_existing_table_keeps_unchanged_documents_rows_and_gets_the_new_ones(tmp_path, con):
    a, b, c = (_part(tmp_path / f"{d}.parquet", d, ls) for d, ls in (("a", [1, 2]), ("b", [3]), ("c", [4, 5, 6])))
    write_raw_parquet(con, "t", [a, b], SCHEMA)
    con.sql("insert into raw.t (document_id, source_line) values (null, 99)")  # belongs to no document
    con.sql("checkpoint")

    # b is gone, c is new, a is unchanged: a's rows stay, b's and the NULL's go, c's come
    assert update_raw_parquet(con, "t", {"a": a, "c": c}, SCHEMA) == (5, 2, 1)
    rows = con.sql('select document_id, source_line, amount, "on", flag from raw.t order by source_line').fetchall()
    assert rows == [("a", 1, 1.0, None, False), ("a", 2, 2.0, None, True),
                    ("c", 4, 4.0, None, True), ("c", 5, 5.0, None, False), ("c", 6, 6.0, None, True)]
    # the same table written whole from the same partitions has the same rows
    write_raw_parquet(con, "whole", [a, c], SCHEMA)
    assert con.sql("select * from raw.t except all select * from raw.whole").fetchall() == []
    assert con.sql("select count(*) from raw.whole").fetchone()[0] == 5

    # nothing changed: nothing is written (no block is taken or freed)
    con.sql("checkpoint")
    before = con.sql("select total_blocks, free_blocks from pragma_database_size()").fetchone()
    assert update_raw_parquet(con, "t", {"a": a, "c": c}, SCHEMA) == (5, 0, 0)
    con.sql("checkpoint")
    assert con.sql("select total_blocks, free_blocks from pragma_database_size()").fetchone() == before
    assert con.sql("select count(*) from raw.t").fetchone()[0] == 5


def test_a_missing_or_otherwise_typed_table_is_left_to_be_written_whole(tmp_path, con):
    a = _part(tmp_path / "a.parquet", "a", [1])
    assert update_raw_parquet(con, "absent", {"a": a}, SCHEMA) is None
    con.sql("create schema raw")
    con.sql("create table raw.t (document_id varchar, source_line varchar)")  # another layout
    assert update_raw_parquet(con, "t", {"a": a}, SCHEMA) is None
    assert con.sql("select count(*) from raw.t").fetchone()[0] == 0


def test_a_document_is_parsed_into_the_store_once_and_found_there_after(tmp_path):
    src = next(DOCUMENTS.glob("003_*.txt"))
    store = tmp_path / "store"
    first = process_document(src, store)
    assert not first.from_cache and first.load_status == "loaded"
    entry = first.entry
    assert entry.lines == 421 and entry.sections > 0 and first.row_count > 0
    # The text and the rows are on disk, not in the result that a worker sends back.
    assert first.outcome.document.text == "" and first.outcome.document.line_count == 421
    lines = pl.read_parquet(entry.lines_file)
    assert lines.height == 421 and lines["source_line"].to_list()[:3] == [1, 2, 3]
    for table, n in entry.rows.items():
        assert (pl.read_parquet(entry.partition(table)).height if n else 0) == n
    assert json.loads((entry.folder / "meta.json").read_text())["parsed_by"]

    second = process_document(src, store)
    assert second.from_cache and second.entry == entry
    forced = process_document(src, store, reparse=True)
    assert not forced.from_cache and forced.entry.rows == entry.rows
    assert [p.name for p in store.iterdir()] == [entry.folder.name]  # replaced, no temp folder left


def test_a_damaged_entry_is_parsed_again(tmp_path):
    src = next(DOCUMENTS.glob("003_*.txt"))
    store = tmp_path / "store"
    entry = process_document(src, store).entry
    entry.lines_file.unlink()
    assert DocumentCache(store).load(first_sha(src)) is None
    again = process_document(src, store)
    assert not again.from_cache and again.entry.lines_file.exists()


def first_sha(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_blank_text_in_partitions_is_stored_as_null_but_printed_lines_keep_it(tmp_path, con):
    part = tmp_path / "p.parquet"
    pl.DataFrame({"document_id": ["d", "d", "d"], "title": ["", "  ", "Mål"]}).write_parquet(part)
    write_raw_parquet(con, "governance_thing", [part], {"document_id": pl.Utf8, "title": pl.Utf8})
    assert con.sql("select title from raw.governance_thing").fetchall() == [(None,), (None,), ("Mål",)]
    lines = tmp_path / "l.parquet"
    pl.DataFrame({"document_id": ["d", "d"], "source_line": [1, 2], "text": ["", "  "]},
                 schema={"document_id": pl.Utf8, "source_line": pl.Int32, "text": pl.Utf8}).write_parquet(lines)
    write_raw_parquet(con, "document_line", [lines], {"document_id": pl.Utf8, "source_line": pl.Int32,
                                                      "text": pl.Utf8})
    assert con.sql("select text from raw.document_line order by source_line").fetchall() == [("",), ("  ",)]
