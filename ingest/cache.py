"""The partition store: each document's parsed rows as Parquet, one folder per document
content and parser code.

Every build writes here (local processes or Dask workers, which need the folder on a
shared path), and the raw load reads the Parquet files with DuckDB, so the parsed rows
never pass through the build process's memory. The same folders are the incremental
cache: a document whose bytes and whose parsing code (ingest/**/*.py, seeds/*.csv) are
unchanged since the last build is not segmented or extracted again. The key holds both
hashes, so editing a parser invalidates every entry without bookkeeping.

    <store>/<sha256[:24]>-<code fingerprint>/
        meta.json           {"rows": {table: n}, "errors": [[extractor, error]], "sections": n, "lines": n,
                             "parsed_by": "host:pid"}
        _lines.parquet      document_line rows
        _sections.parquet   section rows
        <raw table>.parquet one per extractor table with rows
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

REPO_ROOT = Path(__file__).resolve().parent.parent
SECTIONS = "_sections"
LINES = "_lines"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of everything that decides what a document parses into."""
    h = hashlib.sha256()
    files = sorted((REPO_ROOT / "ingest").rglob("*.py")) + sorted((REPO_ROOT / "seeds").glob("*.csv"))
    for p in files:
        h.update(str(p.relative_to(REPO_ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """One document's partitions: where they are and how many rows each holds (from meta.json)."""

    folder: Path
    rows: dict[str, int]  # raw table -> rows (extractor tables only)
    errors: list[tuple[str, str]]
    sections: int
    lines: int

    def partition(self, table: str) -> Path:
        return self.folder / f"{table}.parquet"

    @property
    def lines_file(self) -> Path:
        return self.partition(LINES)

    @property
    def sections_file(self) -> Path:
        return self.partition(SECTIONS)


class DocumentCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256[:24]}-{code_fingerprint()}"

    def load(self, sha256: str) -> Entry | None:
        """The document's entry, or None when it is not stored (or damaged: it is then parsed again)."""
        folder = self._entry(sha256)
        try:
            meta = json.loads((folder / "meta.json").read_text())
            entry = Entry(folder, {t: int(n) for t, n in meta["rows"].items()},
                          [tuple(e) for e in meta["errors"]], int(meta["sections"]), int(meta["lines"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        needed = [entry.lines_file, entry.sections_file] + [entry.partition(t) for t, n in entry.rows.items() if n]
        return entry if all(p.exists() for p in needed) else None

    def store(self, sha256: str, lines: pl.DataFrame, sections: pl.DataFrame, frames: dict[str, pl.DataFrame],
              errors: list[tuple[str, str]], replace: bool = False, parsed_by: str | None = None) -> Entry:
        """Write the document's partitions; `replace` overwrites an existing entry (a forced
        re-parse, or a damaged entry)."""
        folder = self._entry(sha256)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            lines.write_parquet(tmp / f"{LINES}.parquet")
            sections.write_parquet(tmp / f"{SECTIONS}.parquet")
            for t, df in frames.items():
                if df.height:  # empty tables need no file: the loader types them from the schema
                    df.write_parquet(tmp / f"{t}.parquet")
            meta = {"rows": {t: df.height for t, df in frames.items()}, "errors": errors,
                    "sections": sections.height, "lines": lines.height, "parsed_by": parsed_by}
            (tmp / "meta.json").write_text(json.dumps(meta))
            if replace and folder.exists():
                trash = self.folder / f".tmp-{uuid.uuid4().hex}"
                try:
                    os.replace(folder, trash)
                except FileNotFoundError:
                    pass  # another worker is replacing it with the same rows
                shutil.rmtree(trash, ignore_errors=True)
            try:
                os.replace(tmp, folder)  # atomic: a killed build leaves only a .tmp- folder
            except OSError:
                # Another worker stored the same content first (two files, one content): same rows.
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return Entry(folder, meta["rows"], errors, sections.height, lines.height)

    def prune(self, keep_shas: set[str]) -> int:
        """Drop entries of other code versions, of documents no longer present, and stale temp folders."""
        if not self.folder.exists():
            return 0
        keep = {self._entry(s).name for s in keep_shas}
        removed = 0
        for p in self.folder.iterdir():
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)
                removed += 1
        return removed
