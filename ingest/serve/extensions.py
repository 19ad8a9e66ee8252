"""DuckDB extensions loaded by path from their PyPI packages (duckdb-extension-NAME).

No download at run time: the package ships the binary for this DuckDB version under
`<package>/extensions/v<version>/<name>.duckdb_extension`.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb


def extension_path(name: str) -> Path:
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package duckdb-extension-{name} is not installed")
    root = Path(next(iter(spec.submodule_search_locations))) / "extensions"
    exact = root / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if exact.exists():
        return exact
    found = sorted(root.glob(f"*/{name}.duckdb_extension"))
    if not found:
        raise RuntimeError(f"duckdb-extension-{name} ships no {name}.duckdb_extension under {root}")
    return found[-1]


def load(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.load_extension(str(extension_path(name)))
