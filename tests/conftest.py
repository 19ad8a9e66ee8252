"""Shared fixtures. The end-to-end build runs once per test session (real DuckDB, real
dbt, the real `warehouse` console script in a subprocess) and every e2e test reads it."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import duckdb
import pytest

from ingest.registry import read_document

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "data" / "documents"
WAREHOUSE_BIN = Path(sys.executable).with_name("warehouse")


# The session fixtures that build; a test using them (directly or through `wh`) is e2e.
BUILD_FIXTURES = frozenset({"built_warehouse", "small_published", "variety"})
# Whether the test being set up or run is marked e2e. An environment variable, not a module
# global: a test module that imports this file under another name gets a second module
# object, whose global the hook below would never set.
_E2E = "WAREHOUSE_TEST_E2E"

# The files that make builds of their own, costliest first (measured, see
# /work/notes/issue-16-s3suite.md). `make test` hands out whole files to its two workers
# (--dist loadfile) in collection order, so the longest files start first and the quick
# ones fill the end; the files that only read the session builds come after them.
COSTLIEST_FIRST = (
    "test_operations.py", "test_quality_blocking.py", "test_publish.py", "test_quarantine.py",
    "test_dask_cluster.py", "test_report.py", "test_faults.py", "test_docs.py", "test_bad_input.py",
)


# Tests that build no warehouse but run a whole stage of a build (real dbt, every GX suite
# in the checks process): tens of seconds each, more than the unit tier's minute allows, so
# they run in the e2e tier. A file name, file::test, or file::fixture (every test using it).
WHOLE_STAGE = frozenset({
    "test_checks_process.py",
    "test_dbt_slots.py::test_a_build_in_another_folder_reuses_the_parse",
    # every GX suite over an invented warehouse (the GX import alone is seconds)
    "test_expectations.py::clean_run", "test_expectations.py::broken_run",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (BUILD_FIXTURES & set(item.fixturenames) or item.path.name in WHOLE_STAGE
                or f"{item.path.name}::{item.originalname}" in WHOLE_STAGE
                or any(f"{item.path.name}::{f}" in WHOLE_STAGE for f in item.fixturenames)):
            item.add_marker(pytest.mark.e2e)
    reads_a_build = {item.path.name for item in items if item.get_closest_marker("e2e")}

    def rank(item) -> tuple[int, int]:
        name = item.path.name
        if name in COSTLIEST_FIRST:
            return (0, COSTLIEST_FIRST.index(name))
        return (1 if name in reads_a_build else 2, 0)

    items.sort(key=rank)  # stable: a file's tests stay together and in their order


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    # after -m/-k deselection: start the session builds the selected tests need, so they
    # run beside the first tests instead of keeping a test (and its worker) waiting
    if session.config.option.collectonly:
        return
    needed = set()
    for item in session.items:
        needed |= BUILD_FIXTURES & set(item.fixturenames)
    for name in sorted(needed):
        SESSION_BUILDS[name].start(session.config)


def pytest_sessionfinish(session, exitstatus):
    for build in SESSION_BUILDS.values():
        build.finish(interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # before the item's fixtures, so a build a fixture runs for this test sees its marker
    os.environ[_E2E] = "1" if item.get_closest_marker("e2e") else "0"


# Every `warehouse build` a test run starts is noted (one line: the test, the arguments) in
# `builds.log` in the run's folder, so a run can say how many builds it cost.
_BUILD_LOG = "WAREHOUSE_TEST_BUILD_LOG"


def pytest_sessionstart(session):
    os.environ.setdefault(_BUILD_LOG, str(run_folder(session.config._tmp_path_factory) / "builds.log"))


def _note_build(args) -> None:
    if args[:1] != ("build",):
        return
    # keep the unit tier (-m "not e2e") free of builds: a building test must say so
    assert os.environ.get(_E2E) == "1", "a test that runs `warehouse build` must be marked e2e"
    _log_build(os.environ.get("PYTEST_CURRENT_TEST", "").split(" (")[0], args)


def _log_build(who: str, args) -> None:
    if os.environ.get(_BUILD_LOG):
        with open(os.environ[_BUILD_LOG], "a") as log:
            log.write(f"{who}\t{' '.join(map(str, args))}\n")


def run_warehouse(*args: str, timeout: int = 1200, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed `warehouse` command, as a user or a scheduler runs it."""
    _note_build(args)
    return subprocess.run([str(WAREHOUSE_BIN), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def start_warehouse(*args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    """The `warehouse` command started in the background (to signal or kill it)."""
    _note_build(args)
    return subprocess.Popen([str(WAREHOUSE_BIN), *args], env={**os.environ, **(env or {})}, **popen)


def run_folder(tmp_path_factory) -> Path:
    """The folder of this test run, shared by its pytest-xdist workers."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


# Runs a command with its output in files and writes its exit status last, so any process
# of the run (another xdist worker too) can wait for it and read how it ended. It ends the
# command when the test process that started it dies (PR_SET_PDEATHSIG), so a killed test
# run leaves no build behind.
_RECORDED = """
import ctypes, os, signal, subprocess, sys
status, out, err, *cmd = sys.argv[1:]
ctypes.CDLL(None).prctl(1, signal.SIGTERM)
with open(out, "w") as o, open(err, "w") as e:
    child = subprocess.Popen(cmd, stdout=o, stderr=e)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    code = child.wait()
open(status + ".tmp", "w").write(str(code))
os.replace(status + ".tmp", status)
"""


class SessionBuild:
    """A real `warehouse build` that many tests read, made once per test run. It starts in
    the background as soon as collection shows a selected test needs it (or when a test
    first asks), and the tests that read it wait for it to finish."""

    def __init__(self, name: str, corpus: Callable[[Path], object], env: dict | None = None):
        self.name = name
        self.corpus = corpus  # writes the documents into the folder it is given
        self.env = env or {}
        self.proc: subprocess.Popen | None = None  # set in the process that started it

    def folder(self, config) -> Path:
        return run_folder(config._tmp_path_factory) / self.name

    def start(self, config) -> None:
        folder = self.folder(config)
        with open(f"{folder}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if folder.exists():
                return  # started by another worker, or earlier in this one
            folder.mkdir()
            docs = folder / "docs"
            docs.mkdir()
            self.corpus(docs)
            # every test build file is named wh.duckdb: dbt's parse state is kept per catalog
            # name (the file's stem, ingest/dbt_runner.py), so each build reuses the last parse
            args = ("build", "--documents", str(docs), "--database", str(folder / "wh.duckdb"))
            _log_build(f"session:{self.name}", args)
            env = {k: v for k, v in os.environ.items() if k != "WAREHOUSE_FAULT"}
            self.proc = subprocess.Popen([sys.executable, "-c", _RECORDED, str(folder / "status"),
                                          str(folder / "stdout"), str(folder / "stderr"), str(WAREHOUSE_BIN), *args],
                                         env={**env, **self.env})

    def wait(self, config, timeout: float = 1800) -> Path:
        self.start(config)
        folder = self.folder(config)
        status = folder / "status"
        deadline = time.monotonic() + timeout
        while not status.exists():
            assert time.monotonic() < deadline, f"the session build {self.name} did not finish in {timeout} s"
            time.sleep(0.5)
        out, err = self.output(config)
        assert status.read_text() == "0", f"the session build {self.name} failed:\n{out[-4000:]}\n{err[-4000:]}"
        return folder / "wh.duckdb"

    def output(self, config) -> tuple[str, str]:
        """What the build printed: (stdout, stderr)."""
        folder = self.folder(config)
        return (folder / "stdout").read_text(), (folder / "stderr").read_text()

    def finish(self, interrupted: bool) -> None:
        # the process that started the build reaps it; another worker may still need it,
        # so it is stopped only when the run was interrupted
        if self.proc is None:
            return
        if interrupted and self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait()
        self.proc = None


# The test files whose invented documents (each file's `documents(folder)`) are built together
# in the one `variety` session build; each file asserts only on its own documents' rows.
VARIETY = ("test_primary_print", "test_corpus_variants", "test_history", "test_numbers_e2e",
           "test_templates_e2e", "test_bad_input")
# the bound test_bad_input's oversized file is over (the default is far larger)
VARIETY_ENV = {"WAREHOUSE_MAX_FILE_BYTES": str(1024 * 1024)}


def write_variety_corpus(docs: Path) -> None:
    import importlib

    for name in VARIETY:
        before = set(docs.iterdir())
        written = set(importlib.import_module(name).documents(docs))
        new = {p.name for p in set(docs.iterdir()) - before}
        assert written == new, (name, written ^ new)  # no file of another group overwritten


SESSION_BUILDS = {
    "built_warehouse": SessionBuild("bundled", lambda docs: copy_documents(docs)),  # the five bundled documents
    # the goal follow-up and the plan
    "small_published": SessionBuild("small", lambda docs: copy_documents(docs, names=["002", "003"])),
    "variety": SessionBuild("variety", write_variety_corpus, VARIETY_ENV),
}


@pytest.fixture(scope="session")
def built_warehouse(request) -> Path:
    """The bundled corpus built into a fresh file; returns the published path."""
    return SESSION_BUILDS["built_warehouse"].wait(request.config)


@pytest.fixture
def wh(built_warehouse):
    """A read-only connection to the session's built warehouse."""
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def bundled():
    """The five bundled documents, read, keyed by the 3-digit file prefix ('000' ... '004')."""
    return {p.name[:3]: read_document(p).document for p in sorted(DOCUMENTS.glob("*.txt"))}


def copy_documents(dest: Path, names: list[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(DOCUMENTS.glob("*.txt")):
        if names is None or p.name[:3] in names:
            shutil.copy(p, dest / p.name)
    return dest


# One short invented monthly report: a corpus that takes a build through every stage at the
# least cost, for the tests of failing, killed and interrupted builds.
TINY_REPORT = """Region Exempellän

Fritidsnämnden

Tid: 2031-05-12 kl:13:00

Plats: Regionens hus

Månadsrapport - april 2031, Fritidsnämnden

Mätetal\tMålvärde\tResultat\tAnalys
Besök i simhallen\t3 000\t2 850\tStängt en vecka för underhåll.
Lån på biblioteket\t4 000\t4 100\tFler lån än väntat.
"""


def write_tiny_corpus(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "rapport.txt").write_text(TINY_REPORT, encoding="utf-8")
    return dest


def publish_copy(template: Path, dest_dir: Path) -> Path:
    """A copy of a published warehouse (file and build log) in dest_dir, as if built there."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    db = dest_dir / template.name
    shutil.copy(template, db)
    log = template.with_name(template.name + ".builds.jsonl")
    if log.exists():
        shutil.copy(log, db.with_name(db.name + ".builds.jsonl"))
    return db


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """Two small bundled documents (the goal follow-up and the plan): quick real builds."""
    return copy_documents(tmp_path_factory.mktemp("small_docs"), names=["002", "003"])


@pytest.fixture(scope="session")
def small_published(request) -> Path:
    """The two small documents (the goal follow-up and the plan) built and published once;
    tests take copies with publish_copy."""
    return SESSION_BUILDS["small_published"].wait(request.config)


class Variety:
    """The `variety` session build: its documents folder, its published file, its output."""

    def __init__(self, config):
        build = SESSION_BUILDS["variety"]
        self.db = build.wait(config)
        self.docs = build.folder(config) / "docs"
        self.stdout, self.stderr = build.output(config)

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.db), read_only=True)


@pytest.fixture(scope="session")
def variety(request) -> Variety:
    """The invented documents of the files in VARIETY, built together once."""
    return Variety(request.config)
