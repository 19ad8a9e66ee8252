"""One document through ingest: read -> segment -> extract (or find its rows in the
partition store), and the same over a whole folder on an executor (local processes or a
Dask cluster).

A worker writes the document's rows as Parquet partitions (ingest.cache) and returns only
a small summary, so neither the corpus text nor its parsed rows travel back to the build
process: the raw load reads the partitions with DuckDB.
"""
from __future__ import annotations

import os
import socket
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import polars as pl

from ingest.cache import LINES, SECTIONS, DocumentCache, Entry, code_fingerprint
from ingest.document import SectionIndex
from ingest.extract import EXTRACTORS
from ingest.load import CORE_TABLES, frame
from ingest.registry import LoadOutcome, read_document
from ingest.segment import segment


class CodeMismatch(RuntimeError):
    """A worker runs other parser code than the build: its rows would not be this build's."""


@dataclass
class DocumentResult:
    """One file after ingest: its registry outcome and where its rows are (the store entry)."""

    outcome: LoadOutcome
    entry: Entry | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    from_cache: bool = False
    # CPU seconds spent per step on this document: registry, segment, extract:<name>, cache.
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def load_status(self) -> str:
        if self.outcome.load_status == "failed":
            return "failed"
        return "partial" if self.errors else "loaded"

    @property
    def error_text(self) -> str | None:
        """Why the document failed or is partial, in one line (NULL when it loaded cleanly)."""
        return self.outcome.load_error or ("; ".join(f"{n}: {e}" for n, e in self.errors) or None)

    @property
    def section_count(self) -> int:
        return self.entry.sections if self.entry else 0

    @property
    def row_count(self) -> int:
        return sum(self.entry.rows.values()) if self.entry else 0

    # The document's rows read back from its partitions (for tests and inspection; the
    # build's raw load reads the partitions with DuckDB instead).
    @property
    def lines(self) -> pl.DataFrame:
        return self._read(LINES, CORE_TABLES["document_line"])

    @property
    def sections(self) -> pl.DataFrame:
        return self._read(SECTIONS, CORE_TABLES["section"])

    @property
    def frames(self) -> dict[str, pl.DataFrame]:
        return {t: self._read(t) for t in sorted(self.entry.rows)} if self.entry else {}

    def _read(self, table: str, schema: dict | None = None) -> pl.DataFrame:
        path = self.entry.partition(table) if self.entry else None
        if path is not None and path.exists():
            return pl.read_parquet(path)
        return pl.DataFrame(schema=schema or {})


def process_document(path: Path, store_dir: Path, reparse: bool = False,
                     fingerprint: str | None = None) -> DocumentResult:
    """Read, segment and extract one file into the partition store (or find it there).
    `reparse` parses even when the store has the document; `fingerprint` is the build's
    parser-code hash, checked so a worker with other code cannot mix its rows in."""
    if fingerprint is not None and fingerprint != code_fingerprint():
        raise CodeMismatch(f"parser code {code_fingerprint()} differs from the build's {fingerprint}")
    clock = _Clock()
    outcome = read_document(Path(path))
    clock.lap("registry")
    doc = outcome.document
    # The text is in the partitions; do not ship it back from a worker.
    slim = replace(outcome, document=replace(doc, text="", lines=(), line_count_hint=doc.line_count)) if doc else outcome
    result = DocumentResult(slim, seconds=clock.seconds)
    if doc is None:
        return result
    store = DocumentCache(Path(store_dir))
    entry = None if reparse else store.load(doc.sha256)
    clock.lap("cache")
    if entry is not None:
        result.entry, result.errors, result.from_cache = entry, list(entry.errors), True
        return result
    lines = pl.DataFrame({
        "document_id": [doc.document_id] * doc.line_count,
        "source_line": pl.int_range(1, doc.line_count + 1, eager=True).cast(pl.Int32),
        "text": list(doc.lines),
    }, schema=CORE_TABLES["document_line"])
    sections_df = pl.DataFrame(schema=CORE_TABLES["section"])
    frames: dict[str, pl.DataFrame] = {}
    try:
        sections = segment(doc)
    except Exception as e:  # a segmentation bug must not lose the other documents
        result.errors.append(("segment", describe_error(e)))
        sections = None
    if sections is not None:
        sections_df = frame([{k: getattr(sec, k) for k in CORE_TABLES["section"]} for sec in sections],
                            CORE_TABLES["section"])
        clock.lap("segment")
        index = SectionIndex(sections)
        for name, module in EXTRACTORS.items():
            try:
                extracted = module.extract(doc, index)
            except Exception as e:
                result.errors.append((name, describe_error(e)))
                continue
            for table, schema in module.TABLES.items():
                rows = extracted.get(table, [])
                for r in rows:
                    r["document_id"] = doc.document_id
                frames[table] = frame(rows, {"document_id": pl.Utf8, **schema})
            clock.lap(f"extract:{name}")
    # Which process parsed it (on a cluster: which worker), for the operator.
    parsed_by = f"{socket.gethostname()}:{os.getpid()}"
    # Replace whatever is there: it is a forced re-parse or a damaged entry.
    result.entry = store.store(doc.sha256, lines, sections_df, frames, result.errors, replace=True,
                               parsed_by=parsed_by)
    clock.lap("cache")
    return result


def process_document_safe(path: Path, store_dir: Path, reparse: bool = False,
                          fingerprint: str | None = None) -> DocumentResult:
    """process_document that turns any failure into a `failed` document (one document never
    stops the night), except a code mismatch, which is the cluster's fault, not the document's."""
    try:
        return process_document(path, store_dir, reparse, fingerprint)
    except CodeMismatch:
        raise
    except Exception as e:
        return failed_result(Path(path), e)


def failed_result(path: Path, error: BaseException) -> DocumentResult:
    """A `failed` document for a file whose processing raised (or whose worker died)."""
    import hashlib

    try:
        raw = path.read_bytes()
        sha, size = hashlib.sha256(raw).hexdigest(), len(raw)
    except OSError:
        sha, size = hashlib.sha256(str(path).encode()).hexdigest(), None
    return DocumentResult(LoadOutcome(path.name, sha, size, "failed", f"ingest failed: {describe_error(error)}", None))


class _Clock:
    """CPU seconds of this process per step: what one document costs the process that parses
    it (the bench's MB/s per process), not stretched by other processes sharing the cores as
    wall time is. A process parses one document at a time (local workers, and Dask workers
    run one thread), so its CPU time is this document's, the Parquet writer's threads included."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.t = time.process_time()

    def lap(self, name: str) -> None:
        now = time.process_time()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.t
        self.t = now


def ingest_documents(files: list[Path], store_dir: Path, on_done: Callable[[Path, DocumentResult], None],
                     executor=None, reparse: bool = False) -> list[DocumentResult]:
    """process_document over all files on the executor (default: local processes), in file order."""
    from ingest.executors import LocalProcesses

    executor = executor or LocalProcesses()
    # workers may run elsewhere: no relative paths (absolute, not resolved: a symlink stays a symlink)
    files = [Path(os.path.abspath(p)) for p in files]
    results = []
    for p, r in zip(files, executor.map(process_document_safe, files, store_dir, reparse, code_fingerprint())):
        if isinstance(r, CodeMismatch):
            raise r
        if isinstance(r, BaseException):  # the worker died (or could not be reached) on this document
            r = failed_result(p, r)
        results.append(r)
        on_done(p, r)
    return results


def describe_error(e: BaseException) -> str:
    """An exception in one line, with the file and line it came from (for load_error)."""
    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    loc = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}{loc}"


def sum_seconds(results: list[DocumentResult]) -> dict[str, float]:
    total: dict[str, float] = {}
    for r in results:
        for k, v in r.seconds.items():
            total[k] = total.get(k, 0.0) + v
    return {k: round(v, 4) for k, v in total.items()}
