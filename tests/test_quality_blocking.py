"""Quarantine, not block; expectations are findings.

One real build (the `warehouse` command) over a small corpus with two kinds of trouble:

* a plan whose economic tables are cut out (found by layout: a tab-separated header naming
  money columns, followed by rows ending in a number), so its plan_and_budget section
  promises budget tables and yields none: a `no_facts` finding, never a failed build;
* a meeting call (invented names) given one raw row that breaks a blocking rule (an activity
  status outside the vocabulary, injected with WAREHOUSE_FAULT=rule_break:<file>, so the
  test does not depend on an extractor gap): that document is quarantined with the rule and
  example lines, the rest publishes.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.document import SectionIndex
from ingest.extract import economics, indicators
from ingest.registry import read_document
from ingest.segment import segment
from conftest import DOCUMENTS, run_warehouse

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).parent / "fixtures" / "quarantine"
KALLELSE = "kallelse_two_columns.txt"
RULE = "accepted_values_fct_activity_status_status"

_NUMERIC = re.compile(r"^[+\-−–]?\s?\d[\d ]*(,\d+)?\s?%?$")
_MONEY_HEADER_WORDS = ("budget", "belopp", "intäkt", "kostnad", "utfall", "prognos")


def _ends_in_number(line: str) -> bool:
    cells = [c.strip() for c in line.split("\t")[1:] if c.strip()]
    return "\t" in line and bool(cells) and bool(_NUMERIC.match(re.sub(r"</?i>", "", cells[-1])))


def drop_economic_tables(text: str) -> str:
    """The text without its tab-separated money tables (header through the next blank line)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        is_header = ("\t" in line and any(w in line.lower() for w in _MONEY_HEADER_WORDS)
                     and i + 1 < len(lines) and _ends_in_number(lines[i + 1]))
        if is_header:
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _corpus(dest: Path) -> Path:
    """The goal follow-up as is, the plan without its money tables, the meeting call."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(DOCUMENTS.glob("*.txt")):
        if p.name.startswith("002"):
            shutil.copy(p, dest / p.name)
        elif p.name.startswith("003"):
            (dest / p.name).write_text(drop_economic_tables(p.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(FIXTURES / KALLELSE, dest / KALLELSE)
    return dest


def test_broken_plan_yields_no_financial_lines_but_keeps_its_measures(tmp_path):
    # the premise of the build below: only economics is starved
    docs = _corpus(tmp_path / "docs")
    path = next(docs.glob("003_*.txt"))
    original = next(DOCUMENTS.glob("003_*.txt")).read_text(encoding="utf-8")
    assert len(path.read_text(encoding="utf-8").split("\n")) < len(original.split("\n"))
    doc = read_document(path).document
    sections = segment(doc)
    assert any(s.section_kind == "plan_and_budget" for s in sections)
    index = SectionIndex(sections)
    # no table left: only figures stated in sentences (source_kind 'prose') remain
    rows = economics.extract(doc, index)["financial_amount"]
    assert [r for r in rows if r["source_kind"] == "table"] == []
    assert len(indicators.extract(doc, index)["indicator_value"]) > 0


@pytest.fixture(scope="module")
def troubled(tmp_path_factory):
    root = tmp_path_factory.mktemp("troubled")
    docs = _corpus(root / "docs")
    db = root / "wh.duckdb"
    # the meeting call's rows break a blocking rule (injected: whatever its extractors read)
    res = run_warehouse("build", "--documents", str(docs), "--database", str(db),
                        env={"WAREHOUSE_FAULT": f"rule_break:{KALLELSE}"})
    return res, db


def test_build_publishes_and_names_the_quarantined_document(troubled):
    res, db = troubled
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert f"[doc] {KALLELSE}: QUARANTINED" in res.stdout
    assert f"quarantined: {KALLELSE}: {RULE}" in res.stdout
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith("[summary] documents needing attention: 1 (quarantined 1"), last
    assert last.endswith("see `warehouse check`")


def test_quarantined_document_has_its_reason_and_no_facts_in_the_marts(troubled):
    _, db = troubled
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = {r[0]: r[1:] for r in con.sql(
            "select source_file, load_status, quarantine_reason, load_error from marts.dim_document").fetchall()}
        status, reason, error = docs[KALLELSE]
        assert status == "quarantined" and reason == error
        # rule, model.column, row count and an example printed line
        assert re.search(RULE + r"\S* \(fct_activity_status\.status\): \d+ row\(s\), "
                         r"e\.g\. line \d+ \"", reason), reason
        assert {docs[n][0] for n in docs if n != KALLELSE} == {"loaded"}
        kallelse_id = con.sql("select document_id from marts.dim_document where source_file = ?",
                              params=[KALLELSE]).fetchall()[0][0]
        for table in ("fct_attendance", "dim_section", "dim_source_line", "dq_finding"):
            n = con.sql(f"select count(*) from marts.{table} where document_id = ?", params=[kallelse_id]).fetchall()
            assert n == [(0,)], table
        # the others published their facts
        assert con.sql("select count(*) from marts.fct_indicator_value").fetchall()[0][0] > 0
        assert con.sql("select count(*) from marts.fct_attendance").fetchall() == [(0,)]
        # the failing-row views of the first pass are not published
        assert con.sql("select count(*) from information_schema.schemata where schema_name = 'test_failures'"
                       ).fetchall() == [(0,)]
    finally:
        con.close()


def test_a_section_without_its_promised_facts_is_a_no_facts_finding(troubled):
    _, db = troubled
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql("""
            select f.section_id, f.source_line, f.subject, f.detail, s.line_start, s.line_end
            from marts.dq_finding f join marts.dim_document d using (document_id)
            left join marts.dim_section s using (section_id)
            where f.finding_kind = 'no_facts' and d.source_file like '003%'""").fetchall()
    finally:
        con.close()
    assert len(rows) == 1, rows
    section_id, line, subject, detail, start, end = rows[0]
    assert subject.startswith("plan_and_budget") and line == start
    assert detail.startswith(f"lines {start}-{end}: a plan_and_budget section yields 0 fct_financial_line")
    assert "fct_indicator_value" not in detail  # its measures are still there


def test_check_lists_the_quarantined_document_first_and_strict_exits_1(troubled):
    _, db = troubled
    res = run_warehouse("check", "--database", str(db))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("Documents needing attention: 1 (quarantined 1")
    assert lines[1].startswith(f"  {KALLELSE}: quarantined: {RULE}")
    strict = run_warehouse("check", "--strict", "--database", str(db))
    assert strict.returncode == 1
    assert strict.stdout == res.stdout


def test_intact_plan_has_no_no_facts_finding(wh):
    # the same plan, intact, in the session build: the finding above comes from the cut tables alone
    rows = wh.sql("""
        select count(*) from marts.dq_finding f join marts.dim_document d using (document_id)
        where f.finding_kind = 'no_facts' and d.source_file like '003%'""").fetchall()
    assert rows == [(0,)]
