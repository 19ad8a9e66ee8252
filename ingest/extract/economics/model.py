"""The shape every economics table reader hands to the extractor: the shared table model
(ingest.tables.model) under the names the economics code has always used."""
from __future__ import annotations

from ingest.tables.model import Row as EconRow
from ingest.tables.model import Table as EconTable

__all__ = ["EconRow", "EconTable"]
