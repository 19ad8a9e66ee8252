"""One document through ingest: read -> segment -> extract (or take its rows from the cache),
and the same over a whole folder, in worker processes when the corpus is large.

Pure with respect to the database: results are polars frames the loader writes in bulk.
"""
from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from ingest.cache import DocumentCache
from ingest.document import SectionIndex
from ingest.extract import EXTRACTORS
from ingest.load import CORE_TABLES, frame
from ingest.registry import LoadOutcome, read_document
from ingest.segment import segment
from ingest.workers import worker_pool

# Below this much text, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


@dataclass
class DocumentResult:
    """One file after ingest: its registry outcome, sections and raw rows as frames."""

    outcome: LoadOutcome
    lines: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CORE_TABLES["document_line"]))
    sections: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CORE_TABLES["section"]))
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    from_cache: bool = False
    # Seconds spent per step on this document: registry, segment, extract:<name>, cache.
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
    def row_count(self) -> int:
        return sum(df.height for df in self.frames.values())


def process_document(path: Path, cache_dir: Path | None = None) -> DocumentResult:
    """Read, segment and extract one file (or take its rows from the cache)."""
    clock = _Clock()
    outcome = read_document(path)
    result = DocumentResult(outcome, seconds=clock.seconds)
    clock.lap("registry")
    doc = outcome.document
    if doc is None:
        return result
    result.lines = pl.DataFrame({
        "document_id": [doc.document_id] * doc.line_count,
        "source_line": pl.int_range(1, doc.line_count + 1, eager=True).cast(pl.Int32),
        "text": list(doc.lines),
    }, schema=CORE_TABLES["document_line"])
    # The text now lives in `lines`; do not ship it back from a worker process twice.
    result.outcome = replace(outcome, document=replace(doc, text="", lines=(), line_count_hint=doc.line_count))
    cache = DocumentCache(cache_dir) if cache_dir else None
    cached = cache.load(doc.sha256) if cache else None
    clock.lap("cache")
    if cached is not None:
        result.sections, result.frames, result.errors = cached
        result.from_cache = True
        return result
    try:
        sections = segment(doc)
    except Exception as e:  # a segmentation bug must not lose the other documents
        result.errors.append(("segment", describe_error(e)))
        return result
    result.sections = frame([{k: getattr(sec, k) for k in CORE_TABLES["section"]} for sec in sections],
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
            result.frames[table] = frame(rows, {"document_id": pl.Utf8, **schema})
        clock.lap(f"extract:{name}")
    if cache:
        cache.store(doc.sha256, result.sections, result.frames, result.errors)
        clock.lap("cache")
    return result


class _Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.t
        self.t = now


def ingest_documents(files: list[Path], cache_dir: Path | None, on_done, workers: int | None = None) -> list[DocumentResult]:
    """process_document over all files; in worker processes when the corpus is large
    (parsing is CPU-bound Python, so threads would not help)."""
    total = sum(p.stat().st_size for p in files)
    workers = workers or (min(os.cpu_count() or 1, len(files)) if total > PARALLEL_MIN_BYTES else 1)
    if workers <= 1:
        results = []
        for p in files:
            results.append(process_document(p, cache_dir))
            on_done(p, results[-1])
        return results
    with worker_pool(workers) as pool:  # workers die with this process, even on SIGKILL
        futures = [pool.submit(process_document, p, cache_dir) for p in files]
        results = []
        for p, f in zip(files, futures):
            results.append(f.result())
            on_done(p, results[-1])
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
