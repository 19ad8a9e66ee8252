"""A build that starts from the published file (ingest/incremental.py) gives the marts a
build from an empty file gives; it starts empty whenever the published file may not be
the same code's."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.executors.same_facts import differences
from ingest.incremental import build_fingerprint, can_start_from
from ingest.publish import COMPACT_FREE_SHARE, free_share
from conftest import run_warehouse

# Tables that differ between any two builds: their rows are this run's (ids, times, history).
PER_RUN = ("marts.dq_expectation_result", "marts.meta_build_run", "marts.meta_fact_fingerprint")


def _log(db: Path, *records: dict) -> None:
    Path(f"{db}.builds.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def _published(db: Path, fingerprint: str, inode: int | None = None) -> list[dict]:
    base = {"run_id": "r1", "started_at": "2026-01-01T00:00:00", "fingerprint": fingerprint}
    return [{**base, "status": "publishing", "inode": inode or db.stat().st_ino}, {**base, "status": "published"}]


def test_starts_from_the_published_file_only_when_it_is_this_codes_own(tmp_path):
    db = tmp_path / "wh.duckdb"
    assert can_start_from(db) is None  # nothing published
    duckdb.connect(str(db)).close()
    assert can_start_from(db) is None  # no log
    _log(db, *_published(db, "another-fingerprint"))
    assert can_start_from(db) is None  # other code
    _log(db, *_published(db, build_fingerprint(), inode=db.stat().st_ino + 1))
    assert can_start_from(db) is None  # the served file was replaced since
    _log(db, *_published(db, build_fingerprint()))
    assert "r1" in can_start_from(db)
    _log(db, *_published(db, build_fingerprint()), {"run_id": "r2", "status": "failed", "fingerprint": "x"})
    assert "r1" in can_start_from(db)  # a failed build changes nothing


@pytest.mark.e2e
def test_a_rebuild_from_the_published_file_equals_a_full_build(small_published, small_corpus, tmp_path):
    # The published file as it stands after its build (a hard link keeps its inode, as the log says).
    inc = tmp_path / "inc" / small_published.name
    inc.parent.mkdir()
    os.link(small_published, inc)
    shutil.copy(f"{small_published}.builds.jsonl", f"{inc}.builds.jsonl")
    con = duckdb.connect(str(small_published), read_only=True)
    old_ids = {r[0] for r in con.sql("select document_id from marts.dim_document").fetchall()}
    con.close()

    corpus = Path(shutil.copytree(small_corpus, tmp_path / "docs"))
    plan = next(corpus.glob("003_*"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("Regionstyrelsen", "Regionstyrelsen Väst", 1),
                    encoding="utf-8")

    res = run_warehouse("build", "--documents", str(corpus), "--database", str(inc))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    record = json.loads(Path(f"{inc}.builds.jsonl").read_text().splitlines()[-1])
    assert record["status"] == "published" and record["started_from_published"] is True
    assert os.stat(small_published).st_ino != os.stat(inc).st_ino  # the template was only read

    full = tmp_path / "full" / small_published.name
    res = run_warehouse("build", "--no-cache", "--documents", str(corpus), "--database", str(full))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert json.loads(Path(f"{full}.builds.jsonl").read_text().splitlines()[-1])["started_from_published"] is False

    assert [d for d in differences(inc, full) if not d.startswith(PER_RUN)] == []
    # The copy's replaced tables and deleted rows freed blocks; the published file was
    # rewritten without them, so it does not grow night after night (ingest/publish.py).
    assert record["compacted_free_share"] > COMPACT_FREE_SHARE
    assert free_share(inc) <= COMPACT_FREE_SHARE
    assert inc.stat().st_size <= 1.1 * full.stat().st_size
    con = duckdb.connect(str(inc), read_only=True)
    try:
        now = {r[0] for r in con.sql("select document_id from marts.dim_document").fetchall()}
        lines = {r[0] for r in con.sql("select distinct document_id from marts.dim_source_line").fetchall()}
        sections = {r[0] for r in con.sql("select distinct document_id from marts.dim_section").fetchall()}
    finally:
        con.close()
    assert len(now - old_ids) == 1 and len(old_ids - now) == 1  # the plan has a new id
    assert lines == sections == now  # the old plan's rows are gone, the new plan's are in
