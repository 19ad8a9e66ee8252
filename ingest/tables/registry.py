"""The table readers that return the shared Table (ingest.tables.model), by encoding.

Each reader is `read(lines, words, start=1, end=None, skip=...) -> list[Table]`, where
`words` is the header vocabulary (ingest.tables.vocabulary.header_words) and `skip(n)`
says which lines are page furniture. Domain code asks the registry, not a reader module.
(The TSV and token-aligned readers of economics and the KPI readers of indicators predate
the model and still convert to it in their own packages.)"""
from __future__ import annotations

from typing import Callable

from ingest.tables.columns import read_tables
from ingest.tables.model import Table
from ingest.tables.pipe import read_pipe_tables
from ingest.tables.values_below import read_values_below

Reader = Callable[..., list[Table]]

READERS: dict[str, Reader] = {
    "columns": read_tables,       # space-aligned text read by column position
    "pipe": read_pipe_tables,     # cells separated by '|'
    "values_below": read_values_below,  # a label line, then its values on the lines below
}


def read_all(lines, words, start: int = 1, end: int | None = None, skip=lambda n: False) -> list[Table]:
    """Tables of every registered encoding, in printed order."""
    out: list[Table] = []
    for read in READERS.values():
        out += read(lines, words, start, end, skip)
    return sorted(out, key=lambda t: t.start_line)
