"""The dbt selection a rebuild with nothing changed uses ($WAREHOUSE_DBT_SELECT, set by the
pipeline) must not leak in from the caller's environment: a rebuild from the published file
whose documents changed would then make only the selected nodes and publish the earlier
build's marts, which lack the new document."""
from __future__ import annotations

import json

import duckdb
import pytest

from conftest import TINY_REPORT, run_warehouse, write_tiny_corpus
from ingest.quarantine import SELECT_ENV

pytestmark = pytest.mark.e2e


def test_a_selection_in_the_callers_environment_makes_no_partial_build(tmp_path):
    docs = write_tiny_corpus(tmp_path / "docs")
    db = tmp_path / "wh.duckdb"
    first = run_warehouse("build", "--documents", str(docs), "--database", str(db))
    assert first.returncode == 0, first.stderr
    # a second report: other figures, so other facts
    (docs / "rapport2.txt").write_text(TINY_REPORT.replace("3 000", "3 300").replace("2 850", "2 950"), encoding="utf-8")

    res = run_warehouse("build", "--documents", str(docs), "--database", str(db),
                        env={SELECT_ENV: "source:raw.build_run+"})

    assert res.returncode == 0, res.stderr
    last = json.loads((tmp_path / "wh.duckdb.builds.jsonl").read_text().splitlines()[-1])
    assert last["started_from_published"] and not last["raw_load"]["marts_kept"]  # the case at risk
    con = duckdb.connect(str(db), read_only=True)
    try:
        raw = {r[0] for r in con.sql("select document_id from raw.document").fetchall()}
        assert len(raw) == 2
        for mart in ("dim_document", "dim_section", "fct_indicator_value"):
            held = {r[0] for r in con.sql(f"select distinct document_id from marts.{mart}").fetchall()}
            assert held == raw, mart  # the new document's rows too
    finally:
        con.close()
