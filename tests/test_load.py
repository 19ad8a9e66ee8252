"""The raw load: declared columns and types, and blank strings stored as NULL once."""
from __future__ import annotations

import duckdb
import polars as pl

from ingest.load import CORE_TABLES, frame, write_raw


def test_blank_strings_become_null_and_other_text_is_kept_as_is():
    schema = {"section_id": pl.Utf8, "source_line": pl.Int32, "title": pl.Utf8, "note": pl.Utf8}
    rows = [{"section_id": "s1", "source_line": 1, "title": "", "note": "  Budget 2024 "},
            {"section_id": "s2", "source_line": 2, "title": "   ", "note": None},
            {"section_id": "s3", "source_line": 3, "title": "Mål", "note": "\t"}]
    con = duckdb.connect()
    counts = write_raw(con, [("governance_thing", frame(rows, schema))])
    assert counts == {"governance_thing": 3}
    got = con.sql('select * from raw.governance_thing order by section_id').fetchall()
    # '' and spaces-only are NULL; a tab is not blank to trim(), and padding is staging's to trim
    assert got == [("s1", 1, None, "  Budget 2024 "), ("s2", 2, None, None), ("s3", 3, "Mål", "\t")]
    types = con.sql("select column_name, data_type from information_schema.columns "
                    "where table_name = 'governance_thing' order by ordinal_position").fetchall()
    assert types == [("section_id", "VARCHAR"), ("source_line", "INTEGER"), ("title", "VARCHAR"),
                     ("note", "VARCHAR")]


def test_printed_lines_keep_their_blank_text():
    lines = frame([{"document_id": "d", "source_line": 1, "text": "KALLELSE"},
                   {"document_id": "d", "source_line": 2, "text": ""},
                   {"document_id": "d", "source_line": 3, "text": "  "}], CORE_TABLES["document_line"])
    con = duckdb.connect()
    write_raw(con, [("document_line", lines)])
    assert con.sql("select text from raw.document_line order by source_line").fetchall() == [
        ("KALLELSE",), ("",), ("  ",)]


def test_a_table_without_rows_is_created_with_its_columns():
    con = duckdb.connect()
    write_raw(con, [("extraction_error", frame([], CORE_TABLES["extraction_error"]))])
    assert con.sql("select count(*) from raw.extraction_error").fetchall() == [(0,)]
    assert [c[0] for c in con.sql("describe raw.extraction_error").fetchall()] == ["document_id", "extractor", "error"]
