"""Full-text search: the index built into a file (real DuckDB, the fts extension loaded by
path from its package), Swedish stemming, and `warehouse search` on a real build."""
from __future__ import annotations

import json
import re

import duckdb
import pytest

from conftest import run_warehouse
from ingest.serve.search import build_search_index, search


def _tiny_marts(path):
    con = duckdb.connect(str(path))
    con.sql("create schema marts")
    con.sql("create table marts.dim_document as select * from (values ('doc_a', '010_protokoll.txt'), "
            "('doc_b', '011_plan.txt')) t(document_id, source_file)")
    con.sql("""create table marts.fct_decision as select * from (values
        ('doc_a', 41, 'Motion om cykelbanor', 'XR 2031/77', 'Regionfullmäktige bifaller motionen.'),
        ('doc_a', 52, 'Budget för kulturnämnden', 'XR 2031/80', 'Nämnden fastställer budgeten.')
        ) t(document_id, source_line, title, case_number, decision_text)""")
    con.sql("""create table marts.dim_source_line as select * from (values
        ('doc_b', 7, 'En motion om nattbussar har lämnats in.'), ('doc_b', 8, ''),
        ('doc_b', 9, 'Tandvården redovisar väntetider.')) t(document_id, source_line, text)""")
    return con


def test_stemmed_search_finds_inflected_forms(tmp_path):
    con = _tiny_marts(tmp_path / "w.duckdb")
    assert build_search_index(con) == 4  # 2 decisions + 2 non-empty lines
    con.close()
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)  # as a reader of the published file
    hits = search(con, "motionen")
    found = {(h.document, h.line, h.kind) for h in hits}
    # 'motionen' finds the line that prints only 'motion' and the decision that prints both
    assert ("011_plan.txt", 7, "line") in found
    assert ("010_protokoll.txt", 41, "decision") in found
    assert not any(h.line == 52 for h in hits)
    assert hits[0].score >= hits[-1].score
    assert [h.line for h in search(con, "tandvård")] == [9]  # 'tandvård' finds 'Tandvården'
    assert search(con, "cykelbanor")[0].subject == "XR 2031/77 Motion om cykelbanor"
    con.close()


def _oids(con) -> dict:
    return dict(con.sql("select schema_name || '.' || table_name, table_oid from duckdb_tables() "
                        "where schema_name in ('search', 'fts_search_entry')").fetchall())


def test_the_index_is_kept_while_its_texts_are_the_same_and_rebuilt_when_one_changes(tmp_path):
    # a rebuild from a copy of the published file (ingest/incremental.py) with nothing changed
    con = _tiny_marts(tmp_path / "w.duckdb")
    assert build_search_index(con) == 4
    first = _oids(con)
    assert len(first) >= 5  # search.entry and the index's tables
    assert build_search_index(con) == 4
    assert _oids(con) == first  # not one table made again
    assert [h.line for h in search(con, "tandvård")] == [9]
    # one text changed: made again, and the old text is no longer found
    con.sql("update marts.dim_source_line set text = 'Ambulansen redovisar väntetider.' where source_line = 9")
    assert build_search_index(con) == 4
    assert _oids(con)["search.entry"] != first["search.entry"]
    assert search(con, "tandvård") == [] and [h.line for h in search(con, "ambulansen")] == [9]
    # a text gone: the count tells even when the rest hashes alike
    con.sql("delete from marts.fct_decision where source_line = 52")
    assert build_search_index(con) == 3
    con.close()


def test_search_without_an_index_says_so(tmp_path):
    con = _tiny_marts(tmp_path / "w.duckdb")
    with pytest.raises(LookupError, match="no search index"):
        search(con, "motion")
    con.close()


@pytest.mark.e2e
def test_warehouse_search_on_the_bundled_build(built_warehouse):
    res = run_warehouse("search", "motionen", "--database", str(built_warehouse), "--limit", "50", "--json")
    assert res.returncode == 0, res.stderr
    hits = json.loads(res.stdout)
    assert len(hits) == 50
    assert [h["rank"] for h in hits] == list(range(1, 51))
    assert all(h["document"].endswith(".txt") and h["kind"] for h in hits)
    # the inflected query finds the base form printed alone
    assert any(re.search(r"\bmotion\b", h["snippet"], re.I) and not re.search(r"motionen", h["snippet"], re.I)
               for h in hits)
    assert {"line", "decision"} <= {h["kind"] for h in hits}
    # every hit points at a printed line that holds a form of the word
    con = duckdb.connect(str(built_warehouse), read_only=True)
    for h in hits[:10]:
        text = con.sql("select text from marts.dim_source_line where document_id = ? and source_line = ?",
                       params=[h["document_id"], h["line"]]).fetchone()
        assert text is not None
    con.close()
    plain = run_warehouse("search", "motionen", "--database", str(built_warehouse), "--limit", "3")
    assert plain.returncode == 0 and plain.stdout.count("\n") == 6 and "  1. " in plain.stdout
