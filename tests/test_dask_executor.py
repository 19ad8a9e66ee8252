"""The executors on their own (no warehouse build): order, per-item failures, a dying worker,
and ingest turning a lost document into a `failed` one."""
from __future__ import annotations

import math
import os

import dask
import pytest

from conftest import DOCUMENTS
from ingest.executors import LocalProcesses, executor_for
from ingest.process import ingest_documents


@pytest.fixture(scope="module")
def local_dask():
    # A dead worker fails its task at once instead of after three retries.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with executor_for(workers=2) as ex:
            yield ex


def test_a_local_dask_cluster_returns_results_in_item_order_with_each_failure_in_its_place(local_dask):
    assert local_dask.worker_count == 2
    out = list(local_dask.map(math.log, [1, 0, math.e]))
    assert out[0] == 0.0 and out[2] == pytest.approx(1.0)
    assert isinstance(out[1], ValueError)


def test_a_worker_that_dies_fails_its_item_and_the_cluster_goes_on(local_dask):
    died = list(local_dask.map(os._exit, [3]))
    assert len(died) == 1 and isinstance(died[0], Exception) and "KilledWorker" in type(died[0]).__name__
    assert list(local_dask.map(math.sqrt, [16])) == [4.0]  # the nanny restarted the worker


def test_a_document_whose_task_raises_is_a_failed_document_not_a_failed_ingest(tmp_path):
    docs = sorted(DOCUMENTS.glob("00[23]_*.txt"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # the store cannot be created under a file: every task raises
    seen = []
    results = ingest_documents(docs, blocker / "store", lambda p, r: seen.append(p.name), LocalProcesses())
    assert seen == [p.name for p in docs]
    assert [r.load_status for r in results] == ["failed", "failed"]
    assert all(r.entry is None and r.outcome.load_error.startswith("ingest failed: ") for r in results)
    assert all("NotADirectoryError" in r.outcome.load_error or "FileExistsError" in r.outcome.load_error
               for r in results), [r.outcome.load_error for r in results]
