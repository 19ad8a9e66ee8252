"""Document results -> the raw tables of one build (core tables plus every extractor's),
each with the columns and types of its one declaration (ingest.load.raw_schemas).

The document, error and build-run tables are small and built from the results; the
parsed rows (lines, sections, extractor tables) are read by DuckDB from the documents'
Parquet partitions in the store, so the build process never holds them.
"""
from __future__ import annotations

import duckdb

from ingest.load import CORE_TABLES, extractor_tables, frame, write_raw, write_raw_parquet
from ingest.process import DocumentResult


def load_raw(con: duckdb.DuckDBPyConnection, results: list[DocumentResult], run_row: dict,
             history: list[dict]) -> dict[str, int]:
    """Create every raw table of the build in `con`; returns row counts per table."""
    counts = write_raw(con, _small_tables(results, run_row, history))
    con.begin()  # one commit for all partition tables, not one per table

    # The same content under two file names is one document (the id is the content hash).
    seen: set[str] = set()
    entries = []
    for r in results:
        if r.entry is not None and r.outcome.document_id not in seen:
            seen.add(r.outcome.document_id)
            entries.append(r.entry)
    counts["section"] = write_raw_parquet(con, "section", [e.sections_file for e in entries if e.sections],
                                          CORE_TABLES["section"])
    counts["document_line"] = write_raw_parquet(con, "document_line", [e.lines_file for e in entries if e.lines],
                                                CORE_TABLES["document_line"])
    for table, schema in extractor_tables().items():
        files = [e.partition(table) for e in entries if e.rows.get(table)]
        counts[table] = write_raw_parquet(con, table, files, schema)
    con.commit()
    return counts


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
