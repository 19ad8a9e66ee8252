"""`warehouse docs`: the dbt docs site of the published file, catalog filled.

dbt reads the catalog from the database its profile points at (WAREHOUSE_BUILD_DB; unset,
it would create `warehouse_dev.duckdb` in the working folder and document an empty
file). dbt-duckdb opens its file read-write, so it is pointed at a private copy of the
published file in a temporary folder, which is removed afterwards with dbt's target
folder: the served file is never opened for writing and no database file is left behind.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ingest.dbt_runner import PROJECT_DIR, _release_dbt_connection
from ingest.serve.database import NotPublished

SITE_FILES = ("index.html", "manifest.json", "catalog.json")


@dataclass
class DocsSite:
    index: Path
    catalog_nodes: int
    catalog_columns: int


def build_docs(database: Path, out: Path) -> DocsSite:
    from dbt.cli.main import dbtRunner

    if not database.exists():
        raise NotPublished(f"{database} does not exist; run `warehouse build` first")
    out.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("WAREHOUSE_BUILD_DB")
    with tempfile.TemporaryDirectory(prefix="warehouse-docs-") as tmp:
        copy = Path(tmp) / "catalog.duckdb"
        shutil.copyfile(database, copy)
        os.environ["WAREHOUSE_BUILD_DB"] = str(copy)
        try:
            res = dbtRunner().invoke([
                "docs", "generate", "--static",
                "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
                "--target-path", str(Path(tmp) / "target"), "--log-path", str(Path(tmp) / "logs"),
                "--no-use-colors", "--quiet", "--no-partial-parse",
            ])
        finally:
            _release_dbt_connection()
            if previous is None:
                os.environ.pop("WAREHOUSE_BUILD_DB", None)
            else:
                os.environ["WAREHOUSE_BUILD_DB"] = previous
        if not res.success:
            raise RuntimeError(f"dbt docs generate failed: {res.exception}")
        target = Path(tmp) / "target"
        # the static page embeds manifest and catalog: it opens from the file system
        shutil.copyfile(target / "static_index.html", out / "index.html")
        for name in SITE_FILES[1:]:
            shutil.copyfile(target / name, out / name)
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    nodes = catalog.get("nodes", {})
    return DocsSite(index=out / "index.html", catalog_nodes=len(nodes),
                    catalog_columns=sum(len(n.get("columns", {})) for n in nodes.values()))
