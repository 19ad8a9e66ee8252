"""dbt's parse state is shared by builds of any folder (ingest/dbt_runner.py): slots keyed by
catalog name, held one build at a time, released when the holder dies."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb

from ingest.dbt_runner import catalog_name, dbt_slot, run_dbt


def _file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.connect(str(path)).close()
    return path


def test_catalog_name_is_duckdbs(tmp_path):
    for name in ("wh.duckdb", "wh.duckdb.build.tmp", ".wh.duckdb"):
        path = _file(tmp_path / name.lstrip(".") / name)
        con = duckdb.connect(str(path))
        try:
            assert catalog_name(path) == con.sql("select current_database()").fetchall()[0][0] == "wh"
        finally:
            con.close()


def test_concurrent_holders_get_different_slots_and_a_free_slot_is_reused(tmp_path):
    root = tmp_path / "state"
    a = _file(tmp_path / "one" / "wh.duckdb.build.tmp")
    b = _file(tmp_path / "two" / "wh.duckdb.build.tmp")
    with dbt_slot(a, root) as link_a, dbt_slot(b, root) as link_b:
        assert link_a.parent != link_b.parent
        assert link_a.name == link_b.name == "wh.duckdb"  # the profile's path names the catalog
        assert link_a.resolve() == a.resolve() and link_b.resolve() == b.resolve()
        con = duckdb.connect(str(link_b))  # DuckDB opens the build file, under its catalog
        try:
            assert con.sql("select current_database()").fetchall()[0][0] == "wh"
            assert con.sql("select path from duckdb_databases() where database_name = 'wh'").fetchall()[0][0] \
                == str(b.resolve())
        finally:
            con.close()
    assert not link_a.exists() and not link_a.is_symlink()
    with dbt_slot(b, root) as again:
        assert again.parent == link_a.parent  # the first free slot: its parse state is reused
        assert again.resolve() == b.resolve()


def test_other_catalogs_never_share_a_slot(tmp_path):
    root = tmp_path / "state"
    with dbt_slot(_file(tmp_path / "wh.duckdb.build.tmp"), root) as one:
        pass
    with dbt_slot(_file(tmp_path / "other.duckdb.build.tmp"), root) as two:
        pass
    assert one.parent.parent != two.parent.parent and two.name == "other.duckdb"


def test_a_killed_holders_slot_is_free_again(tmp_path):
    root = tmp_path / "state"
    build = _file(tmp_path / "wh.duckdb.build.tmp")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from ingest.dbt_runner import dbt_slot\n"
         f"with dbt_slot(Path({str(build)!r}), Path({str(root)!r})) as link:\n"
         "    print(link, flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent)
    try:
        held = Path(holder.stdout.readline().strip())
        with dbt_slot(build, root) as link:
            assert link.parent != held.parent  # held by the live process
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    with dbt_slot(build, root) as link:
        assert link.parent == held.parent  # the lock died with its process


def test_a_build_in_another_folder_reuses_the_parse(tmp_path, monkeypatch):
    """Real dbt: the second parse, for a build file in another folder, is partial."""
    monkeypatch.setenv("DBT_LOG_LEVEL_FILE", "debug")  # builds write no debug log (dbt_runner._LEAN)
    root = tmp_path / "state"
    for folder in ("first", "second"):
        res = run_dbt(_file(tmp_path / folder / "wh.duckdb.build.tmp"), root, command="parse")
        assert res.success, res.failures
    slots = list((root / "wh").iterdir())
    assert [s.name for s in slots] == ["slot-0"]
    log = (slots[0] / "logs" / "dbt.log").read_text(encoding="utf-8")
    first, second = log.split("Running with dbt=")[1:3]
    assert "Starting full parse" in first
    assert "Nothing changed, skipping partial parsing" in second and "Starting full parse" not in second
