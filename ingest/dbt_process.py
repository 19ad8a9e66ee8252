"""The dbt stage in a process of its own, started when the build starts.

Importing dbt (~3 s of CPU) and reading the project's parse state (~1-2 s) need no data,
only the build file's dbt slot (ingest/dbt_runner.py). In the build process they could only
start after the raw load, and a thread beside ingest gains nothing (both are Python, one
GIL: measured, ingest 2.5 -> 6.8 s while the parse took as long as alone). Here they run on
the other core while ingest and the raw load run; the dbt stage (both quarantine passes,
ingest/quarantine.py) then runs in this process on the parsed manifest once the raw tables
are loaded and the build file is closed.

    dbt = DbtProcess(build_file, start=False)   # at the start of the build
    dbt.start()                                 # the import and parse begin
    ...                                         # ingest, raw load (the file closed after)
    outcome = dbt.run(documents, env, on_node=...)  # -> quarantine.DbtOutcome
    dbt.close()                                 # always (a failed build too)

A plain `python -m ingest.dbt_process BUILD_FILE` child, as expectations/checks_process.py:
it ends on its own when its stdin closes (the build process died); messages are pickled
frames on its stdin and on a copy of its stdout (fd 1 itself goes to stderr, so nothing dbt
or DuckDB prints can break a frame). A PipelineBroken in the child is raised here as one.
"""
from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO, Callable

from ingest.quarantine import DbtOutcome, PipelineBroken

_HEADER = struct.Struct("!Q")


def _send(out: BinaryIO, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def _receive(inp: BinaryIO):
    header = inp.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = inp.read(size)
    if len(data) < size:  # the other end died mid-frame: as if it had sent nothing
        raise EOFError
    return pickle.loads(data)


class DbtProcessFailed(RuntimeError):
    """The dbt process failed or died; the message is its error."""


class DbtProcess:
    def __init__(self, build_file: Path, start: bool = True) -> None:
        self.build_file = Path(build_file)
        self._proc: subprocess.Popen | None = None
        self._answered = False  # it sent its verdict and is ending on its own
        if start:
            self.start()

    def start(self) -> None:
        """Start the process (dbt's import and the parse begin); nothing if it runs already."""
        if self._proc is not None:
            return
        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen([sys.executable, "-m", "ingest.dbt_process", str(self.build_file)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    @property
    def started(self) -> bool:
        return self._proc is not None

    def run(self, documents: dict[str, str], env: dict[str, str] | None = None,
            on_node: Callable[[int, int, str], None] | None = None) -> DbtOutcome:
        """build_with_quarantine(build_file, None, documents, on_node) in the dbt process, with
        `env` set there (dbt reads options from it). The build file must be closed."""
        self.start()
        try:
            _send(self._proc.stdin, (documents, dict(env or {})))
            while True:
                kind, value = _receive(self._proc.stdout)
                self._answered = kind != "progress"
                if kind == "progress":
                    if on_node:
                        on_node(*value)
                elif kind == "result":
                    return value
                elif kind == "broken":
                    raise PipelineBroken(value)
                else:
                    raise DbtProcessFailed(value)
        except (EOFError, BrokenPipeError):
            code = self._proc.wait(timeout=30)
            raise DbtProcessFailed(f"the dbt process ended (exit code {code})") from None

    def close(self) -> None:
        """Stop the process, whatever it is doing (a failed build must not wait for a parse); one
        that has answered ends on its own (killed there, dbt's semaphores would be reported
        as leaked)."""
        if self._proc is None:
            return
        if self._answered:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for f in (self._proc.stdin, self._proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self) -> "DbtProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _die_with_parent() -> None:
    """Killed with the build process (Linux): a dbt run must not go on writing a build file
    that the next build removes as stale. Elsewhere the closed stdin ends it at the next frame."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(build_file: Path) -> None:
    _die_with_parent()
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what dbt or DuckDB print goes to the log, not into the frames
    sys.stdout = sys.stderr
    from ingest.dbt_runner import PreparedDbt
    from ingest.quarantine import build_with_quarantine

    with PreparedDbt(build_file) as prepared:  # the point of this process: done before it is asked
        try:
            documents, env = _receive(inp)
        except EOFError:
            return  # the build ended before its dbt stage
        os.environ.update(env)
        try:
            outcome = build_with_quarantine(build_file, None, documents, prepared=prepared,
                                            on_node=lambda *progress: _send(out, ("progress", progress)))
            message = ("result", outcome)
        except PipelineBroken as e:
            message = ("broken", str(e))
        except Exception as e:  # noqa: BLE001 - handed to the build, which fails with it
            from ingest.process import describe_error

            message = ("error", describe_error(e))
    _send(out, message)  # after the slot is released


if __name__ == "__main__":
    _serve(Path(sys.argv[1]))
