"""Shared fixtures. The end-to-end build runs once per test session (real DuckDB, real
dbt, the real `warehouse` console script in a subprocess) and every e2e test reads it."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.registry import read_document

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "data" / "documents"
WAREHOUSE_BIN = Path(sys.executable).with_name("warehouse")


# The session fixtures that build; a test using them (directly or through `wh`) is e2e.
BUILD_FIXTURES = frozenset({"built_warehouse", "small_published"})
_running = {"e2e": False}  # whether the test being set up or run is marked e2e


def pytest_collection_modifyitems(config, items):
    parallel = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if BUILD_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.e2e)
        if parallel and "built_warehouse" in item.fixturenames:
            # `make test` runs two workers (--dist loadgroup): the tests of the bundled build
            # go to one of them, so the other never waits for that build
            item.add_marker(pytest.mark.xdist_group("bundled"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # before the item's fixtures, so a session build started for this test sees its marker
    _running["e2e"] = item.get_closest_marker("e2e") is not None


def run_warehouse(*args: str, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed `warehouse` command, as a user or a scheduler runs it."""
    # keep the unit tier (-m "not e2e") free of builds: a building test must say so
    assert args[:1] != ("build",) or _running["e2e"], "a test that runs `warehouse build` must be marked e2e"
    return subprocess.run([str(WAREHOUSE_BIN), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """make(folder) -> path, run once per test run: with pytest-xdist the first worker to
    get here makes it under a file lock and the others wait and reuse it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, shared by its workers
    done = root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder = root / name
            folder.mkdir()
            done.write_text(str(make(folder)))
    return Path(done.read_text())


def _build(documents: Path, db: Path) -> Path:
    res = run_warehouse("build", "--documents", str(documents), "--database", str(db))
    assert res.returncode == 0, f"build failed:\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
    return db


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """The bundled corpus built into a fresh file; returns the published path."""
    return once_per_run(tmp_path_factory, "e2e", lambda d: _build(DOCUMENTS, d / "warehouse.duckdb"))


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
def small_published(tmp_path_factory, small_corpus) -> Path:
    """The small corpus built and published once; tests take copies with publish_copy."""
    return once_per_run(tmp_path_factory, "small_published", lambda d: _build(small_corpus, d / "wh.duckdb"))
