"""Document results -> the raw tables of one build (core tables plus every extractor's)."""
from __future__ import annotations

from typing import Iterator

import polars as pl

from ingest.extract import EXTRACTORS
from ingest.load import CORE_TABLES, frame
from ingest.process import DocumentResult


def raw_tables(results: list[DocumentResult], run_row: dict, history: list[dict]) -> Iterator[tuple[str, pl.DataFrame]]:
    """(raw table name, frame) one table at a time. Each document's frames for a table are
    released once that table is built, so a large corpus is never held twice in memory."""
    docs, errors = [], []
    for r in results:
        o = r.outcome
        d = o.document
        docs.append({
            "document_id": o.document_id, "source_file": o.source_file, "sha256": o.sha256,
            "size_bytes": o.size_bytes, "line_count": d.line_count if d else None,
            "region": d.region if d else None, "title": d.title if d else None,
            "document_date": d.document_date if d else None, "genre": d.genre if d else None,
            "encoding": o.encoding,
            "load_status": r.load_status,
            "load_error": r.error_text,
        })
        errors += [{"document_id": o.document_id, "extractor": n, "error": e} for n, e in r.errors]
    # The same content under two file names is one document (the id is the content hash).
    seen: set[str] = set()
    unique = []
    for r in results:
        if r.outcome.document_id not in seen:
            seen.add(r.outcome.document_id)
            unique.append(r)
    yield "document", frame(docs, CORE_TABLES["document"]).unique("document_id", keep="first", maintain_order=True)
    yield "section", _concat([r.sections for r in unique], CORE_TABLES["section"])
    lines = _concat([r.lines for r in unique], CORE_TABLES["document_line"])
    for r in results:
        r.lines = r.lines.clear()
    yield "document_line", lines
    del lines
    yield "extraction_error", frame(errors, CORE_TABLES["extraction_error"])
    yield "build_run", frame(history + [run_row], CORE_TABLES["build_run"])
    for module in EXTRACTORS.values():
        for table, schema in module.TABLES.items():
            df = _concat([r.frames[table] for r in unique if table in r.frames], {"document_id": pl.Utf8, **schema})
            for r in results:
                r.frames.pop(table, None)
            yield table, df


def _concat(frames: list[pl.DataFrame], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    frames = [f for f in frames if f.height]
    if not frames:
        return pl.DataFrame(schema=schema)
    # Cached frames may predate a schema change only if the code fingerprint missed it; cast to be safe.
    return pl.concat([f.select([pl.col(c).cast(t) if c in f.columns else pl.lit(None, t).alias(c)
                                for c, t in schema.items()]) for f in frames])
