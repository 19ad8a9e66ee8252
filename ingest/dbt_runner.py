"""Run dbt (in-process, real dbt-core + dbt-duckdb) against a build file.

dbt's partial parsing (a 3-4 x shorter parse) only holds while the profile is unchanged, and
the profile holds the database path. So dbt never sees the build file's own path: it opens
`<slot>/<catalog>.duckdb`, a symbolic link to the build file, in a *slot*: a folder that one
build at a time holds (an flock), with dbt's target/ (the parse state) and logs/ in it.
Every build, whatever its target folder, takes the first free slot of its catalog name and
reuses the parse its last user left; concurrent builds hold different slots. The catalog
name (DuckDB's, the file name's first part: `warehouse` for `warehouse.duckdb`) is part of
the key because dbt writes it into every relation and view it creates: a manifest parsed
for another catalog would be wrong, and the published file's views must name its catalog.
dbt itself checks every project file, var and env var against the saved state and parses
afresh on any change, so a stale manifest is never used (a PreparedDbt parses before the
build's env vars are applied, which is safe while the project's only env_var() is
WAREHOUSE_BUILD_DB, set before the parse: ingest/dbt_process.py). DuckDB resolves the link: its WAL
and spill folder stay beside the build file.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"


@dataclass(frozen=True)
class FailedTest:
    """A blocking dbt test that found rows; `relation` holds them (store_failures, see dbt_project.yml)."""
    name: str
    test: str              # generic test name (not_null, relationships, ...) or '' for a singular test
    model: str | None      # the model the test is attached to
    column: str | None
    kwargs: dict
    relation: str | None   # "db"."schema"."table" of the stored failing rows
    failures: int
    message: str


@dataclass
class DbtResult:
    success: bool
    failures: list[str]          # one line per failed or erroring node
    nodes: int
    failed_tests: list[FailedTest] = field(default_factory=list)  # tests that found rows
    errors: list[str] = field(default_factory=list)  # models, seeds or tests that could not run: a broken pipeline
    skipped: int = 0
    out_of_memory: list[str] = field(default_factory=list)  # names of the erroring nodes DuckDB ran out of memory in
    skipped_nodes: list[str] = field(default_factory=list)  # names of the nodes skipped for an error above them


def state_root() -> Path:
    """Where the slots of this project checkout live: $WAREHOUSE_DBT_STATE, else
    `.warehouse-cache/dbt/` in the checkout, else (read-only checkout) a folder in the
    temporary directory named after the checkout's path."""
    if os.environ.get("WAREHOUSE_DBT_STATE"):
        return Path(os.environ["WAREHOUSE_DBT_STATE"])
    local = PROJECT_DIR.parent / ".warehouse-cache" / "dbt"
    try:
        local.mkdir(parents=True, exist_ok=True)
        if os.access(local, os.W_OK):
            return local
    except OSError:
        pass
    key = hashlib.sha256(str(PROJECT_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"warehouse-dbt-{os.getuid()}" / key


@contextlib.contextmanager
def dbt_slot(build_db: Path, root: Path | None = None) -> Iterator[Path]:
    """Hold the first free slot of build_db's catalog, with `<slot>/<catalog>.duckdb`
    pointing at build_db; yields the link (the path dbt's profile gets)."""
    catalog = catalog_name(Path(build_db))
    root = (root or state_root()) / catalog
    root.mkdir(parents=True, exist_ok=True)
    k = 0
    while True:
        slot = root / f"slot-{k}"
        slot.mkdir(exist_ok=True)
        lock = open(slot / "lock", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            lock.close()
            k += 1
    link = slot / f"{catalog}.duckdb"
    try:
        link.unlink(missing_ok=True)  # a killed build's
        link.symlink_to(Path(build_db).resolve())
        yield link
    finally:
        link.unlink(missing_ok=True)
        lock.close()  # releases the flock


def catalog_name(path: Path) -> str:
    """DuckDB's name for the catalog of a file (and dbt-duckdb's): its name's first part."""
    return path.name.lstrip(".").split(".")[0]


def run_dbt(build_db: Path, state_dir: Path | None = None, command: str = "build",
            extra: list[str] | None = None, on_node: Callable[[int, int, str], None] | None = None,
            prepared: "PreparedDbt | None" = None) -> DbtResult:
    """`dbt <command>` on build_db, in a slot (see the module's docstring). `state_dir` is the
    folder of the slots (default: state_root()). `on_node(done, total, name)` is called as
    each node (model, test, seed) finishes. `prepared`: a PreparedDbt for this build_db, whose
    slot and parsed project are used (the project is not parsed again)."""
    from dbt.cli.main import dbtRunner

    with (prepared.slot(build_db) if prepared is not None else dbt_slot(build_db, state_dir)) as link:
        os.environ["WAREHOUSE_BUILD_DB"] = str(link)
        manifest = prepared.manifest() if prepared is not None else None
        try:
            res = dbtRunner(manifest=manifest, callbacks=[_node_counter(on_node)] if on_node else None).invoke(
                _args(command, link.parent, extra))
        finally:
            _release_dbt_connection()
    out = DbtResult(success=False, failures=[], nodes=0)
    if res.result is not None and hasattr(res.result, "results"):
        for r in res.result.results:
            out.nodes += 1
            status = str(getattr(r, "status", "")).lower()
            message = (r.message or "").strip()[:300]
            if status == "skipped":
                out.skipped += 1
                out.skipped_nodes.append(r.node.name)
            elif status == "fail" or (status == "warn" and _blocking(r.node)):
                # A blocking test that found rows (dbt_project.yml: reported as a warning so
                # nothing below it is skipped).
                out.failures.append(f"{r.node.name}: fail: {message}")
                out.failed_tests.append(_failed_test(r.node, int(getattr(r, "failures", 0) or 0), message))
            elif status in ("error", "runtime error"):
                out.failures.append(f"{r.node.name}: {status}: {message}")
                out.errors.append(f"{r.node.name}: {message}")
                if "Out of Memory Error" in (r.message or ""):
                    out.out_of_memory.append(r.node.name)
    if res.exception is not None:
        out.failures.append(f"dbt raised: {res.exception}")
        out.errors.append(f"dbt raised: {res.exception}")
    out.success = bool(res.success) and not out.failures
    return out


def _args(command: str, slot: Path, extra: list[str] | None = None) -> list[str]:
    return [
        command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(slot / "target"),
        "--log-path", str(slot / "logs"),
        "--no-use-colors",
        "--quiet",
        *_lean_flags(),
        # the seeds are loaded in one batch by the project's on-run-start hook (load_seeds)
        *(["--exclude-resource-type", "seed"] if command == "build" else []),
        *(extra or []),
    ]


class PreparedDbt:
    """A build file's slot held and the project parsed ahead of the run (ingest/dbt_process.py
    does it in a process of its own while ingest runs): run_dbt(..., prepared=p) then builds
    on the parsed manifest, as often as it is called (quarantine's second pass too). If the
    parse fails, run_dbt parses as it would have and reports what is wrong.

        with PreparedDbt(build_file) as prepared:   # holds the slot, parses
            run_dbt(build_file, prepared=prepared)
    """

    def __init__(self, build_db: Path, state_dir: Path | None = None) -> None:
        self.build_db = Path(build_db)
        self._slot = dbt_slot(self.build_db, state_dir)
        self.link = self._slot.__enter__()
        self._manifest = None
        try:
            from dbt.cli.main import dbtRunner

            os.environ["WAREHOUSE_BUILD_DB"] = str(self.link)
            res = dbtRunner().invoke(_args("parse", self.link.parent))
            self._manifest = res.result if res.success else None
        except Exception:  # noqa: BLE001 - run_dbt parses again and reports it
            self._manifest = None

    def manifest(self):
        """The parsed manifest; None if the parse failed."""
        return self._manifest

    @contextlib.contextmanager
    def slot(self, build_db: Path) -> Iterator[Path]:
        if Path(build_db) != self.build_db:
            raise ValueError(f"prepared for {self.build_db}, asked to run on {build_db}")
        yield self.link

    def close(self) -> None:
        """Release the slot."""
        if self._slot is not None:
            slot, self._slot, self._manifest = self._slot, None, None
            slot.__exit__(None, None, None)

    def __enter__(self) -> "PreparedDbt":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# What dbt would write that no build reads (results come back in memory): manifest.json,
# semantic_manifest.json, graph.gpickle and run_results.json (twice the manifest per run), and
# a debug log of every statement (~5 MB per build; the log keeps dbt's info lines: nodes,
# parse). The partial-parse state is written anyway. Set DBT_WRITE_JSON / DBT_LOG_LEVEL_FILE
# to have them (e.g. DBT_WRITE_JSON=1 to read run_results.json).
_LEAN = {"DBT_WRITE_JSON": "--no-write-json", "DBT_LOG_LEVEL_FILE": "--log-level-file=info"}


def _lean_flags() -> list[str]:
    return [flag for env, flag in _LEAN.items() if env not in os.environ]


def _blocking(node) -> bool:
    return str(getattr(getattr(node, "config", None), "severity", "")).lower() == "error"


def _failed_test(node, failures: int, message: str) -> FailedTest:
    meta = getattr(node, "test_metadata", None)
    attached = getattr(node, "attached_node", None)
    return FailedTest(
        name=node.name,
        test=meta.name if meta is not None else "",
        model=attached.split(".")[-1] if attached else None,
        column=getattr(node, "column_name", None),
        kwargs=dict(meta.kwargs) if meta is not None else {},
        relation=getattr(node, "relation_name", None),
        failures=failures,
        message=message,
    )


def _node_counter(on_node: Callable[[int, int, str], None]):
    """A dbt event callback: the total from the 'n of N START' lines, one call per finished node."""
    state = {"done": 0, "total": 0}

    def callback(event) -> None:
        name = event.info.name
        if name == "LogStartLine":
            state["total"] = max(state["total"], int(getattr(event.data, "total", 0) or 0))
        elif name == "NodeFinished":
            state["done"] += 1
            node = getattr(getattr(event.data, "node_info", None), "node_name", "") or ""
            on_node(state["done"], max(state["total"], state["done"]), node)

    return callback


def _release_dbt_connection() -> None:
    """dbt-duckdb keeps its DuckDB instance open for the life of the process; close it
    so the pipeline can reopen the build file (and publish it) in this process."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()
