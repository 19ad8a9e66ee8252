"""Ingest on a real Dask cluster: a scheduler and two workers started on localhost as
separate processes (`dask scheduler`, `dask worker`), the small corpus built on it with
`warehouse build --scheduler`, and every raw and mart table compared with the local build."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_warehouse
from ingest.executors.same_facts import differences, table_digests

pytestmark = pytest.mark.e2e

DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    """(scheduler address, worker pids): one scheduler, two single-thread workers without
    nannies (so each worker's pid is the process started here); all killed afterwards."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs: list[subprocess.Popen] = []
    log = open(tmp_path / "cluster.log", "w")
    try:
        procs.append(subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                       "--no-dashboard"], stdout=log, stderr=subprocess.STDOUT))
        for i in range(2):
            procs.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-nanny",
                                           "--no-dashboard", "--name", f"w{i}",
                                           "--local-directory", str(tmp_path / f"worker{i}")],
                                          stdout=log, stderr=subprocess.STDOUT))
        yield address, {p.pid for p in procs[1:]}
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        log.close()


def test_build_on_a_dask_cluster_has_the_same_facts_as_the_local_build(cluster, small_corpus, small_published,
                                                                         tmp_path):
    address, worker_pids = cluster
    db = tmp_path / "dask" / "wh.duckdb"
    store = tmp_path / "shared-store"
    # --workers 2 with a scheduler: the build waits until both workers have joined.
    res = run_warehouse("build", "--documents", str(small_corpus), "--database", str(db),
                        "--scheduler", address, "--workers", "2", "--store", str(store))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "(2 parsed, 0 from cache)" in res.stdout

    # The documents were parsed on the cluster's workers, not in the build process.
    metas = [json.loads(p.read_text()) for p in store.glob("*/meta.json")]
    assert len(metas) == 2
    parsed_by = {int(m["parsed_by"].rsplit(":", 1)[1]) for m in metas}
    assert parsed_by <= worker_pids, (parsed_by, worker_pids)

    # Every raw and mart table holds the same rows as the local build (run ids and times aside).
    digests = table_digests(db)
    assert any(t.startswith("marts.fct_") for t in digests) and digests["raw.document_line"][0] > 1000
    assert differences(small_published, db) == []
