"""Extractors: one module per domain, each turning a document and its sections into raw rows.

Every extractor module exposes
    TABLES: dict[str, dict[str, polars.DataType]]   raw tables it fills, with their schema
    extract(doc: Document, sections: SectionIndex) -> dict[str, list[dict]]
Rows carry `section_id` and `source_line`; the loader adds `document_id`.
Schemas are declared up front so a table exists (empty, typed) even when no
document yields rows for it.
"""
from __future__ import annotations

from types import ModuleType

from ingest.extract import activities, economics, governance, indicators

EXTRACTORS: dict[str, ModuleType] = {
    "governance": governance,
    "indicators": indicators,
    "economics": economics,
    "activities": activities,
}
