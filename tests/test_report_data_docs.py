"""Data Docs: written from a real GX run, offline (no external asset) and with document
text escaped; staged during the checks and published only with the build."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from expectations import run_expectations
from expectations.data_docs import publish_data_docs
from expectations.spec import InSet, NotNull, Suite

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")


def _db_with_payloads(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.sql("create schema raw")
    con.sql("create table raw.document (document_id varchar, title varchar, line_count bigint, document_date date)")
    con.executemany("insert into raw.document values (?, ?, ?, ?)",
                    [("doc_a", "Protokoll " + PAYLOADS[0], 3, None), ("doc_b", "Kallelse " + PAYLOADS[1], 2, None), ("doc_c", "Plan", 1, None)])
    con.close()
    return path


def _site_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html")))


def test_data_docs_escape_document_text_and_need_no_network(tmp_path):
    db = _db_with_payloads(tmp_path / "w.duckdb")
    suites = [Suite(name="raw_document_titles", table="raw.document", blocking=False,
                    why="Warning: titles <b>as printed</b>.",
                    checks=(NotNull("title"), InSet("title", ("Plan",))))]
    docs = tmp_path / "build" / "data_docs"
    run = run_expectations(db, "run-xss", docs, suites=suites)
    # the failing expectation carries the document text as its sample
    observed = " ".join(run.results["observed"].to_list())
    assert PAYLOADS[0] in observed and "onerror" in observed
    assert not docs.exists(), "the checks stage the site; only publishing writes it"
    assert publish_data_docs(docs) == docs / "index.html"

    html = _site_text(docs)
    assert "raw_document_titles" in html
    assert "<script" not in html.lower(), "no script at all: the pages need none"
    assert "<img" not in html.lower() and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    # offline: no asset is loaded from anywhere (links between our own pages only)
    refs = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    assert refs and all(not r.startswith(("http:", "https:", "//")) for r in refs), refs
    assert all((docs / "validations" / r).resolve().exists() for r in refs if r.startswith(".."))
    assert "@import" not in html and "url(" not in html
