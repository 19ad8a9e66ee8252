"""Ingest: documents -> registry, sections, fact rows -> DuckDB raw schema."""
__version__ = "0.1.0"
