"""Bad input is named with its reason, recorded as failed, and loses nothing else."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import DOCUMENTS, copy_documents, run_warehouse
from test_pdf import report_pdf

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build


CALL = """Kallelse
Nämnden för vatten och avlopp
2031-04-01

Datum och tid: tisdag 14 april 2031, klockan 10.00
Plats: Pumphuset

Föredragningslista
1 Val av justerare
2 Budget för 2032
"""

PROTOCOL = """PROTOKOLL

Nämnden för vatten och avlopp §§ 5-6

Tid: 2031-04-14 kl. 10:00

§ 5
Val av justerare
Beslut
Nämnden utser Eva Exempel att justera protokollet.
"""


ODD = {"empty.txt", "binary.txt", "002_copy.txt", "pipe.txt", "x.txt", "link_out.txt", "link_gone.txt",
       "wide.txt", "huge.txt"}
DECODABLE = {"latin1.txt", "recipe.txt", "call_utf16.txt", "protocol_crlf.txt", "report.pdf"}
OUTSIDE = "outside_bad_input.txt"  # beside the documents folder


def documents(docs: Path) -> list[str]:
    """This file's entries in the shared `variety` build (conftest.VARIETY, which sets
    WAREHOUSE_MAX_FILE_BYTES to 1 MiB): odd inputs beside the goal follow-up and the plan."""
    copy_documents(docs, names=["002", "003"])
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (docs / "latin1.txt").write_bytes("Protokoll för nämnden, Tid: 2021-01-01, Plats: Rådhuset, §§ 1-2".encode("latin-1"))
    (docs / "recipe.txt").write_text("Kanelbullar\n\nSmör, socker, kanel.\nGrädda i 225 grader.\n", encoding="utf-8")
    (docs / "call_utf16.txt").write_bytes(CALL.encode("utf-16"))
    (docs / "protocol_crlf.txt").write_bytes(PROTOCOL.replace("\n", "\r\n").encode("utf-8"))
    (docs / "report.pdf").write_bytes(report_pdf())
    shutil.copy(next(docs.glob("002_*.txt")), docs / "002_copy.txt")  # byte-identical duplicate
    os.mkfifo(docs / "pipe.txt")
    (docs / "x.txt").mkdir()
    outside = docs.parent / OUTSIDE
    outside.write_text(CALL, encoding="utf-8")
    (docs / "link_out.txt").symlink_to(outside)
    (docs / "link_gone.txt").symlink_to(docs / "nowhere.txt")
    (docs / "wide.txt").write_text("Rapport\n" + "x" * 150_000 + "\n", encoding="utf-8")
    (docs / "huge.txt").write_bytes(b"Rapport\n" + b"rad\n" * 400_000)  # 1.6 MB, over the bound of the build
    return sorted(ODD | DECODABLE | {p.name for p in docs.glob("00[23]_*.txt")} - {"002_copy.txt"})


def test_odd_inputs_beside_good_documents_in_one_build(variety):
    # one build of the shared `variety` corpus: the other files' documents must all load
    docs, db, stdout = variety.docs, variety.db, variety.stdout
    outside = docs.parent / OUTSIDE
    mine = {p.name for p in docs.glob("00[23]_*.txt")} - {"002_copy.txt"}
    assert mine == {p.name for p in DOCUMENTS.glob("00[23]_*.txt")}
    failed_lines = [ln for ln in stdout.splitlines() if "FAILED" in ln and ln.startswith("[doc]")]
    messages = {ln.split(":")[0].removeprefix("[doc] "): ln for ln in failed_lines}
    assert set(messages) == ODD
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["binary.txt"]

    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.sql("select source_file, load_status || ': ' || coalesce(load_error, '') "
                        "from marts.dim_document").fetchall())
    # every entry of the folder has its row, the odd ones with their reason
    assert set(rows) == {p.name for p in docs.iterdir()}
    assert rows["empty.txt"].startswith("failed: empty")
    assert rows["002_copy.txt"].startswith("failed: duplicate: byte-identical to 002_")
    assert rows["pipe.txt"] == "failed: not a regular file (a FIFO)"
    assert rows["x.txt"] == "failed: not a regular file (a directory)"
    assert rows["link_out.txt"] == f"failed: symlink to {outside}, outside the documents folder: not followed"
    assert rows["link_gone.txt"].startswith("failed: dangling symlink")
    assert rows["wide.txt"].startswith("failed: a line of 150000 characters is over the bound of 100000")
    assert rows["huge.txt"].startswith("failed: file of 1600008 bytes is over the bound of 1048576")
    # decodable ones load, with their encoding; unknown genre loads too; and so does every
    # document of the other files in the shared build: all but the odd ones load
    loaded = {f for f, v in rows.items() if v == "loaded: "}
    assert DECODABLE | mine <= loaded and loaded == {p.name for p in docs.iterdir()} - ODD
    enc = dict(con.sql("select source_file, encoding from marts.dim_document").fetchall())
    assert (enc["latin1.txt"], enc["call_utf16.txt"], enc["protocol_crlf.txt"], enc["report.pdf"]) == (
        "cp1252", "utf-16", "utf-8", "pdf")
    genre = dict(con.sql("select source_file, genre from marts.dim_document").fetchall())
    assert (genre["recipe.txt"], genre["call_utf16.txt"], genre["protocol_crlf.txt"], genre["report.pdf"]) == (
        "unknown", "meeting_pack", "protocol_excerpts", "report")
    # the PDF's table and lines are in the marts; the duplicate added no rows
    pdf_amounts = con.sql("""select count(*) from marts.fct_financial_line f join marts.dim_document d using (document_id)
                             where d.source_file = 'report.pdf' and f.source_kind = 'table'""").fetchall()[0][0]
    assert pdf_amounts == 9  # the table's 3 rows x 3 columns (its prose sentence adds a 'prose' line)
    copy_lines = con.sql("""select count(*) from marts.dim_source_line l join marts.dim_document d using (document_id)
                            where d.source_file = '002_copy.txt'""").fetchall()[0][0]
    assert copy_lines == 0
    sections = con.sql("select count(distinct document_id) from marts.dim_section").fetchall()[0][0]
    assert sections == len(loaded)  # 7 of them this file's
    run = con.sql("select documents_loaded, documents_failed from marts.meta_build_run").fetchall()
    assert run == [(len(loaded), 9)]


def test_a_folder_with_nothing_readable_fails_and_publishes_nothing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_bytes(b"")
    db = tmp_path / "wh.duckdb"
    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))
    assert res.returncode == 1
    assert "no document" in res.stderr
    assert not db.exists()
