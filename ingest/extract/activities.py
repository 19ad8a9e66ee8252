"""Extractor for the activities domain (not implemented yet: declares no raw tables)."""
from __future__ import annotations

import polars as pl

from ingest.document import Document, SectionIndex

TABLES: dict[str, dict[str, pl.DataType]] = {}


def extract(doc: Document, sections: SectionIndex) -> dict[str, list[dict]]:
    return {}
