"""Document results -> the raw tables of one build (core tables plus every extractor's),
each with the columns and types of its one declaration (ingest.load.raw_schemas).

The document, error and build-run tables are small and built from the results; the
parsed rows (lines, sections, extractor tables) are read by DuckDB from the documents'
Parquet partitions in the store, so the build process never holds them.
"""
from __future__ import annotations

import duckdb

from ingest.cache import Entry
from ingest.load import (
    CORE_TABLES, extractor_tables, frame, update_raw_parquet, write_raw, write_raw_parquet,
)
from ingest.process import DocumentResult
from ingest.row_digest import order_free_digest


def load_raw(con: duckdb.DuckDBPyConnection, results: list[DocumentResult], run_row: dict,
             history: list[dict], by_document: bool = False, changed: dict | None = None) -> dict[str, int]:
    """Create every raw table of the build in `con`; returns row counts per table.

    `by_document`: `con` is a copy of the published file built by the same parser
    (ingest/incremental.py): the tables of parsed rows keep the rows of documents still
    loaded and only gain those of new documents and lose those of documents gone
    (load.update_raw_parquet); the small tables are written whole. `changed`, when given,
    receives the raw tables whose rows changed (`tables`: every one unless `by_document`, then a
    small table whose rows differ from the copy's and a parsed-row table that lost or gained a
    document) and how many documents' rows were deleted and inserted, summed over tables."""
    small = list(_small_tables(results, run_row, history))
    before = {name: _digest(con, name) for name, _ in small} if by_document else {}
    counts = write_raw(con, small)
    changed_tables = [name for name, _ in small if not by_document or _digest(con, name) != before[name]]
    con.begin()  # one commit for all partition tables, not one per table

    # The same content under two file names is one document (the id is the content hash).
    entries: dict[str, Entry] = {}
    for r in results:
        if r.entry is not None:
            entries.setdefault(r.outcome.document_id, r.entry)
    parts = {"section": (CORE_TABLES["section"], lambda e: e.sections_file if e.sections else None),
             "document_line": (CORE_TABLES["document_line"], lambda e: e.lines_file if e.lines else None)}
    for table, schema in extractor_tables().items():
        parts[table] = (schema, lambda e, t=table: e.partition(t) if e.rows.get(t) else None)
    deleted = inserted = 0
    for table, (schema, partition) in parts.items():
        files = {d: f for d, e in entries.items() if (f := partition(e)) is not None}
        updated = update_raw_parquet(con, table, files, schema) if by_document else None
        if updated is None:
            counts[table] = write_raw_parquet(con, table, list(files.values()), schema)
        else:
            counts[table], gone, new = updated
            deleted, inserted = deleted + gone, inserted + new
        if updated is None or updated[1:] != (0, 0):
            changed_tables.append(table)
    con.commit()
    if changed is not None:
        changed.update(tables=changed_tables, documents_deleted=deleted, documents_inserted=inserted)
    return counts


def _digest(con: duckdb.DuckDBPyConnection, name: str) -> tuple | None:
    """Row count and an order-free sum of row hashes of raw.<name>, or None when it is missing."""
    try:
        return order_free_digest(con, f'raw."{name}"')
    except duckdb.CatalogException:
        return None


def _small_tables(results: list[DocumentResult], run_row: dict, history: list[dict]):
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
    yield "document", frame(docs, CORE_TABLES["document"]).unique("document_id", keep="first", maintain_order=True)
    yield "extraction_error", frame(errors, CORE_TABLES["extraction_error"])
    yield "build_run", frame(history + [run_row], CORE_TABLES["build_run"])
