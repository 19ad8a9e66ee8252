"""Run dbt (in-process, real dbt-core + dbt-duckdb) against a build file."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

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


def run_dbt(build_db: Path, state_dir: Path | None = None, command: str = "build",
            extra: list[str] | None = None, on_node: Callable[[int, int, str], None] | None = None) -> DbtResult:
    """`dbt <command>` on build_db. `state_dir` holds dbt's target/ and logs/: one per served
    file, so builds of different targets never share dbt state while the same target's
    next build reuses the parse (partial parsing saves several seconds per build).
    `on_node(done, total, name)` is called as each node (model, test, seed) finishes."""
    from dbt.cli.main import dbtRunner

    os.environ["WAREHOUSE_BUILD_DB"] = str(build_db)
    with tempfile.TemporaryDirectory(prefix="dbt-") as tmp:
        state = state_dir or Path(tmp)
        args = [
            command,
            "--project-dir", str(PROJECT_DIR),
            "--profiles-dir", str(PROJECT_DIR),
            "--target-path", str(state / "target"),
            "--log-path", str(state / "logs"),
            "--no-use-colors",
            "--quiet",
            *(extra or []),
        ]
        try:
            res = dbtRunner(callbacks=[_node_counter(on_node)] if on_node else None).invoke(args)
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
            elif status == "fail" or (status == "warn" and _blocking(r.node)):
                # A blocking test that found rows (dbt_project.yml: reported as a warning so
                # nothing below it is skipped).
                out.failures.append(f"{r.node.name}: fail: {message}")
                out.failed_tests.append(_failed_test(r.node, int(getattr(r, "failures", 0) or 0), message))
            elif status in ("error", "runtime error"):
                out.failures.append(f"{r.node.name}: {status}: {message}")
                out.errors.append(f"{r.node.name}: {message}")
    if res.exception is not None:
        out.failures.append(f"dbt raised: {res.exception}")
        out.errors.append(f"dbt raised: {res.exception}")
    out.success = bool(res.success) and not out.failures
    return out


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
