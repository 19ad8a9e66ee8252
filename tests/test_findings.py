"""format_findings on a tiny hand-made warehouse: documents needing attention first, grouping
by document, printed lines, document-level findings, and the empty case."""
from __future__ import annotations

import duckdb
import pytest

from ingest.findings import attention_counts, documents_needing_attention, format_findings


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("create schema marts")
    c.execute("create table marts.dim_document (document_id varchar, source_file varchar, genre varchar, "
              "load_status varchar, load_error varchar)")
    c.execute("create table marts.dim_source_line (document_id varchar, source_line integer, section_id varchar, text varchar)")
    c.execute("""create table marts.dq_reconciliation (check_id varchar, document_id varchar, section_id varchar,
        check_kind varchar, subject varchar, stated_value double, computed_value double, difference double,
        tolerance double, status varchar, source_line integer, rule varchar, line_items varchar, note varchar)""")
    c.execute("""create table marts.dq_finding (finding_id varchar, document_id varchar, section_id varchar,
        source_line integer, domain varchar, finding_kind varchar, subject varchar, detail varchar)""")
    c.execute("insert into marts.dim_document values ('d1', 'b_plan.txt', 'plan_and_budget', 'loaded', null), "
              "('d2', 'a_protocol.txt', 'protocol_excerpts', 'loaded', null)")
    c.execute("insert into marts.dim_source_line values ('d1', 306, 's', 'TOTALT\t202\t-427,7\t\t\t'), "
              "('d2', 108, 's', 'Regionfullmäktiges presidium §§ Paragrafer')")
    yield c
    c.close()


def test_empty_warehouse_says_no_findings(con):
    text = format_findings(con)
    assert text.startswith("Documents needing attention: 0\n")
    assert "0 checks, 0 fail" in text
    assert text.rstrip().endswith("No findings.")


def test_failed_quarantined_unknown_and_factless_documents_come_first_with_their_reasons(con):
    con.execute("""insert into marts.dim_document values
        ('d3', 'c_binary.txt', null, 'failed', 'binary file (NUL bytes)'),
        ('d4', 'd_kallelse.txt', 'unknown', 'quarantined',
         'not_null_fct_attendance_meeting_id (fct_attendance.meeting_id): 2 row(s), e.g. line 7'),
        ('d5', 'e_note.txt', 'unknown', 'loaded', null),
        ('d6', 'f_report.txt', 'report', 'loaded', null)""")
    con.execute("""insert into marts.dq_finding values
        ('f1', 'd5', null, null, 'core', 'no_facts', 'e_note.txt', 'no facts found in 12 lines (genre unknown, 1 sections: other)'),
        ('f2', 'd6', 's6', 3, 'core', 'no_facts', 'interim_report', 'lines 3-40: a interim_report section yields 0 fct_indicator_value')""")
    docs = documents_needing_attention(con)
    assert [d[0] for d in docs] == ["c_binary.txt", "d_kallelse.txt", "e_note.txt"]  # a section-level no_facts is not a document without facts
    assert docs[1][1] == ["quarantined", "unknown genre"]
    assert attention_counts(docs) == {"failed": 1, "quarantined": 1, "unknown genre": 2, "without facts": 1}
    text = format_findings(con)
    head = text.split("\n\n")[0].splitlines()
    assert head[0] == ("Documents needing attention: 3 (failed 1, quarantined 1, unknown genre 2, without facts 1)")
    assert head[1] == "  c_binary.txt: failed: binary file (NUL bytes)"
    assert head[2].startswith("  d_kallelse.txt: quarantined: not_null_fct_attendance_meeting_id")
    assert "no facts found in 12 lines" in head[3]
    assert "f_report.txt" not in "\n".join(head)
    assert "line 3: core/no_facts interim_report" in text  # the section finding is listed with the others


def test_fails_and_findings_grouped_by_document_with_the_printed_line(con):
    con.execute("""insert into marts.dq_reconciliation values
        ('c1', 'd1', 's', 'column_sum', 'TOTALT | Personal', -427.7, -426.5, -1.2, 1.0, 'fail', 306,
         'grand_total_of_top_level_rows', 'A + B + C', null),
        ('c2', 'd1', 's', 'column_sum', 'TOTALT | Extern', 202, 201.7, 0.3, 1.0, 'pass', 306,
         'grand_total_of_top_level_rows', 'A + B + C', null)""")
    con.execute("""insert into marts.dq_finding values
        ('f1', 'd2', 's', 108, 'governance', 'parse_issue', 'meeting: presidium', 'paragraph range not filled in'),
        ('f2', 'd2', null, null, 'core', 'extraction_error', 'economics', 'ValueError: boom')""")
    text = format_findings(con)
    assert "2 checks, 1 fail" in text
    blocks = text.split("\n== ")
    assert [b.split(":")[0] for b in blocks[1:]] == ["a_protocol.txt", "b_plan.txt"]
    plan = blocks[2]
    assert "1 reconciliation failure(s), 0 finding(s)" in plan
    assert "printed -427.7, computed -426.5, difference -1.2, tolerance ±1" in plan
    assert "306 | TOTALT | 202 | -427,7\n" in plan + "\n"   # trailing empty cells dropped
    assert "TOTALT | Extern" not in plan                      # passes are not findings
    protocol = blocks[1]
    assert "line 108: governance/parse_issue meeting: presidium" in protocol
    assert "108 | Regionfullmäktiges presidium §§ Paragrafer" in protocol
    assert "document: core/extraction_error economics" in protocol
    assert "(document-level)" in protocol
