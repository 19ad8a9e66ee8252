"""Inputs as people have them: each bundled document re-encoded (UTF-8 with BOM, UTF-16,
UTF-32, cp1252, CRLF, CR) parses to exactly the same rows as its UTF-8 LF original, through
the real per-document pipeline (read -> segment -> extract), and the encoding is recorded."""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ingest.process import DocumentResult, process_document
from ingest.read.decode import Undecodable, decode, normalise_newlines
from ingest.registry import read_document

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"
ORIGINALS = sorted(DOCS.glob("*.txt"))

KEPT_IDS = ("document_id", "section_id", "parent_section_id")

VARIANTS = {  # name -> (text -> bytes, encoding the registry must record)
    "utf8_bom": (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    "utf16": (lambda t: t.encode("utf-16"), "utf-16"),
    "utf16_be_crlf": (lambda t: b"\xfe\xff" + t.replace("\n", "\r\n").encode("utf-16-be"), "utf-16"),
    "cp1252": (lambda t: t.encode("cp1252"), "cp1252"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "cr": (lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
}


def comparable(r: DocumentResult) -> dict[str, pl.DataFrame]:
    """Every row the document yields, with its content-derived id replaced (the bytes differ)."""
    doc_id = r.outcome.document_id
    frames = {"document_line": r.lines, "section": r.sections, **r.frames}
    out = {}
    for name, df in frames.items():
        # ids hashed from the document id (financial_line_id, table_id, ...) differ with it;
        # every other column, and the line each row points at, must not
        hashed = [c for c in df.columns if c.endswith("_id") and c not in KEPT_IDS]
        out[name] = df.drop(hashed).with_columns(pl.col(pl.Utf8).str.replace_all(doc_id, "DOC", literal=True))
    meta = r.outcome.document
    out["_meta"] = pl.DataFrame({"v": [str((meta.region, meta.title, meta.document_date, meta.genre, meta.line_count))]})
    return out


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """Per document: the UTF-8 LF text that each variant must reproduce. For cp1252 that is
    the original with the few characters cp1252 cannot hold (emoji, U+2212) as '?'."""
    root = tmp_path_factory.mktemp("originals")
    out = {}
    for p in ORIGINALS:
        text = p.read_text(encoding="utf-8")
        out[(p.name, "utf-8")] = (text, comparable(process_document(p, root / "store")))
        narrowed = text.encode("cp1252", errors="replace").decode("cp1252")
        if narrowed != text:
            q = root / p.name
            q.write_text(narrowed, encoding="utf-8")
            out[(p.name, "cp1252")] = (narrowed, comparable(process_document(q, root / "store")))
        else:
            out[(p.name, "cp1252")] = out[(p.name, "utf-8")]
    return out


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_bundled_document_reencoded_yields_the_same_rows(variant, originals, tmp_path):
    encode, encoding = VARIANTS[variant]
    for p in ORIGINALS:
        text, expected = originals[(p.name, "cp1252" if variant == "cp1252" else "utf-8")]
        q = tmp_path / p.name
        q.write_bytes(encode(text))
        got = process_document(q, tmp_path / "store")
        assert (got.load_status, got.outcome.encoding) == ("loaded", encoding), (p.name, got.error_text)
        rows = comparable(got)
        assert rows.keys() == expected.keys()
        for table, df in expected.items():
            assert rows[table].equals(df), (variant, p.name, table)
        assert sum(df.height for df in rows.values()) > 100  # the comparison is over real rows


def test_latin1_without_windows_characters_is_read():
    out = decode("KALLELSE\nNämnd för miljö, Tid: 2030-01-02\n".encode("latin-1"))
    assert out.text == "KALLELSE\nNämnd för miljö, Tid: 2030-01-02\n"
    assert out.encoding in ("cp1252", "latin-1")  # the same bytes for every Swedish letter


def test_cp1252_dash_and_quotes_decode():
    assert decode("Budget – ”plan” 2031\n".encode("cp1252")).text == "Budget – ”plan” 2031\n"


def test_newlines():
    assert normalise_newlines("a\r\nb\r\n") == "a\nb\n"
    assert normalise_newlines("a\rb\r") == "a\nb\n"
    assert normalise_newlines("a\rx\nb\n") == "a\rx\nb\n"  # LF file: a stray CR stays in its line


def test_undecodable_and_binary(tmp_path):
    with pytest.raises(Undecodable, match="NUL byte"):
        decode(b"abc\x00def")
    with pytest.raises(Undecodable, match="utf-16"):
        decode(b"\xff\xfeA")  # a UTF-16 mark on an odd number of bytes
    p = tmp_path / "utf16.txt"
    p.write_bytes("Årsredovisning 2030\nRegion Exempel\n".encode("utf-16"))
    out = read_document(p)
    assert (out.load_status, out.encoding, out.document.genre) == ("loaded", "utf-16", "report")
