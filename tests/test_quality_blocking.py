"""Blocking checks: a document that stops yielding a fact its sections promise fails the
build, and the published warehouse stays as it was.

The broken corpus is the bundled corpus with the plan and budget's economic tables cut
out, found by layout (a tab-separated header naming money columns, followed by rows ending
in a number), so the economics extractor finds nothing in a plan_and_budget document while
every other extractor still works. (The whole corpus, not a small one: other domains' global
row-count minimums are calibrated on it.)
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from ingest.document import SectionIndex
from ingest.extract import economics, indicators
from ingest.registry import read_document
from ingest.segment import segment
from tests.conftest import DOCUMENTS, publish_copy, run_warehouse

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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _broken_corpus(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(DOCUMENTS.glob("*.txt")):
        if p.name.startswith("003"):
            (dest / p.name).write_text(drop_economic_tables(p.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copy(p, dest / p.name)
    return dest


def test_broken_plan_yields_no_financial_lines_but_keeps_its_measures(tmp_path):
    # the premise of the build test below: only economics is starved
    docs = _broken_corpus(tmp_path / "docs")
    path = next(docs.glob("003_*.txt"))
    original = next(DOCUMENTS.glob("003_*.txt")).read_text(encoding="utf-8")
    assert len(path.read_text(encoding="utf-8").split("\n")) < len(original.split("\n"))
    doc = read_document(path).document
    sections = segment(doc)
    assert any(s.section_kind == "plan_and_budget" for s in sections)
    index = SectionIndex(sections)
    assert sum(len(v) for v in economics.extract(doc, index).values()) == 0
    assert len(indicators.extract(doc, index)["indicator_value"]) > 0


@pytest.mark.e2e
def test_document_missing_its_financial_lines_fails_the_build_and_keeps_the_published_file(
        built_warehouse, tmp_path):
    db = publish_copy(built_warehouse, tmp_path / "served")
    before = _sha256(db)
    docs = _broken_corpus(tmp_path / "docs")

    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))

    output = res.stdout + res.stderr
    assert res.returncode == 1, output[-3000:]
    assert "quality_expected_facts_per_document" in output, output[-3000:]
    assert _sha256(db) == before
    assert not db.with_name(db.name + ".wal").exists()


@pytest.mark.e2e
def test_intact_corpus_passes_the_expected_facts(wh):
    # the same documents, intact, were published by the session build: the plan yields
    # financial lines there, so the failure above comes from the cut tables alone
    per_doc = dict(wh.sql("""
        select d.source_file, count(f.financial_line_id)
        from marts.dim_document d left join marts.fct_financial_line f using (document_id)
        group by 1""").fetchall())
    assert any(name.startswith("003") and n > 0 for name, n in per_doc.items())
