"""The dbt selection a rebuild with nothing changed uses ($WAREHOUSE_DBT_SELECT, set by the
pipeline) must not leak in from the caller's environment: a rebuild from the published copy
whose documents changed would then make only the selected nodes and publish the copy's
marts, computed from the documents that are gone."""
from __future__ import annotations

import json

import duckdb
import pytest

from conftest import publish_copy, run_warehouse, write_tiny_corpus
from ingest.quarantine import SELECT_ENV

pytestmark = pytest.mark.e2e


def test_a_selection_in_the_callers_environment_makes_no_partial_build(tmp_path, small_published):
    db = publish_copy(small_published, tmp_path / "served")
    docs = write_tiny_corpus(tmp_path / "docs")  # other documents than the published file's

    res = run_warehouse("build", "--documents", str(docs), "--database", str(db),
                        env={SELECT_ENV: "source:raw.build_run+"})

    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        raw = {r[0] for r in con.sql("select document_id from raw.document").fetchall()}
        for mart in ("dim_document", "fct_indicator_value", "dim_section"):
            held = {r[0] for r in con.sql(f"select distinct document_id from marts.{mart}").fetchall()}
            assert held and held <= raw, mart  # this build's documents only
    finally:
        con.close()
    last = json.loads((db.parent / f"{db.name}.builds.jsonl").read_text().splitlines()[-1])
    assert last["started_from_published"] and not last["raw_load"]["marts_kept"]  # the case at risk
