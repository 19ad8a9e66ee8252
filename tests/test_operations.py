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


@pytest.fixture
def corpus(tmp_path):
    return copy_documents(tmp_path / "docs", names=["002", "003"])


@pytest.fixture
def published(tmp_path, small_published):
    """A published warehouse of the small corpus in this test's own folder."""
    return publish_copy(small_published, tmp_path / "served")


READER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("open", flush=True)
    n = 0
    deadline = time.time() + float(sys.argv[2])
    while time.time() < deadline:
        n += con.sql("select count(*) from marts.dim_section").fetchall()[0][0] > 0
        time.sleep(0.05)
    print("queries", n, flush=True)
""")


def test_reader_holding_the_file_open_survives_a_rebuild(published, corpus):
    before = run_ids(published)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), "40"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    res = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    assert res.returncode == 0, res.stderr
    # A new connection sees the new build while the old reader is still open.
    after = run_ids(published)
    assert after[:-1] == before and len(after) == len(before) + 1
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out.split()[-1]) > 10


def _wait_for(path: Path, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while not path.exists():
        if time.time() > deadline:
            raise AssertionError(f"{path} did not appear")
        time.sleep(0.1)


@pytest.mark.parametrize("point", ["ingest", "dbt", "before_swap"])
def test_sigkill_at_any_point_leaves_the_served_file_and_the_next_build_works(published, corpus, point):
    before = sha(published)
    marker = Path(f"{published}.paused-{point}")
    proc = subprocess.Popen([str(WAREHOUSE_BIN), "build", "--documents", str(corpus), "--database", str(published)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "WAREHOUSE_FAULT": f"{point}:pause"})
    _wait_for(marker)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    marker.unlink()

    assert sha(published) == before
    assert Path(f"{published}.lock").exists()  # the dead build's lock is still there ...
    res = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    assert res.returncode == 0, res.stderr  # ... and is taken over
    assert len(run_ids(published)) == 2
    leftovers = [p.name for p in published.parent.iterdir()
                 if ".build." in p.name or p.name.endswith((".wal", ".lock"))]
    assert not leftovers, leftovers


def test_two_builds_started_together_one_publishes_one_exits_2(published, corpus):
    cmd = [str(WAREHOUSE_BIN), "build", "--documents", str(corpus), "--database", str(published)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 2], results
    loser = next(r for r in results if r[2] == 2)
    assert "another build is running" in loser[1] and "pid" in loser[1]
    assert len(run_ids(published)) == 2


def test_incremental_build_parses_only_changed_documents(published, corpus):
    res = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    assert "(2 parsed, 0 from cache)" in res.stdout, res.stdout  # a copied file has no cache yet
    res = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    assert "(0 parsed, 2 from cache)" in res.stdout, res.stdout

    plan = next(corpus.glob("003_*"))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Regionstyrelsen", "Regionstyrelsen Norr", 1), encoding="utf-8")
    res = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    assert "(1 parsed, 1 from cache)" in res.stdout, res.stdout
    assert "003_" in next(ln for ln in res.stdout.splitlines() if "loaded, parsed" in ln)

    next(corpus.glob("002_*")).unlink()
    res = run_warehouse("build", "--documents", str(corpus), "--database", str(published))
    assert res.returncode == 0
    con = duckdb.connect(str(published), read_only=True)
    docs = con.sql("select source_file, title from marts.dim_document").fetchall()
    sections = con.sql("select count(distinct document_id) from marts.dim_section").fetchall()[0][0]
    con.close()
    assert [d[0][:3] for d in docs] == ["003"] and sections == 1


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
