"""Worker processes that die with their parent.

A build killed with SIGKILL runs no cleanup, so its ingest workers must notice by
themselves: each worker asks the kernel for SIGKILL when its parent exits (Linux
prctl PR_SET_PDEATHSIG) and, where that is not available, a thread polls its parent id.
A pool left by an exception (a failed build, SIGTERM) kills its workers instead of
waiting for the documents they are parsing.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL_SECONDS = 1.0


class WorkerPool(ProcessPoolExecutor):
    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            return super().__exit__(exc_type, exc, tb)
        for p in list((self._processes or {}).values()):
            p.kill()
        self.shutdown(wait=False, cancel_futures=True)
        return False


def worker_pool(workers: int) -> WorkerPool:
    """Spawned worker processes (no inherited DuckDB handles or threads) bound to this process.
    Create it in a thread that outlives the pool: the kernel signal follows the creating thread."""
    return WorkerPool(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                      initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: exit as soon as the process that started the pool is gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the polling thread below does it
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="watch-parent").start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(POLL_SECONDS)
