"""format_findings on a tiny hand-made warehouse: grouping by document, printed lines,
document-level findings, and the empty case."""
from __future__ import annotations

import duckdb
import pytest

from ingest.findings import format_findings


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("create schema marts")
    c.execute("create table marts.dim_document (document_id varchar, source_file varchar)")
    c.execute("create table marts.dim_source_line (document_id varchar, source_line integer, section_id varchar, text varchar)")
    c.execute("""create table marts.dq_reconciliation (check_id varchar, document_id varchar, section_id varchar,
        check_kind varchar, subject varchar, stated_value double, computed_value double, difference double,
        tolerance double, status varchar, source_line integer, rule varchar, line_items varchar, note varchar)""")
    c.execute("""create table marts.dq_finding (finding_id varchar, document_id varchar, section_id varchar,
        source_line integer, domain varchar, finding_kind varchar, subject varchar, detail varchar)""")
    c.execute("insert into marts.dim_document values ('d1', 'b_plan.txt'), ('d2', 'a_protocol.txt')")
    c.execute("insert into marts.dim_source_line values ('d1', 306, 's', 'TOTALT\t202\t-427,7\t\t\t'), "
              "('d2', 108, 's', 'Regionfullmäktiges presidium §§ Paragrafer')")
    yield c
    c.close()


def test_empty_warehouse_says_no_findings(con):
    text = format_findings(con)
    assert "0 checks, 0 fail" in text
    assert text.rstrip().endswith("No findings.")


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
