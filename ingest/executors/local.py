"""Local processes: in this process for a small corpus, a spawn process pool for a large one."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from ingest.read.listing import listed_size
from ingest.workers import worker_pool

# Below this much text, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


class LocalProcesses:
    name = "local"

    def __init__(self, workers: int | None = None):
        self.workers = workers

    def map(self, fn: Callable, items: list[Path], *args) -> Iterator[object]:
        total = sum(listed_size(p) for p in items)  # never raises: an entry may be a FIFO or gone
        # Parsing is CPU-bound Python, so threads would not help.
        workers = self.workers or (min(os.cpu_count() or 1, len(items)) if total > PARALLEL_MIN_BYTES else 1)
        if workers <= 1:
            for p in items:
                yield _call(fn, p, *args)
            return
        with worker_pool(workers) as pool:  # workers die with this process, even on SIGKILL
            futures = [pool.submit(fn, p, *args) for p in items]
            for f in futures:
                try:
                    yield f.result()
                except Exception as e:  # a worker process died: that document fails, the rest go on
                    yield e


def _call(fn: Callable, *args) -> object:
    try:
        return fn(*args)
    except Exception as e:
        return e
