"""Nothing moves: with a truncated copy of a meeting pack beside the original, every meeting
and decision printed in both has its primary print in the original (the more complete
document), whatever the content hashes and even though the copy's file name sorts first;
and every print stays counted."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import DOCUMENTS
from ingest.registry import read_document

pytestmark = pytest.mark.e2e


CUT_COPY = "000_copy_cut.txt"  # sorts before the original by name


def documents(docs: Path) -> list[str]:
    """This file's documents in the shared `variety` build (conftest.VARIETY): meeting pack
    001 and a copy of it cut to its first 70 % of lines."""
    original = next(DOCUMENTS.glob("001_*.txt"))
    text = original.read_text(encoding="utf-8")
    lines = text.split("\n")
    (docs / original.name).write_text(text, encoding="utf-8")
    (docs / CUT_COPY).write_text("\n".join(lines[: len(lines) * 7 // 10]) + "\n", encoding="utf-8")
    return [original.name, CUT_COPY]


@pytest.fixture(scope="module")
def with_truncated_copy(variety):
    # the variety build prints 001 in a third document too (test_corpus_variants' same-length
    # copy, which sorts after the original): the decisions and meetings below are those the
    # cut copy printed, the ones whose primary print is at stake here
    original = next(DOCUMENTS.glob("001_*.txt"))
    ids = {p.name: read_document(p).document.document_id for p in (original, variety.docs / CUT_COPY)}
    return variety.db, ids[original.name], ids[CUT_COPY]


def test_the_copy_would_win_on_name_and_on_content_hash(with_truncated_copy):
    # the premise: ordering by file name or by document id (the hash) would pick the copy
    _, original, copy = with_truncated_copy
    assert copy < original


def test_shared_decisions_and_meetings_keep_their_primary_print_in_the_original(with_truncated_copy):
    db, original, copy = with_truncated_copy
    con = duckdb.connect(str(db), read_only=True)
    try:
        decisions = con.sql("select decision_id, document_id, print_count from marts.fct_decision").fetchall()
        # the meetings the pack 001 prints (the variety build holds other documents' meetings too)
        meetings = con.sql("select document_id, document_count from marts.fct_meeting where meeting_id in (select "
                           "meeting_id from intermediate.int_meeting_mentions_keyed where document_id in (?, ?))",
                           params=[original, copy]).fetchall()
        printed = con.sql("select document_id, decision_id from intermediate.int_decision_prints_keyed "
                          "where document_id in (?, ?)", params=[original, copy]).fetchall()
    finally:
        con.close()
    in_copy = [d for doc, d in printed if doc == copy]
    in_original = {d for doc, d in printed if doc == original}
    shared = [d for d in decisions if d[0] in set(in_copy)]  # the decisions the copy printed too
    assert shared and len(in_copy) >= len(shared) and all(n > 1 for _, _, n in shared)
    assert set(in_copy) <= in_original  # the copy prints nothing the original lacks
    assert {d[1] for d in shared} == {original}
    assert meetings and all(doc == original for doc, n in meetings if n > 1)
    assert copy not in {d[1] for d in decisions}
