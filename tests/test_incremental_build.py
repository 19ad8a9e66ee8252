"""A build that starts from the published file (ingest/incremental.py) gives the marts a
build from an empty file gives; it starts empty whenever the published file may not be
the same code's."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from ingest.incremental import build_fingerprint, can_start_from


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


# A build from the published file against a full build, on real builds: test_operations.py
# (test_a_rebuild_from_the_published_file_equals_a_full_build), whose night of builds makes one.
