"""Per-document parsing on a Dask cluster (`dask.distributed`): an existing scheduler
(`--scheduler tcp://host:port`) or a LocalCluster started for the build (`--workers N`).

The workers must see the documents folder and the partition store at the same paths as
the build (a shared file system) and run the same parser code: the build compares the
code fingerprint of every worker with its own before it submits anything.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from distributed import Client, LocalCluster

from ingest.cache import code_fingerprint


class ClusterError(RuntimeError):
    """The cluster cannot run this build (no workers, other parser code)."""


class DaskExecutor:
    def __init__(self, scheduler: str | None = None, workers: int | None = None, timeout: float = 30):
        self.cluster = self.client = None
        if scheduler is None:
            # One thread per worker: parsing is CPU-bound Python (the GIL).
            self.cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            scheduler = self.cluster.scheduler_address
        self.name = f"dask {scheduler}"
        try:
            self.client = Client(scheduler, timeout=timeout)
            # With a scheduler, `workers` is how many must have joined before the build starts.
            self.client.wait_for_workers(workers or 1, timeout=timeout)
            self._check_code()
        except BaseException:
            self.close()
            raise

    def _check_code(self) -> None:
        mine = code_fingerprint()
        theirs = self.client.run(code_fingerprint)
        other = {w: fp for w, fp in theirs.items() if fp != mine}
        if other:
            raise ClusterError(f"workers run other parser code than this build ({mine}): {other}; "
                               "install the same version on every worker")

    @property
    def worker_count(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map(self, fn: Callable, items: list[Path], *args) -> Iterator[object]:
        # pure=False: a rebuild must run again even if the same path was submitted before.
        futures = self.client.map(fn, items, *[[a] * len(items) for a in args], pure=False)
        try:
            for f in futures:
                try:
                    yield f.result()
                except Exception as e:  # e.g. KilledWorker: this document fails, the rest go on
                    yield e
                f.release()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
