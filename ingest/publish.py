"""Build file -> checks passed -> atomic replace of the served file.

DuckDB allows one writer or many readers, never both, so a build never touches the
served file: it builds `<target>.build.tmp` beside it, checkpoints and closes
it, and `os.replace`s it onto the target. Open readers keep the old inode; new
connections see the new file. A lock file keeps two builds apart; a lock that is empty,
unreadable, left by a process that is gone, or older than a configurable age is taken
over, and the build says so.

The build log `<target>.builds.jsonl` is the source of truth for the build history: a
'publishing' line (with the build file's inode) before the swap and a 'published' line
after it. meta_build_run is rebuilt from it by every build, so neither a kill between swap
and log nor a served file another process holds open can erase the history.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ingest.load import CORE_TABLES
from ingest.serve.held_copy import checkpoint_copy

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
        # One name per target (the lock admits one build at a time). DuckDB names the catalog
        # after the file name's first part, the same as the target's: views that name their
        # catalog (dbt's refs do) still resolve in the published file.
        return self.target.with_name(f"{self.target.name}.build.tmp")

    @property
    def lock_file(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    @property
    def log_file(self) -> Path:
        return self.target.with_name(self.target.name + ".builds.jsonl")


# A lock older than this is taken over even when its process still runs (a hung build
# must not stop every later night). `warehouse build --lock-max-age` overrides it.
DEFAULT_LOCK_MAX_AGE_SECONDS = 6 * 3600


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_start(pid: int) -> int | None:
    """When the process started (clock ticks since boot, /proc/<pid>/stat field 22), or None:
    with the pid it tells a lock's own process from a later one that reused the pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _stale(raw: bytes | None, holder: dict, lock: Path, max_age_seconds: float | None) -> str | None:
    """Why the lock may be taken over, or None when its build may still be running."""
    if raw is not None and not raw.strip():
        return "the lock file is empty"
    if not holder:
        return "the lock file is unreadable"
    pid = holder.get("pid")
    same_host = holder.get("host") in (None, socket.gethostname())
    if isinstance(pid, int) and same_host:
        if not _pid_alive(pid):
            return f"its build (pid {pid}, run {holder.get('run_id')}) is no longer running"
        started = holder.get("process_start")
        if started is not None and process_start(pid) not in (None, started):
            return f"its build (pid {pid}, run {holder.get('run_id')}) is no longer running (the pid is reused)"
    if max_age_seconds is not None:
        try:
            age = time.time() - lock.stat().st_mtime
        except OSError:
            return None
        if age > max_age_seconds:
            return (f"it is older than {max_age_seconds:.0f} s ({age:.0f} s; pid {pid} on {holder.get('host')}, "
                    f"run {holder.get('run_id')})")
    return None


def acquire_lock(paths: BuildPaths, max_age_seconds: float | None = DEFAULT_LOCK_MAX_AGE_SECONDS) -> str | None:
    """Take the target's lock or raise BuildLocked naming the running build. Returns a line
    saying which stale lock was taken over and why, or None.

    The lock is written whole to a temporary file and linked into place (link fails when the
    lock exists), so no build ever sees a half-written lock, and a full disk fails this build
    instead of leaving an empty lock behind."""
    info = {"pid": os.getpid(), "host": socket.gethostname(), "run_id": paths.run_id,
            "started_at": datetime.now(timezone.utc).isoformat(), "process_start": process_start(os.getpid())}
    lock = paths.lock_file
    tmp = lock.with_name(f"{lock.name}.{os.getpid()}.tmp")
    taken_over = None
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(info, f)
            f.flush()
            os.fsync(f.fileno())
        for _ in range(5):
            try:
                os.link(tmp, lock)
                return taken_over
            except FileExistsError:
                pass
            raw = _read_bytes(lock)
            holder = _parse(raw)
            why = _stale(raw, holder, lock, max_age_seconds)
            if why is None:
                if raw is None:
                    continue  # released this instant
                raise BuildLocked(
                    f"another build is running on {paths.target.name}: pid {holder.get('pid')} on "
                    f"{holder.get('host')}, run {holder.get('run_id')}, started {holder.get('started_at')} "
                    f"(lock {lock})")
            # Move the stale lock aside, then check it is the one judged stale (not a lock
            # another build wrote meanwhile); put that one back if so.
            aside = lock.with_name(f"{lock.name}.stale-{os.getpid()}")
            try:
                os.rename(lock, aside)
            except FileNotFoundError:
                continue
            if _read_bytes(aside) != raw:
                try:
                    os.link(aside, lock)
                except FileExistsError:
                    pass
                aside.unlink(missing_ok=True)
                continue
            aside.unlink(missing_ok=True)
            taken_over = f"taking over the lock {lock}: {why}"
        raise BuildLocked(f"could not take {lock}")
    finally:
        tmp.unlink(missing_ok=True)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b"\0"  # exists but cannot be read: unreadable


def _parse(raw: bytes | None) -> dict:
    try:
        holder = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _read_lock(path: Path) -> dict:
    return _parse(_read_bytes(path))


def release_lock(paths: BuildPaths) -> None:
    holder = _read_lock(paths.lock_file)
    if holder.get("pid") == os.getpid():
        paths.lock_file.unlink(missing_ok=True)


def remove_stale_build_files(target: Path) -> list[Path]:
    """Delete what killed builds left: build files, their WALs and DuckDB's spill folders
    (`<target>.build.tmp.tmp/`). Call with the lock held."""
    removed = []
    for p in target.parent.glob(f"{target.name}.build*.tmp*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def create_build_database(path: Path, start_from: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A new DuckDB file readable by DuckDB 1.4 (BI tools embed older engines): empty, or a
    copy of the published file `start_from` (ingest/incremental.py)."""
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    if start_from is not None:
        from ingest.incremental import copy_published

        copy_published(start_from, path)
    return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_COMPATIBILITY,
                                             "memory_limit": BUILD_MEMORY_LIMIT})


# A build file with more than this share of its blocks free is rewritten into a new file
# before it is published (compact_build_file).
COMPACT_FREE_SHARE = 0.10


def free_share(path: Path) -> float:
    """The share of the DuckDB file's blocks that hold nothing (freed by dropped or replaced
    tables and deleted rows; DuckDB reuses them but never gives them back)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        total, free = con.sql("select total_blocks, free_blocks from pragma_database_size()").fetchone()
    finally:
        con.close()
    return free / total if total else 0.0


def compact_build_file(build_file: Path, min_free_share: float = COMPACT_FREE_SHARE) -> float | None:
    """Rewrite the build file into a fresh one (COPY FROM DATABASE: every schema, table, view,
    macro and comment) when more than `min_free_share` of its blocks are free; returns the
    share that was free, or None when it was left as it was.

    A build that starts from a copy of the published file (ingest/incremental.py) replaces
    most tables and deletes rows of changed documents in that copy: the freed blocks stay
    in the file, so without this the published file would grow night after night."""
    share = free_share(build_file)
    if share <= min_free_share:
        return None
    fresh = build_file.with_name(build_file.name + ".compact")
    for p in (fresh, Path(str(fresh) + ".wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(build_file), config={"memory_limit": BUILD_MEMORY_LIMIT})
    try:
        # The fresh file is attached under another name; the catalog name of the published
        # file (which views name) comes from its file name when it is opened, as before.
        catalog = con.sql("select current_database()").fetchone()[0]
        con.sql(f"attach '{fresh}' as compacted (storage_version '{STORAGE_COMPATIBILITY}')")
        con.sql(f'copy from database "{catalog}" to compacted')
        con.sql("detach compacted")
    except BaseException:
        con.close()
        fresh.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(fresh, build_file)
    return share


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
    """One JSON line per build event (publishing, published, failed), flushed to disk: the log
    is the build history's source of truth (a failed build has no file to log in)."""
    paths.log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(paths.log_file, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def read_build_log(target: Path) -> list[dict]:
    log = BuildPaths(target, "-").log_file
    if not log.exists():
        return []
    out = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut by a kill mid-write
        if isinstance(record, dict) and record.get("run_id"):
            out.append(record)
    return out


def published_runs(target: Path) -> list[dict]:
    """Every published build, oldest first, from the build log: a run logged 'published', or
    logged 'publishing' and then killed after its swap (its file - the same inode - is the
    served file, or a later build recorded it as recovered)."""
    log = read_build_log(target)
    try:
        inode = target.stat().st_ino
    except OSError:
        inode = None
    outcome: dict[str, str] = {}
    for r in log:
        if r.get("status") in ("published", "failed"):
            outcome[r["run_id"]] = r["status"]
    runs: dict[str, dict] = {}
    for r in log:
        status = r.get("status")
        if status == "published" or (status == "publishing" and r["run_id"] not in outcome
                                     and inode is not None and r.get("inode") == inode):
            runs[r["run_id"]] = {**runs.get(r["run_id"], {}), **r, "status": "published"}
    return sorted(runs.values(), key=lambda r: str(r.get("started_at")))


def recover_killed_publish(paths: BuildPaths) -> list[str]:
    """Log as published a build killed between its swap and its 'published' line (the served
    file is its file). Call with the lock held, before building. Returns the run ids."""
    logged = {r["run_id"] for r in read_build_log(paths.target) if r.get("status") in ("published", "failed")}
    recovered = []
    for r in published_runs(paths.target):
        if r["run_id"] not in logged:
            append_build_log(paths, {**r, "status": "published", "recovered_by": paths.run_id})
            recovered.append(r["run_id"])
    return recovered


def build_history(target: Path) -> list[dict]:
    """meta_build_run rows of the earlier published builds: the build log's, plus any the served
    file records that the log lacks (a file copied without its log)."""
    cols = list(CORE_TABLES["build_run"])
    rows = {r["run_id"]: {c: _history_value(c, r.get(c)) for c in cols} for r in published_runs(target)}
    for r in previous_runs(target):
        rows.setdefault(r["run_id"], r)
    return sorted(rows.values(), key=lambda r: (r["started_at"] is None, r["started_at"] or datetime.min))


def _history_value(column: str, value):
    if value is None:
        return None
    if column in ("started_at", "finished_at"):
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            t = datetime.fromisoformat(str(value))
        except ValueError:
            return None
        # meta_build_run stores naive UTC
        return t.astimezone(timezone.utc).replace(tzinfo=None) if t.tzinfo else t
    if column == "rows_per_mart":
        return value if isinstance(value, str) else json.dumps(value)
    if column in ("documents_loaded", "documents_failed", "checks_failed"):
        return int(value) if isinstance(value, (int, float)) else None
    return str(value)


def previous_runs(target: Path) -> list[dict]:
    """Published builds recorded in the served file (empty when it cannot be read). When another
    process holds it read-write (DuckDB then refuses even a read-only open), they are read from
    a copy of it as of its last checkpoint, as the fact fingerprints are
    (ingest/serve/history/fingerprint.py)."""
    if not target.exists():
        return []
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        with checkpoint_copy(target) as copy:
            try:
                con = duckdb.connect(str(copy), read_only=True) if copy else None
            except duckdb.Error:
                con = None
            return _runs_in(con) if con is not None else []
    return _runs_in(con)


def _runs_in(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """meta_build_run's rows in the open file (columns it lacks are None); closes `con`."""
    try:
        cols = list(CORE_TABLES["build_run"])
        have = {r[0] for r in con.sql(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'meta_build_run'").fetchall()}
        if not have:
            return []
        sel = ", ".join(c if c in have else f"null as {c}" for c in cols)
        return [dict(zip(cols, row)) for row in con.sql(f"select {sel} from marts.meta_build_run").fetchall()]
    except duckdb.Error:
        return []
    finally:
        con.close()
