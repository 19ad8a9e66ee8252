"""SIGTERM and SIGINT end a build like any other failure: the handler raises, the build's
cleanup runs (build file removed, lock released, a 'failed' line in the build log) and the
command exits 1. Schedulers send SIGTERM on timeout; Ctrl-C sends SIGINT.

During the swap and its log lines the signal is held and honoured after them: the build
then has published, and says so, rather than leave a swapped file without its log line.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class BuildInterrupted(RuntimeError):
    """The build received SIGTERM or SIGINT."""


class BuildSignals:
    def __init__(self) -> None:
        self._previous: dict[int, object] = {}
        self._held: list[int] = []
        self._holding = False
        self.received: str | None = None  # name of a signal held until the swap was logged
        self.interrupted: str | None = None  # name of the signal that ended the build

    def _handler(self, signum, frame) -> None:
        name = signal.Signals(signum).name
        if self._holding:
            self._held.append(signum)
            self.received = name
            return
        # Remembered as well as raised: a library may catch the exception (dbt reports it as a
        # failed run, GX as a failed expectation); check() raises it again between stages.
        self.interrupted = name
        raise BuildInterrupted(f"interrupted by {name}")

    def check(self) -> None:
        if self.interrupted:
            raise BuildInterrupted(f"interrupted by {self.interrupted}")

    def install(self) -> "BuildSignals":
        if threading.current_thread() is threading.main_thread():  # Python allows handlers only there
            for s in SIGNALS:
                self._previous[s] = signal.signal(s, self._handler)
        return self

    def ignore(self) -> None:
        """Cleanup after a failure is not interrupted by a second signal."""
        for s in self._previous:
            signal.signal(s, signal.SIG_IGN)

    def restore(self) -> None:
        for s, h in self._previous.items():
            signal.signal(s, h)
        self._previous.clear()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
