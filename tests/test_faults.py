"""Faults found by fault injection on the publish side, each reproduced with real processes
and files: leftovers of killed builds, stale and broken locks, SIGTERM, workers outliving a
killed parent, and a damaged served file. (The build after a kill: test_operations.py.)"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import publish_copy, run_warehouse, start_warehouse, write_tiny_corpus
from ingest.publish import BuildLocked, BuildPaths, acquire_lock, release_lock

REPO = Path(__file__).resolve().parent.parent


def log_records(db: Path) -> list[dict]:
    return [json.loads(line) for line in db.with_name(db.name + ".builds.jsonl").read_text().splitlines()]


def _wait_for(path: Path, timeout: float = 900) -> None:
    deadline = time.time() + timeout
    while not path.exists():
        if time.time() > deadline:
            raise AssertionError(f"{path} did not appear")
        time.sleep(0.1)


@pytest.fixture
def corpus(tmp_path):
    return write_tiny_corpus(tmp_path / "docs")


@pytest.fixture
def published(tmp_path, small_published):
    return publish_copy(small_published, tmp_path / "served")


# --- locks (real files, real processes) ------------------------------------------------

def _lock(target: Path, content: str | bytes) -> Path:
    lock = BuildPaths(target, "-").lock_file
    lock.write_bytes(content if isinstance(content, bytes) else content.encode())
    return lock


@pytest.mark.parametrize("content, why", [("", "empty"), (b"\x00\xff{", "unreadable"), ("{\"pid\": ", "unreadable")])
def test_an_empty_or_unreadable_lock_is_taken_over_and_said_so(tmp_path, content, why):
    target = tmp_path / "wh.duckdb"
    lock = _lock(target, content)
    paths = BuildPaths(target, "run-new")
    said = acquire_lock(paths)
    assert why in said and str(lock) in said
    assert json.loads(lock.read_text())["run_id"] == "run-new"
    release_lock(paths)
    assert not lock.exists()


def test_a_lock_of_a_reused_pid_is_taken_over(tmp_path):
    # a live process (this test's), but not the one that wrote the lock: its start time differs
    target = tmp_path / "wh.duckdb"
    _lock(target, json.dumps({"pid": os.getpid(), "host": os.uname().nodename, "run_id": "old",
                              "process_start": 1}))
    said = acquire_lock(BuildPaths(target, "run-new"))
    assert "no longer running" in said


def test_a_live_lock_blocks_until_it_is_older_than_the_configured_age(tmp_path):
    target = tmp_path / "wh.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from ingest.publish import BuildPaths, acquire_lock
        acquire_lock(BuildPaths(Path({str(target)!r}), "run-live"))
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BuildLocked, match="run-live"):
            acquire_lock(BuildPaths(target, "run-b"))
        lock = BuildPaths(target, "-").lock_file
        hour_ago = time.time() - 3600
        os.utime(lock, (hour_ago, hour_ago))
        with pytest.raises(BuildLocked):
            acquire_lock(BuildPaths(target, "run-b"), max_age_seconds=7200)
        said = acquire_lock(BuildPaths(target, "run-b"), max_age_seconds=1800)
        assert "older than" in said and "run-live" in said
        assert json.loads(lock.read_text())["run_id"] == "run-b"
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_is_written_whole_or_not_at_all(tmp_path):
    # written to a temporary file and linked into place: no moment where it exists empty
    target = tmp_path / "wh.duckdb"
    paths = BuildPaths(target, "run-a")
    acquire_lock(paths)
    holder = json.loads(paths.lock_file.read_text())
    assert holder["pid"] == os.getpid() and holder["run_id"] == "run-a" and holder["process_start"]
    assert [p.name for p in tmp_path.iterdir()] == [paths.lock_file.name]


# --- SIGTERM / SIGINT ---------------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_fail_the_build_cleanly(published, corpus, sig):
    before = published.read_bytes()
    marker = Path(f"{published}.paused-raw_load")
    proc = start_warehouse("build", "--documents", str(corpus), "--database", str(published),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={"WAREHOUSE_FAULT": "raw_load:pause"})
    _wait_for(marker)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    marker.unlink()

    assert proc.returncode == 1, (out[-2000:], err[-2000:])
    assert "Traceback" not in err
    assert sig.name in err
    assert published.read_bytes() == before
    last = log_records(published)[-1]
    assert last["status"] == "failed" and sig.name in last["error"]
    leftovers = [p.name for p in published.parent.iterdir() if ".build." in p.name or p.name.endswith(".lock")]
    assert not leftovers, leftovers


# --- worker processes die with their parent ----------------------------------------------

POOL_PARENT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[1])
    from ingest.workers import worker_pool
    with worker_pool(2) as pool:
        futures = [pool.submit(time.sleep, 120) for _ in range(2)]
        time.sleep(2)  # both workers started and busy
        print(" ".join(str(p) for p in pool._processes), flush=True)
        time.sleep(120)
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (dead, not yet reaped by init) counts as dead
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_workers_die_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", POOL_PARENT, str(REPO)], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(p) for p in workers)
    parent.kill()
    parent.wait()
    deadline = time.time() + 10
    while any(_alive(p) for p in workers) and time.time() < deadline:
        time.sleep(0.1)
    alive = [p for p in workers if _alive(p)]
    for p in alive:
        os.kill(p, signal.SIGKILL)
    assert not alive, "workers outlived their killed parent"


# --- a damaged served file -----------------------------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_status_and_check_say_plainly_a_damaged_file_cannot_be_read(published, damage):
    data = published.read_bytes()
    if damage == "garbage":
        published.write_bytes(b"this is not a database\n" * 100)
    else:
        published.write_bytes(data[: len(data) // 3])
    for command in ("status", "check"):
        res = run_warehouse(command, "--database", str(published))
        assert res.returncode == 1, (command, res.stdout, res.stderr)
        assert "Traceback" not in res.stderr
        assert "cannot be read" in res.stderr, (command, res.stderr)
    status = run_warehouse("status", "--database", str(published))
    assert "last published:" in status.stdout  # the log still says what was published


# The build after a kill (leftover spill folders and WAL, an empty lock, a build killed just
# after its swap, a read-write connection held on the served file) is tested in
# test_operations.py, on the night of builds there: its builds serve those tests too.
