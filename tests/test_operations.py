"""Nightly operations with real processes: readers beside a rebuild, kills, concurrent builds,
incremental ingest, and an older DuckDB reading the published file."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from conftest import WAREHOUSE_BIN, copy_documents, publish_copy, run_warehouse

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_ids(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.sql("select run_id from marts.meta_build_run order by started_at").fetchall()]
    finally:
        con.close()


READER = textwrap.dedent("""
    import os, sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("open", flush=True)
    n = 0
    deadline = time.time() + 900  # a guard: the test says when to stop
    while not os.path.exists(sys.argv[2]) and time.time() < deadline:
        n += con.sql("select count(*) from marts.dim_section").fetchall()[0][0] > 0
        time.sleep(0.05)
    print("queries", n, flush=True)
""")


def _wait_for(path: Path, timeout: float = 900) -> None:
    deadline = time.time() + timeout
    while not path.exists():
        if time.time() > deadline:
            raise AssertionError(f"{path} did not appear")
        time.sleep(0.1)


POINTS = ("ingest", "dbt", "before_swap")


@pytest.fixture(scope="module")
def night(tmp_path_factory, small_published) -> dict:
    """One served copy of the small build through a night of operations, each build doing
    the work of several tests (builds are what these tests cost):
    1. a reader opens the served file; two builds start together (one publishes, one exits 2);
    2. builds of the unchanged folder SIGKILLed at ingest, dbt and before_swap in turn (the
       last two print their documents as read from the cache before they are killed);
    3. one document changed: the build after the kills takes over the dead lock;
    4. one document removed.
    Returns what each step saw; the tests below assert on it."""
    root = tmp_path_factory.mktemp("night")
    published = publish_copy(small_published, root / "served")
    corpus = copy_documents(root / "docs", names=["002", "003"])
    cmd = [str(WAREHOUSE_BIN), "build", "--documents", str(corpus), "--database", str(published)]
    seen: dict = {"runs_before": run_ids(published)}

    stop = root / "stop-reader"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen["reader_opened"] = reader.stdout.readline().strip()
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        seen["together"] = [p.communicate(timeout=1200) + (p.returncode,) for p in procs]
        seen["reader_alive_after_build"] = reader.poll() is None
        seen["runs_after_together"] = run_ids(published)
    finally:
        stop.touch()
        seen["reader"] = reader.communicate(timeout=60) + (reader.returncode,)

    seen["runs_before_kills"] = run_ids(published)
    seen["killed"] = {}
    for point in POINTS:
        before = sha(published)
        marker = Path(f"{published}.paused-{point}")
        out = root / f"killed-{point}.out"
        with open(out, "w") as o:
            proc = subprocess.Popen(cmd, stdout=o, stderr=subprocess.STDOUT,
                                    env={**os.environ, "WAREHOUSE_FAULT": f"{point}:pause"})
            try:
                _wait_for(marker)
            finally:
                proc.send_signal(signal.SIGKILL)  # also when it never paused: no build left running
                proc.wait(timeout=30)
        marker.unlink()
        seen["killed"][point] = {"served_unchanged": sha(published) == before,
                                 "lock_left": Path(f"{published}.lock").exists(),
                                 "output": out.read_text()}

    plan = next(corpus.glob("003_*"))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Regionstyrelsen", "Regionstyrelsen Norr", 1), encoding="utf-8")
    seen["after_kills"] = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    seen["runs_after_kills"] = run_ids(published)
    seen["leftovers"] = [p.name for p in published.parent.iterdir()
                         if ".build." in p.name or p.name.endswith((".wal", ".lock"))]

    next(corpus.glob("002_*")).unlink()
    seen["removed"] = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    con = duckdb.connect(str(published), read_only=True)
    seen["documents"] = con.sql("select source_file, title from marts.dim_document").fetchall()
    seen["sectioned_documents"] = con.sql("select count(distinct document_id) from marts.dim_section").fetchall()[0][0]
    con.close()
    return seen


def test_reader_holding_the_file_open_survives_a_rebuild(night):
    assert night["reader_opened"] == "open"
    assert night["reader_alive_after_build"]  # it held the file through the whole build
    # A new connection sees the new build while the old reader is still open.
    before, after = night["runs_before"], night["runs_after_together"]
    assert after[:-1] == before and len(after) == len(before) + 1
    out, err, code = night["reader"]
    assert code == 0, err
    assert int(out.split()[-1]) > 10


def test_two_builds_started_together_one_publishes_one_exits_2(night):
    results = night["together"]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 2], results
    loser = next(r for r in results if r[2] == 2)
    assert "another build is running" in loser[1] and "pid" in loser[1]
    assert len(night["runs_after_together"]) == 2


def test_incremental_build_parses_only_changed_documents(night):
    winner = next(r for r in night["together"] if r[2] == 0)
    assert "(2 parsed, 0 from cache)" in winner[0], winner[0]  # a copied file has no cache yet
    for point in ("dbt", "before_swap"):  # builds of the unchanged folder, past their ingest
        docs = [ln for ln in night["killed"][point]["output"].splitlines() if ln.startswith("[doc]")]
        assert len(docs) == 2 and all(": loaded, cached (" in ln for ln in docs), (point, docs)
    changed = night["after_kills"].stdout
    assert "(1 parsed, 1 from cache)" in changed, changed
    assert "003_" in next(ln for ln in changed.splitlines() if "loaded, parsed" in ln)
    # with 002 removed from the folder
    assert night["removed"].returncode == 0, night["removed"].stderr
    assert [d[0][:3] for d in night["documents"]] == ["003"] and night["sectioned_documents"] == 1


@pytest.mark.parametrize("point", POINTS)
def test_sigkill_at_any_point_leaves_the_served_file_and_the_next_build_works(night, point):
    assert night["killed"][point]["served_unchanged"]
    assert night["killed"][point]["lock_left"]  # the dead build's lock is still there ...
    res = night["after_kills"]
    assert res.returncode == 0, res.stderr  # ... and is taken over
    # the killed builds left no run behind, the one after them published
    assert night["runs_after_kills"][:-1] == night["runs_before_kills"]
    assert len(night["runs_after_kills"]) == len(night["runs_before_kills"]) + 1
    assert not night["leftovers"], night["leftovers"]


@pytest.fixture(scope="session")
def duckdb_14(tmp_path_factory) -> Path:
    """A second virtual environment with DuckDB 1.4, as an older BI driver embeds it."""
    venv = tmp_path_factory.mktemp("duckdb14") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "duckdb>=1.4,<1.5"],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv / "bin" / "python"


def test_duckdb_1_4_opens_the_published_file(built_warehouse, duckdb_14):
    script = textwrap.dedent("""
        import sys, duckdb
        con = duckdb.connect(sys.argv[1], read_only=True)
        print(duckdb.__version__)
        print(con.sql("select count(*) from marts.dim_document").fetchall()[0][0])
        print(con.sql("select count(*) from duckdb_tables() where schema_name = 'marts' and comment is not null").fetchall()[0][0])
    """)
    res = subprocess.run([str(duckdb_14), "-c", script, str(built_warehouse)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    version, documents, described = res.stdout.split()
    assert version.startswith("1.4.")
    assert int(documents) == 5 and int(described) >= 15
