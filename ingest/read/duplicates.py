"""Byte-identical files under other names: recorded, not merged silently.

The document id is the content hash, so a second copy would share the first one's id and
vanish into it ("6 loaded", 5 rows). The first name in listing order keeps the content id
and the facts; each later copy gets an id of its own (from its name), load_status 'failed'
and a load_error naming the original, and contributes no rows of its own, so no fact is
counted twice or attributed to the copy. Files that failed with the same bytes (two empty
files) keep their own reason and get ids of their own too.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from ingest.registry import LoadOutcome, name_id_for


class _Result(Protocol):  # ingest.process.DocumentResult, without importing the pipeline here
    outcome: LoadOutcome
    entry: object  # the document's partitions in the store (shared with the original)
    errors: list


class DuplicateMarker:
    """Call once per result, in listing order (as the pipeline reports them)."""

    def __init__(self) -> None:
        self.first_name: dict[str, str] = {}  # document id -> the file that holds it

    def __call__(self, result: _Result) -> None:
        o = result.outcome
        original = self.first_name.get(o.document_id)
        if original is None:
            self.first_name[o.document_id] = o.source_file
            return
        own_id = name_id_for(o.source_file)
        if o.load_status == "failed":
            result.outcome = replace(o, id_override=own_id, load_error=f"{o.load_error} (same bytes as {original})")
        else:
            # no document: its lines are the original's (raw.document's line_count sums only lines loaded)
            result.outcome = replace(
                o, id_override=own_id, load_status="failed", document=None,
                load_error=f"duplicate: byte-identical to {original}, whose rows are loaded once under that name")
        result.entry = None  # the partitions are the original's: the copy loads none of them
        result.errors = []
        self.first_name.setdefault(own_id, o.source_file)
