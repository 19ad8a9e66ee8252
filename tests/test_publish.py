"""Publishing: a build that fails half-way leaves the served file readable and unchanged."""
from __future__ import annotations

import hashlib
import json

import duckdb
import pytest

from conftest import publish_copy, run_warehouse, write_tiny_corpus
from ingest.publish import BuildLocked, BuildPaths, acquire_lock, release_lock


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def tiny_corpus(tmp_path):
    return write_tiny_corpus(tmp_path / "docs")


@pytest.mark.e2e
@pytest.mark.parametrize("point", ["ingest", "raw_load", "dbt", "checks", "before_swap"])
def test_failure_at_any_stage_leaves_published_file_unchanged(tmp_path, tiny_corpus, small_published, point):
    db = publish_copy(small_published, tmp_path)
    before = sha(db)

    res = run_warehouse("build", "--documents", str(tiny_corpus), "--database", str(db),
                        env={"WAREHOUSE_FAULT": f"{point}:fail"})

    assert res.returncode == 1
    assert "left unchanged" in res.stderr
    assert sha(db) == before
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("select count(*) from marts.meta_build_run").fetchall()[0][0] == 1
    con.close()
    leftovers = [p.name for p in tmp_path.iterdir() if ".build." in p.name or p.name.endswith(".wal")]
    assert not leftovers
    log = [json.loads(line) for line in (tmp_path / "wh.duckdb.builds.jsonl").read_text().splitlines()]
    # the published build logged 'publishing' before its swap and 'published' after it
    assert [r["status"] for r in log] == ["publishing", "published", "failed"]
    assert f"injected failure at {point}" in log[-1]["error"]
    status = run_warehouse("status", "--database", str(db))
    assert "last failure:" in status.stdout and point in status.stdout


def test_lock_names_the_running_build_and_dead_locks_are_taken_over(tmp_path):
    target = tmp_path / "wh.duckdb"
    first = BuildPaths(target, "run-a")
    acquire_lock(first)
    with pytest.raises(BuildLocked, match=r"pid \d+"):
        acquire_lock(BuildPaths(target, "run-b"))
    release_lock(first)
    # A lock left by a process that no longer exists.
    first.lock_file.write_text(json.dumps({"pid": 2 ** 22 + 12345, "run_id": "dead"}))
    acquire_lock(BuildPaths(target, "run-c"))
    assert json.loads(first.lock_file.read_text())["run_id"] == "run-c"
