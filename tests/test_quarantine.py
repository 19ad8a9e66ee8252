"""When quarantine is not enough: real dbt on a copy of a published warehouse (its raw tables
kept), with rows added that break a blocking rule. Rows of every document, or rows of no
document, mean the pipeline is broken: nothing is quarantined, the build fails."""
from __future__ import annotations

import duckdb
import pytest

from conftest import publish_copy

# build_with_quarantine(..., None, ...): dbt's parse state in the slots every build uses
# (ingest/dbt_runner.py), so these two dbt runs parse only partially, as a build does.
from ingest.quarantine import PipelineBroken, build_with_quarantine, create_quarantine_table

pytestmark = pytest.mark.e2e


def _activity_with_unknown_status(con, document_id) -> None:
    # an activity whose status is outside the vocabulary: fct_activity_status.status breaks
    # its blocking accepted_values test
    section = con.execute("select section_id from raw.section where document_id is not distinct from ? "
                          "order by line_start limit 1", [document_id]).fetchone()
    con.execute("insert into raw.activity_item (document_id, section_id, source_line, activity, status, "
                "status_evidence, status_source) values (?, ?, 1, 'Provaktivitet', 'halvklar', 'halvklar', 'mark')",
                [document_id, section[0] if section else None])


def _prepared(small_published, tmp_path, document_ids=None, orphan=False):
    db = publish_copy(small_published, tmp_path / "served")
    con = duckdb.connect(str(db))
    try:
        create_quarantine_table(con)
        docs = dict(con.sql("select document_id, source_file from raw.document where load_status <> 'failed'").fetchall())
        for d in (docs if document_ids == "all" else document_ids or []):
            _activity_with_unknown_status(con, d)
        if orphan:
            _activity_with_unknown_status(con, None)
    finally:
        con.close()
    return db, docs


def test_rows_of_every_document_breaking_a_rule_fail_the_build(small_published, tmp_path):
    db, docs = _prepared(small_published, tmp_path, document_ids="all")
    with pytest.raises(PipelineBroken, match=rf"every document \({len(docs)}\) broke a blocking rule") as e:
        build_with_quarantine(db, None, docs)
    assert "accepted_values_fct_activity_status_status" in str(e.value)
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("select count(*) from raw.quarantine").fetchall() == [(0,)]  # nothing half-quarantined
    con.close()


def test_rows_of_no_document_fail_the_build(small_published, tmp_path):
    db, docs = _prepared(small_published, tmp_path, orphan=True)
    with pytest.raises(PipelineBroken, match="rows that belong to no document") as e:
        build_with_quarantine(db, None, docs)
    assert "with no document_id" in str(e.value)
