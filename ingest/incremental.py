"""Whether a build may start from the published file instead of an empty one.

A build starts from a copy of the published file when that file was built by the same
parser and dbt project (the fingerprint below, recorded in the build log's published line,
and the served file is still that build's file: the same inode). Then the seeds are not
loaded again (they are part of the fingerprint) and the marts materialised `by_document`
(dbt_project/macros/materialization_by_document.sql) only add the rows of new documents and
drop those of documents gone. Anything else - another fingerprint, no log, a replaced
file, `--no-cache` - builds from an empty file, as every build did before.

The copy is the build file: the published file is never opened for writing, and a failed
build leaves it as it was.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import duckdb

from ingest.cache import code_fingerprint
from ingest.publish import published_runs, read_build_log

REPO_ROOT = Path(__file__).resolve().parent.parent
_DBT_FILES = ("dbt_project/**/*.sql", "dbt_project/*.yml", "models/**/*.sql", "models/**/*.yml",
              "seeds/**/*.yml", "contract/*.yml")


@lru_cache(maxsize=1)
def build_fingerprint() -> str:
    """Hash of what decides the marts: the parser (code and seeds) and the dbt project, with
    the versions of DuckDB and dbt."""
    from importlib.metadata import version  # dbt's own version string, without importing dbt (~3 s)

    h = hashlib.sha256(f"{code_fingerprint()}|{duckdb.__version__}|{version('dbt-core')}".encode())
    files = sorted({p for pattern in _DBT_FILES for p in REPO_ROOT.glob(pattern) if p.is_file()})
    for p in files:
        h.update(str(p.relative_to(REPO_ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def can_start_from(target: Path) -> str | None:
    """Why a build may start from the published file, or None (then it starts empty)."""
    try:
        inode = target.stat().st_ino
    except OSError:
        return None
    runs = published_runs(target)
    if not runs:
        return None
    last = runs[-1]
    if last.get("fingerprint") != build_fingerprint():
        return None
    logged = [r.get("inode") for r in read_build_log(target)
              if r.get("run_id") == last["run_id"] and r.get("status") == "publishing"]
    if not logged or logged[-1] != inode:  # the served file is not the last logged build's
        return None
    return f"the published file (run {last['run_id']}) was built by the same parser and dbt project"


def copy_published(target: Path, build_file: Path) -> None:
    """The published file, copied whole to the build file (then opened for writing)."""
    tmp = build_file.with_name(build_file.name + ".copy")
    with open(target, "rb") as src, open(tmp, "wb") as dst:
        while chunk := src.read(16 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, build_file)
