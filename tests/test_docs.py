"""README snippets run as pasted (against a copy of the bundled build named as in the
README; the small build), and `warehouse docs` builds the dbt docs site with the published file's catalog."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import REPO, run_warehouse

pytestmark = pytest.mark.e2e


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.fixture
def in_readme_folder(small_published, tmp_path):
    shutil.copy(small_published, tmp_path / "warehouse.duckdb")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


def test_readme_python_snippets_run_as_pasted(in_readme_folder):
    blocks = _blocks("python")
    assert len(blocks) >= 2
    for block in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})
        assert out.getvalue().strip(), block[:200]  # each prints a result


def test_readme_sql_snippets_run_as_pasted(in_readme_folder):
    blocks = _blocks("sql")
    assert blocks
    con = duckdb.connect("warehouse.duckdb", read_only=True)
    try:
        for block in blocks:
            for statement in (s for s in block.split(";") if re.sub(r"--[^\n]*", "", s).strip()):
                con.sql(statement).fetchall()
    finally:
        con.close()


def test_warehouse_docs_has_a_filled_catalog_and_leaves_no_database(small_published, tmp_path):
    before = set(small_published.parent.iterdir())
    repo_before = {p.name for p in REPO.iterdir()}
    out = tmp_path / "site"
    res = run_warehouse("docs", "--database", str(small_published), "--out", str(out))
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    nodes = catalog["nodes"]
    value = next(n for k, n in nodes.items() if k.endswith(".fct_indicator_value"))
    assert "is_latest" in value["columns"] and value["stats"]["has_stats"]["value"] is not None
    assert value["metadata"]["comment"]  # the table's description, read from the published file
    assert len(nodes) > 20
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "fct_restatement" in html  # the static page embeds manifest and catalog
    # nothing new beside the served file, no stray database in the repository
    assert set(small_published.parent.iterdir()) == before
    assert not [n for n in {p.name for p in REPO.iterdir()} - repo_before if "duckdb" in n]
    assert not (REPO / "warehouse_dev.duckdb").exists()
