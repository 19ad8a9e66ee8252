"""Corpora other than the bundled one: the build must not depend on its shape."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DOCUMENTS
from ingest.registry import read_document

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build

SAME_MEETINGS = "bundle_b.txt"


def _same_meetings_text() -> str:
    # meeting pack 001 under another name, with other bytes (a byte-identical copy would be
    # recorded as a duplicate) but the same lines: one trailing space on its last printed line
    src = next(DOCUMENTS.glob("001_*.txt")).read_text(encoding="utf-8")
    body, last = src.rstrip("\n").rsplit("\n", 1)
    return f"{body}\n{last} {src[len(src.rstrip(chr(10))):]}"


def documents(docs: Path) -> list[str]:
    """This file's documents in the shared `variety` build (conftest.VARIETY): 001 itself is
    written there by test_primary_print; this file adds a second print of it."""
    (docs / SAME_MEETINGS).write_text(_same_meetings_text(), encoding="utf-8")
    return [SAME_MEETINGS]


def test_the_same_meetings_printed_in_two_documents_build_and_merge(variety):
    # Two documents that print the same protocol excerpts (as two meeting packs can):
    # the per-document expectations count what each printed, the marts merge the meetings.
    original = next(DOCUMENTS.glob("001_*.txt"))
    pair = [read_document(original).document.document_id, read_document(variety.docs / SAME_MEETINGS).document.document_id]
    assert original.read_text(encoding="utf-8").count("\n") == _same_meetings_text().count("\n")
    con = variety.connect()
    docs_loaded = con.sql("select count(*) from marts.dim_document where load_status = 'loaded' "
                          "and document_id in (?, ?)", params=pair).fetchall()[0][0]
    printed = con.sql("select count(*), count(distinct document_id) from staging.stg_raw__governance_decisions "
                      "where document_id in (?, ?)", params=pair).fetchall()[0]
    # the decisions either document printed (the variety build holds other meetings too)
    decisions = con.sql("select count(*) from marts.fct_decision where decision_id in (select decision_id from "
                        "intermediate.int_decision_prints_keyed where document_id in (?, ?))", params=pair).fetchall()[0][0]
    con.close()
    assert docs_loaded == 2
    assert printed[1] == 2 and decisions * 2 == printed[0]  # each § printed twice, one decision each
