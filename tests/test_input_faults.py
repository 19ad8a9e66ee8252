"""File-system faults in the documents folder: each entry gets a row with its reason and the
build goes on. Reading never hangs (FIFO), never follows a symlink out of the folder, never
raises for what is on disk, and bounds what one document may cost. Tests run as root, so
unreadability is made real: a directory named like a file, a FIFO, a dangling symlink, a file
removed between listing and reading, and a chmod-000 file read by a process without root."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from ingest.process import ingest_documents
from ingest.read.duplicates import DuplicateMarker
from ingest.read.listing import list_documents, listed_size
from ingest.registry import read_document

GOOD = "Årsredovisning 2030\nRegion Provinsia\n\nResultatet blev 12 mnkr.\n"


@pytest.fixture
def alarm():
    """Fail, rather than hang the suite, if a read blocks."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading blocked"))
    signal.alarm(20)
    yield
    signal.alarm(0)


def test_a_fifo_is_listed_and_failed_without_blocking(tmp_path, alarm):
    os.mkfifo(tmp_path / "pipe.txt")
    assert list_documents(tmp_path) == [tmp_path / "pipe.txt"] and listed_size(tmp_path / "pipe.txt") == 0
    out = read_document(tmp_path / "pipe.txt")
    assert (out.load_status, out.load_error) == ("failed", "not a regular file (a FIFO)")
    assert out.document_id.startswith("doc_") and len(out.document_id) == 20


def test_a_directory_named_like_a_file_is_failed(tmp_path):
    (tmp_path / "x.txt").mkdir()
    assert list_documents(tmp_path) == [tmp_path / "x.txt"]
    out = read_document(tmp_path / "x.txt")
    assert (out.load_status, out.load_error) == ("failed", "not a regular file (a directory)")


def test_symlinks_inside_are_followed_outside_and_dangling_are_not(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(GOOD, encoding="utf-8")
    (docs / "inside.txt").symlink_to(docs / "a.txt")
    (docs / "out.txt").symlink_to(outside)
    (docs / "gone.txt").symlink_to(docs / "nowhere.txt")
    assert read_document(docs / "inside.txt").load_status == "loaded"
    out = read_document(docs / "out.txt")
    assert out.load_status == "failed" and out.load_error == f"symlink to {outside}, outside the documents folder: not followed"
    out = read_document(docs / "gone.txt")
    assert out.load_status == "failed" and out.load_error == "dangling symlink (to " + str(docs / "nowhere.txt") + ")"


def test_a_file_removed_between_listing_and_reading(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.replace("12", "13"), encoding="utf-8")
    files = list_documents(tmp_path)
    (tmp_path / "a.txt").unlink()
    results = ingest_documents(files, tmp_path / "store", lambda p, r: None)
    assert [(r.outcome.source_file, r.load_status, r.error_text) for r in results] == [
        ("a.txt", "failed", "file vanished between listing and reading"), ("b.txt", "loaded", None)]


def _read_as_nobody(path: str, queue) -> None:
    os.setgid(65534)
    os.setuid(65534)
    out = read_document(Path(path))
    queue.put((out.load_status, out.load_error))


def test_a_file_without_read_permission_is_failed_not_raised():
    # pytest's tmp_path sits under a root-only folder; the unprivileged reader must reach the file
    folder = Path(tempfile.mkdtemp(prefix="locked-", dir="/tmp"))
    folder.chmod(0o755)
    p = folder / "locked.txt"
    p.write_text(GOOD, encoding="utf-8")
    p.chmod(0o000)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_read_as_nobody, args=(str(p), queue))  # root reads anything
    child.start()
    status, reason = queue.get(timeout=60)
    child.join(timeout=60)
    shutil.rmtree(folder)
    assert status == "failed" and reason.startswith("cannot be opened (PermissionError")


def test_size_and_line_bounds(tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_MAX_FILE_BYTES", "1000")
    monkeypatch.setenv("WAREHOUSE_MAX_LINE_CHARS", "200")
    big = tmp_path / "big.txt"
    big.write_text(GOOD + "Rad.\n" * 400, encoding="utf-8")
    out = read_document(big)
    assert out.load_status == "failed" and out.load_error.startswith(f"file of {big.stat().st_size} bytes is over the bound of 1000")
    assert out.sha256 == hashlib.sha256(big.read_bytes()).hexdigest()  # hashed, not read whole: the id is the content
    assert out.document_id == "doc_" + out.sha256[:16]
    wide = tmp_path / "wide.txt"
    wide.write_text(GOOD + "x" * 300 + "\n", encoding="utf-8")
    out = read_document(wide)
    assert out.load_status == "failed" and out.load_error.startswith("a line of 300 characters is over the bound of 200")
    monkeypatch.setenv("WAREHOUSE_MAX_LINE_CHARS", "not a number")  # a bad setting falls back to the default
    assert read_document(wide).load_status == "loaded"


def test_a_byte_identical_duplicate_is_recorded_not_merged(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (tmp_path / "e1.txt").write_bytes(b"")
    (tmp_path / "e2.txt").write_bytes(b"")
    mark = DuplicateMarker()
    results = ingest_documents(list_documents(tmp_path), tmp_path.parent / "store", lambda p, r: mark(r))
    by_name = {r.outcome.source_file: r for r in results}
    assert by_name["a.txt"].load_status == "loaded" and by_name["a.txt"].sections.height > 0
    for copy in ("b.txt", "c.txt"):
        r = by_name[copy]
        assert (r.load_status, r.error_text) == (
            "failed", "duplicate: byte-identical to a.txt, whose rows are loaded once under that name")
        assert r.lines.height == 0 and r.sections.height == 0 and r.row_count == 0
    assert by_name["e2.txt"].error_text == "empty file (same bytes as e1.txt)"
    ids = [r.outcome.document_id for r in results]
    assert len(set(ids)) == len(ids) == 5
