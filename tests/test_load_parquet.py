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
from ingest.load import write_raw_parquet
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
