"""Nothing moves: with a truncated copy of a meeting pack beside the original, every meeting
and decision printed in both has its primary print in the original (the more complete
document), whatever the content hashes and even though the copy's file name sorts first;
and every print stays counted."""
from __future__ import annotations

import duckdb
import pytest

from conftest import DOCUMENTS, run_warehouse
from ingest.registry import read_document

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def with_truncated_copy(tmp_path_factory):
    docs = tmp_path_factory.mktemp("truncated") / "docs"
    docs.mkdir()
    original = next(DOCUMENTS.glob("001_*.txt"))
    text = original.read_text(encoding="utf-8")
    lines = text.split("\n")
    (docs / original.name).write_text(text, encoding="utf-8")
    copy = docs / "000_copy_cut.txt"  # sorts before the original by name
    copy.write_text("\n".join(lines[: len(lines) * 7 // 10]) + "\n", encoding="utf-8")
    db = docs.parent / "wh.duckdb"
    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    ids = {p.name: read_document(p).document.document_id for p in (original, copy)}
    return db, ids[original.name], ids[copy.name]


def test_the_copy_would_win_on_name_and_on_content_hash(with_truncated_copy):
    # the premise: ordering by file name or by document id (the hash) would pick the copy
    _, original, copy = with_truncated_copy
    assert copy < original


def test_shared_decisions_and_meetings_keep_their_primary_print_in_the_original(with_truncated_copy):
    db, original, copy = with_truncated_copy
    con = duckdb.connect(str(db), read_only=True)
    try:
        decisions = con.sql("select document_id, print_count from marts.fct_decision").fetchall()
        meetings = con.sql("select document_id, document_count from marts.fct_meeting").fetchall()
        copy_decisions = con.sql(
            "select count(*) from intermediate.int_decision_prints_keyed where document_id = ?", params=[copy]).fetchall()
    finally:
        con.close()
    shared = [d for d in decisions if d[1] > 1]
    assert shared and copy_decisions[0][0] >= len(shared)  # the copy printed them too
    assert {d[0] for d in shared} == {original}
    assert all(doc == original for doc, n in meetings if n > 1)
    assert copy not in {d[0] for d in decisions}  # the copy prints nothing the original lacks
