"""When quarantine is not enough: real dbt on a copy of a published warehouse (its raw tables
kept), with rows added that break a blocking rule. Rows of every document, or rows of no
document, mean the pipeline is broken: nothing is quarantined, the build fails."""
from __future__ import annotations

import duckdb
import pytest

from conftest import publish_copy

# build_with_quarantine(..., None, ...): dbt's parse state in the slots every build uses
# (ingest/dbt_runner.py), so these two dbt runs parse only partially, as a build does.
from ingest.dbt_process import DbtProcess
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


def _rows_breaking_every_kind_of_rule(con, document_id) -> dict[str, str]:
    """Rows of one document that break a rule of each kind the `rules` tests check
    (dbt_project/macros/test_rules.sql); returns kind -> the rule (check name) expected to fail."""
    section = con.execute("select section_id from raw.section where document_id = ? order by line_start limit 1",
                          [document_id]).fetchone()[0]
    # one section twice
    con.execute("insert into raw.section select * from raw.section where section_id = ?", [section])
    # an activity without a status, at the line of another activity
    con.execute("insert into raw.activity_item (document_id, section_id, source_line, activity, status) "
                "values (?, ?, 1, 'Provaktivitet utan status', null)", [document_id, section])
    # a measure in a section that does not exist
    con.execute("insert into raw.indicator_value select * replace ('no_such_section' as section_id) "
                "from raw.indicator_value where document_id = ? limit 1", [document_id])
    # a share of measures above 100 %
    con.execute("insert into raw.indicator_summary (document_id, section_id, source_line, row_label, category, "
                "period_label, measure_count, share_pct) values (?, ?, 2, 'Uppfyllda', 'met', '2021', 3, 150.0)",
                [document_id, section])
    # the same extractor's error twice: breaks only a warn-only rule (the `warn:` part of
    # stg_raw__extraction_errors' rules test), which never quarantines
    con.execute("insert into raw.extraction_error (document_id, extractor, error) "
                "values (?, 'probe', 'twice'), (?, 'probe', 'twice')", [document_id, document_id])
    return {
        # and the activity of _activity_with_unknown_status: a status outside the vocabulary,
        # with evidence but no sentence
        "accepted_values": "accepted_values_stg_raw__activity_items_status",
        "expression_is_true": "expression_is_true_fct_activity_status__status_evidence_is_null_or_status_sentence_is_not_null",
        "primary_key": "primary_key_stg_raw__sections_section_id",
        "not_null": "not_null_stg_raw__activity_items_status",
        "unique_combination_of_columns": "unique_combination_of_columns_stg_raw__activity_items_document_id__source_line",
        "relationships": "relationships_stg_raw__indicator_value_section_id__section_id__stg_raw__sections",
        "accepted_range": "accepted_range_fct_indicator_summary_share_pct",
    }


def _prepared(small_published, tmp_path, document_ids=None, orphan=False, every_kind=False):
    db = publish_copy(small_published, tmp_path / "served")
    con = duckdb.connect(str(db))
    try:
        create_quarantine_table(con)
        docs = dict(con.sql("select document_id, source_file from raw.document where load_status <> 'failed'").fetchall())
        for d in (docs if document_ids == "all" else document_ids or []):
            _activity_with_unknown_status(con, d)
        if orphan:
            _activity_with_unknown_status(con, None)
        kinds = _rows_breaking_every_kind_of_rule(con, sorted(docs)[0]) if every_kind else {}
    finally:
        con.close()
    return db, docs, kinds


def test_rows_of_every_document_breaking_a_rule_fail_the_build(small_published, tmp_path):
    # one document also breaks a rule of every kind: each is traced to it and named with its column
    db, docs, kinds = _prepared(small_published, tmp_path, document_ids="all", every_kind=True)
    with pytest.raises(PipelineBroken, match=rf"every document \({len(docs)}\) broke a blocking rule") as e:
        build_with_quarantine(db, None, docs)
    assert "accepted_values_fct_activity_status_status (fct_activity_status.status): 1 row(s)" in str(e.value)
    planted = next(line for line in str(e.value).splitlines() if docs[sorted(docs)[0]] in line)
    missing = {kind: rule for kind, rule in kinds.items() if rule + " (" not in planted}
    assert missing == {}, planted
    assert "(fct_activity_status: status_evidence is null or status_sentence is not null)" in planted
    warn_rule = "unique_combination_of_columns_stg_raw__extraction_errors_document_id__extractor"
    assert warn_rule not in str(e.value)  # a warn-only rule is no reason
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("select count(*) from raw.quarantine").fetchall() == [(0,)]  # nothing half-quarantined
    # ... but its rows are there, beside the error rows, marked as warnings
    view = con.sql("select table_name from information_schema.tables where table_schema = 'test_failures' "
                   "and table_name like 'rules_stg_raw__extraction_errors%'").fetchall()[0][0]
    assert con.sql(f"select check_severity, count(*) from test_failures.{view} where check_name = ? "
                   "group by all", params=[warn_rule]).fetchall() == [("warn", 2)]
    con.close()


def test_rows_of_no_document_fail_the_build(small_published, tmp_path):
    # through the dbt process a small build uses (ingest/dbt_process.py): parsed before it is
    # asked, the verdict raised here as it is raised in-process
    db, docs, _ = _prepared(small_published, tmp_path, orphan=True)
    progress = []
    with DbtProcess(db) as dbt, pytest.raises(PipelineBroken, match="rows that belong to no document") as e:
        dbt.run(docs, on_node=lambda done, total, name: progress.append((done, total)))
    assert "with no document_id" in str(e.value)
    assert len(progress) > 50 and all(done <= total for done, total in progress)  # nodes reported as they finish
