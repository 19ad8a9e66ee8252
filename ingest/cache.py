"""Parsed rows cached per document content and parser code, as Parquet.

A document whose bytes and whose parsing code (ingest/*.py, seeds/*.csv) are
unchanged since the last build is not segmented or extracted again. The key holds
both hashes, so editing a parser invalidates every entry without bookkeeping.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from functools import lru_cache
from pathlib import Path

import polars as pl

REPO_ROOT = Path(__file__).resolve().parent.parent
SECTIONS = "_sections"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of everything that decides what a document parses into."""
    h = hashlib.sha256()
    files = sorted((REPO_ROOT / "ingest").rglob("*.py")) + sorted((REPO_ROOT / "seeds").glob("*.csv"))
    for p in files:
        h.update(str(p.relative_to(REPO_ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class DocumentCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256[:24]}-{code_fingerprint()}"

    def load(self, sha256: str) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], list[tuple[str, str]]] | None:
        """(sections, frames per raw table, extractor errors), or None when not cached."""
        entry = self._entry(sha256)
        meta_file = entry / "meta.json"
        if not meta_file.exists():
            return None
        try:
            meta = json.loads(meta_file.read_text())
            frames = {t: pl.read_parquet(entry / f"{t}.parquet") for t in meta["tables"]}
            sections = pl.read_parquet(entry / f"{SECTIONS}.parquet")
        except (OSError, ValueError, pl.exceptions.PolarsError):
            return None  # a damaged entry is simply parsed again
        return sections, frames, [tuple(e) for e in meta["errors"]]

    def store(self, sha256: str, sections: pl.DataFrame, frames: dict[str, pl.DataFrame],
              errors: list[tuple[str, str]]) -> None:
        entry = self._entry(sha256)
        if entry.exists():
            return
        tmp = self.folder / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir(parents=True)
        try:
            sections.write_parquet(tmp / f"{SECTIONS}.parquet")
            for t, df in frames.items():
                df.write_parquet(tmp / f"{t}.parquet")
            (tmp / "meta.json").write_text(json.dumps({"tables": list(frames), "errors": errors}))
            os.replace(tmp, entry)  # atomic: a killed build leaves only a .tmp- folder
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)

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
