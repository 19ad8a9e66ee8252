"""Build file -> checks passed -> atomic replace of the served file.

DuckDB allows one writer or many readers, never both, so a build never touches the
served file: it builds `<target>.build.tmp` beside it, checkpoints and closes
it, and `os.replace`s it onto the target. Open readers keep the old inode; new
connections see the new file. A lock file keeps two builds apart; a lock whose
process is gone is taken over.
"""
from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ingest.load import CORE_TABLES

STORAGE_COMPATIBILITY = "v1.4.0"
# DuckDB's buffer pool defaults to 80% of RAM; the build keeps it small (it spills to disk
# beyond) so a large corpus builds within about 1 GiB. dbt's profile sets the same.
BUILD_MEMORY_LIMIT = "400MB"


class BuildLocked(RuntimeError):
    """Another build holds the lock on this target."""


@dataclass
class BuildPaths:
    target: Path
    run_id: str

    @property
    def build_file(self) -> Path:
        # One name per target (the lock admits one build at a time): dbt's profile then
        # points at the same path every night, so its partial parsing stays valid.
        return self.target.with_name(f"{self.target.name}.build.tmp")

    @property
    def dbt_dir(self) -> Path:
        """dbt's target and log folder for this served file (partial-parse state survives builds)."""
        return self.target.with_name(self.target.name + ".dbt")

    @property
    def lock_file(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    @property
    def log_file(self) -> Path:
        return self.target.with_name(self.target.name + ".builds.jsonl")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def acquire_lock(paths: BuildPaths) -> None:
    """Take the target's lock or raise BuildLocked naming the running build."""
    info = {"pid": os.getpid(), "host": socket.gethostname(), "run_id": paths.run_id,
            "started_at": datetime.now(timezone.utc).isoformat()}
    for _ in range(2):
        try:
            fd = os.open(paths.lock_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(paths.lock_file)
            pid = holder.get("pid")
            same_host = holder.get("host") in (None, socket.gethostname())
            if isinstance(pid, int) and same_host and not _pid_alive(pid):
                # A dead build's lock: take it over.
                paths.lock_file.unlink(missing_ok=True)
                continue
            if not holder:
                # An unreadable lock may be one being written this instant; treat as held.
                raise BuildLocked(f"another build holds {paths.lock_file} (lock unreadable)")
            raise BuildLocked(
                f"another build is running on {paths.target.name}: pid {pid} on {holder.get('host')}, "
                f"run {holder.get('run_id')}, started {holder.get('started_at')} (lock {paths.lock_file})")
        with os.fdopen(fd, "w") as f:
            json.dump(info, f)
        return
    raise BuildLocked(f"could not take {paths.lock_file}")


def _read_lock(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def release_lock(paths: BuildPaths) -> None:
    holder = _read_lock(paths.lock_file)
    if holder.get("pid") == os.getpid():
        paths.lock_file.unlink(missing_ok=True)


def remove_stale_build_files(target: Path) -> list[Path]:
    """Delete build files (and their WALs) left by killed builds. Call with the lock held."""
    removed = []
    for p in target.parent.glob(f"{target.name}.build*.tmp*"):
        p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def create_build_database(path: Path) -> duckdb.DuckDBPyConnection:
    """A new DuckDB file readable by DuckDB 1.4 (BI tools embed older engines)."""
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_COMPATIBILITY,
                                             "memory_limit": BUILD_MEMORY_LIMIT})


def finalize_and_publish(build_file: Path, target: Path) -> None:
    """Checkpoint the build file, make sure no WAL is left, and swap it onto the target."""
    con = duckdb.connect(str(build_file))
    try:
        con.sql("checkpoint")
    finally:
        con.close()
    wal = Path(str(build_file) + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} still exists after checkpoint; refusing to publish")
    fd = os.open(build_file, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(build_file, target)
    dfd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def append_build_log(paths: BuildPaths, record: dict) -> None:
    """One JSON line per build, published or failed (a failed build has no file to log in)."""
    paths.log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(paths.log_file, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")


def read_build_log(target: Path) -> list[dict]:
    log = BuildPaths(target, "-").log_file
    if not log.exists():
        return []
    out = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a kill mid-write
    return out


def previous_runs(target: Path) -> list[dict]:
    """Published builds recorded in the served file, carried into the new one."""
    if not target.exists():
        return []
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        return []
    try:
        cols = list(CORE_TABLES["build_run"])
        have = {r[0] for r in con.sql(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'meta_build_run'").fetchall()}
        if not have:
            return []
        sel = ", ".join(c if c in have else f"null as {c}" for c in cols)
        return [dict(zip(cols, row)) for row in con.sql(f"select {sel} from marts.meta_build_run").fetchall()]
    finally:
        con.close()
