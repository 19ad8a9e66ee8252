"""When quarantine is not enough: real dbt on a copy of a published warehouse (its raw tables
kept), with rows added that break a blocking rule. Rows of every document, or rows of no
document, mean the pipeline is broken: nothing is quarantined, the build fails."""
from __future__ import annotations

import duckdb
import pytest

from conftest import publish_copy
from ingest.quarantine import PipelineBroken, build_with_quarantine, create_quarantine_table

pytestmark = pytest.mark.e2e


def _attendee_without_meeting(con, document_id, line: int = 1) -> None:
    # an attendee read without its meeting: fct_attendance.meeting_id is NULL (blocking not_null)
    con.execute("insert into raw.governance_attendee (document_id, section_id, source_line, person_name, raw_text) "
                "values (?, 'no-section', ?, 'Stina Provsson', 'Stina Provsson (S)')", [document_id, line])


def _prepared(small_published, tmp_path, document_ids=None, orphan=False):
    db = publish_copy(small_published, tmp_path / "served")
    con = duckdb.connect(str(db))
    try:
        create_quarantine_table(con)
        docs = dict(con.sql("select document_id, source_file from raw.document where load_status <> 'failed'").fetchall())
        for d in (docs if document_ids == "all" else document_ids or []):
            _attendee_without_meeting(con, d)
        if orphan:
            _attendee_without_meeting(con, None)
    finally:
        con.close()
    return db, docs


def test_rows_of_every_document_breaking_a_rule_fail_the_build(small_published, tmp_path):
    db, docs = _prepared(small_published, tmp_path, document_ids="all")
    with pytest.raises(PipelineBroken, match=rf"every document \({len(docs)}\) broke a blocking rule") as e:
        build_with_quarantine(db, tmp_path / "dbt", docs)
    assert "not_null_fct_attendance_meeting_id" in str(e.value)
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("select count(*) from raw.quarantine").fetchall() == [(0,)]  # nothing half-quarantined
    con.close()


def test_rows_of_no_document_fail_the_build(small_published, tmp_path):
    db, docs = _prepared(small_published, tmp_path, orphan=True)
    with pytest.raises(PipelineBroken, match="rows that belong to no document") as e:
        build_with_quarantine(db, tmp_path / "dbt", docs)
    assert "with no document_id" in str(e.value)
