"""Great Expectations in a process of its own, started when the build starts.

Importing GX costs 3-4 s of a ~36 s build on a quiet machine (scipy, altair, pyarrow and
GX's own modules, none of which the build needs before the checks). Imported in a
separate process while ingest and dbt run, that time overlaps them on the second core;
the checks then run in that process once dbt has closed the build file (opened read-only
there), so the build process never holds GX's ~250 MiB either.

    checks = ChecksProcess()            # at the start of the build: the import begins
    ...                                 # (ChecksProcess(start=False) ... checks.start(): later)
    run = checks.run(build_file, run_id, data_docs_dir, on_table=...)   # -> ExpectationRun
    checks.close()                      # always (a failed build too)

A plain `python -m expectations.checks_process` child (not multiprocessing): it never
re-imports the caller's main module, and it ends on its own when its stdin closes (the
build process died). Messages are pickled frames on its stdin/stdout.
"""
from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO, Callable

from expectations.runner import ExpectationRun

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
    return pickle.loads(inp.read(size))


class ChecksFailed(RuntimeError):
    """The checks process failed or died; the message is its error."""


class ChecksProcess:
    def __init__(self, start: bool = True) -> None:
        self._proc: subprocess.Popen | None = None
        if start:
            self.start()

    def start(self) -> None:
        """Start the process (the GX import begins); nothing if it runs already. A large build
        starts it only after dbt: GX's ~300 MiB beside dbt's peak is what would lift the
        build's process tree over its memory budget (ingest/pipeline.py)."""
        if self._proc is not None:
            return
        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen([sys.executable, "-m", "expectations.checks_process"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    @property
    def started(self) -> bool:
        return self._proc is not None

    def run(self, db_path: Path, run_id: str, data_docs_dir: Path | None = None,
            on_table: Callable[[int, int, str], None] | None = None) -> ExpectationRun:
        """run_expectations(db_path, ...) in the checks process (the build file must be closed
        for writing). Its exception is raised here as ChecksFailed. Starts the process if
        it has not been started."""
        self.start()
        try:
            _send(self._proc.stdin, (str(db_path), run_id, str(data_docs_dir) if data_docs_dir else None))
            while True:
                kind, value = _receive(self._proc.stdout)
                if kind == "progress":
                    if on_table:
                        on_table(*value)
                elif kind == "result":
                    return value
                else:
                    raise ChecksFailed(value)
        except (EOFError, BrokenPipeError):
            code = self._proc.wait(timeout=30)
            raise ChecksFailed(f"the checks process ended (exit code {code})") from None

    def close(self) -> None:
        """Stop the process, whatever it is doing (a failed build must not wait for an import)."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for f in (self._proc.stdin, self._proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self) -> "ChecksProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve() -> None:
    from expectations.deferred import defer
    from expectations.runner import _quiet, run_expectations

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed goes to the log, not into the frames
    if not select.select([inp], [], [], 0)[0]:  # asked already (started after dbt): GX only if needed
        with _quiet():
            defer()  # libraries GX imports but no suite calls (deferred.py)
            import great_expectations  # noqa: F401  (the point of this process: done before it is asked)
    try:
        db_path, run_id, data_docs_dir = _receive(inp)
    except EOFError:
        return  # the build ended before its checks
    try:
        run = run_expectations(Path(db_path), run_id, Path(data_docs_dir) if data_docs_dir else None,
                               on_table=lambda *progress: _send(out, ("progress", progress)))
    except Exception as e:  # noqa: BLE001 - handed to the build, which fails with it
        from ingest.process import describe_error

        _send(out, ("error", describe_error(e)))
        return
    _send(out, ("result", run))


if __name__ == "__main__":
    _serve()
