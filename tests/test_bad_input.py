"""Bad input is named with its reason, recorded as failed, and loses nothing else."""
from __future__ import annotations

import duckdb

from conftest import copy_documents, run_warehouse


def test_odd_inputs_beside_good_documents_in_one_build(tmp_path):
    docs = copy_documents(tmp_path / "docs", names=["002", "003"])
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (docs / "latin1.txt").write_bytes("Protokoll för nämnden, Tid: 2021-01-01, Plats: Rådhuset, §§ 1-2".encode("latin-1"))
    (docs / "recipe.txt").write_text("Kanelbullar\n\nSmör, socker, kanel.\nGrädda i 225 grader.\n", encoding="utf-8")
    db = tmp_path / "wh.duckdb"

    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))

    assert res.returncode == 0, res.stdout + res.stderr
    failed_lines = [ln for ln in res.stdout.splitlines() if "FAILED" in ln and ln.startswith("[doc]")]
    messages = {ln.split(":")[0].removeprefix("[doc] "): ln for ln in failed_lines}
    assert set(messages) == {"empty.txt", "binary.txt"}
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["binary.txt"]

    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.sql("select source_file, load_status || ': ' || coalesce(load_error, '') "
                        "from marts.dim_document").fetchall())
    assert rows["empty.txt"].startswith("failed: empty")
    assert rows["latin1.txt"] == "loaded: "  # decoded as cp1252, not rejected
    # a document of no known genre is loaded, sectioned by layout, marked 'unknown'
    assert rows["recipe.txt"] == "loaded: "
    genre = con.sql("select genre from marts.dim_document where source_file = 'recipe.txt'").fetchall()
    assert genre == [("unknown",)]
    enc = con.sql("select encoding from marts.dim_document where source_file = 'latin1.txt'").fetchall()
    assert enc == [("cp1252",)]
    assert sum(v.startswith("loaded") for v in rows.values()) == 4
    sections = con.sql("select count(distinct document_id) from marts.dim_section").fetchall()[0][0]
    assert sections == 4
    run = con.sql("select documents_loaded, documents_failed from marts.meta_build_run").fetchall()
    assert run == [(4, 2)]


def test_a_folder_with_nothing_readable_fails_and_publishes_nothing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_bytes(b"")
    db = tmp_path / "wh.duckdb"
    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))
    assert res.returncode == 1
    assert "no document" in res.stderr
    assert not db.exists()
