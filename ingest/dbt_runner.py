"""Run dbt (in-process, real dbt-core + dbt-duckdb) against a build file."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"


@dataclass
class DbtResult:
    success: bool
    failures: list[str]
    nodes: int


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
    failures: list[str] = []
    nodes = 0
    if res.result is not None and hasattr(res.result, "results"):
        for r in res.result.results:
            nodes += 1
            status = str(getattr(r, "status", "")).lower()
            if status in ("error", "fail", "runtime error"):
                failures.append(f"{r.node.name}: {status}: {(r.message or '').strip()[:300]}")
    if res.exception is not None:
        failures.append(f"dbt raised: {res.exception}")
    return DbtResult(success=bool(res.success) and not failures, failures=failures, nodes=nodes)


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
