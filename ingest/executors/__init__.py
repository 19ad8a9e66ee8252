"""Where per-document parsing runs: local processes (the default) or a Dask cluster.

An executor maps a function over items (documents) and yields, in item order, each
result or the exception that item's task raised, so one lost task fails one document,
not the build. Tasks write their rows to the shared partition store and return small
summaries; nothing large travels back.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from ingest.executors.local import LocalProcesses


@contextmanager
def executor_for(scheduler: str | None = None, workers: int | None = None) -> Iterator:
    """`scheduler` (tcp://host:port): that Dask cluster; `workers` alone: a local Dask cluster
    of that many worker processes; neither: local processes, as before Dask."""
    if scheduler is None and workers is None:
        yield LocalProcesses()
        return
    from ingest.executors.dask_cluster import DaskExecutor  # dask is imported only when asked for

    ex = DaskExecutor(scheduler=scheduler, workers=workers)
    try:
        yield ex
    finally:
        ex.close()


__all__ = ["LocalProcesses", "executor_for"]
