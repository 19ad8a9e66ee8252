"""Corpora other than the bundled one: the build must not depend on its shape."""
from __future__ import annotations

import duckdb
import pytest

from conftest import DOCUMENTS, run_warehouse

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build


def test_the_same_meetings_printed_in_two_documents_build_and_merge(tmp_path):
    # Two documents that print the same protocol excerpts (as two meeting packs can):
    # the per-document expectations count what each printed, the marts merge the meetings.
    docs = tmp_path / "docs"
    docs.mkdir()
    src = next(DOCUMENTS.glob("001_*.txt")).read_text(encoding="utf-8")
    (docs / "bundle_a.txt").write_text(src, encoding="utf-8")
    (docs / "bundle_b.txt").write_text(src + "\nBilaga till kallelse\n", encoding="utf-8")
    db = tmp_path / "wh.duckdb"

    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))

    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    con = duckdb.connect(str(db), read_only=True)
    docs_loaded = con.sql("select count(*) from marts.dim_document where load_status = 'loaded'").fetchall()[0][0]
    printed = con.sql("select count(*), count(distinct document_id) from staging.stg_raw__governance_decisions").fetchall()[0]
    decisions = con.sql("select count(*) from marts.fct_decision").fetchall()[0][0]
    con.close()
    assert docs_loaded == 2
    assert printed[1] == 2 and decisions * 2 == printed[0]  # each § printed twice, one decision each
