"""The build history read from the served file (publish.previous_runs) also while another
process holds that file read-write (DuckDB then refuses to open it even read-only)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import duckdb

from ingest.publish import previous_runs

HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])  # read-write, as a careless tool would
    print("held", flush=True)
    time.sleep(120)
""")


def _served(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.meta_build_run (run_id varchar, started_at timestamp, status varchar)")
    con.execute("insert into marts.meta_build_run values ('run-a', timestamp '2026-05-04 01:00', 'published'), "
                "('run-b', timestamp '2026-05-05 01:00', 'published')")
    con.close()


def test_previous_runs_of_a_readable_and_of_a_held_served_file(tmp_path):
    served = tmp_path / "wh.duckdb"
    _served(served)
    readable = previous_runs(served)
    assert [(r["run_id"], r["started_at"], r["status"]) for r in readable] == [
        ("run-a", datetime(2026, 5, 4, 1), "published"), ("run-b", datetime(2026, 5, 5, 1), "published")]
    assert readable[0]["documents_loaded"] is None  # a column the older file lacks

    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(served)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        try:  # the situation: the served file cannot be opened while held
            duckdb.connect(str(served), read_only=True).close()
            opened = True
        except duckdb.Error:
            opened = False
        assert not opened
        assert previous_runs(served) == readable  # read from a copy of it
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh.duckdb"]  # the copy is gone
