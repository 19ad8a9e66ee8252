"""Read a DuckDB file that another process may hold read-write.

DuckDB refuses even a read-only open of a file held read-write by another process (a BI tool,
a writer). What was checkpointed into it can still be read from a byte copy: the build's
history (publish.previous_runs) and fact fingerprints (serve/history/fingerprint) are read so,
rather than lost. The copy costs one read of the whole file into the temp folder."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def checkpoint_copy(path: Path) -> Iterator[Path | None]:
    """A copy of `path` as of its last checkpoint, removed on exit; None when it cannot be copied."""
    with tempfile.TemporaryDirectory(prefix="warehouse-history-") as tmp:
        copy = Path(tmp) / path.name
        try:
            shutil.copyfile(path, copy)
        except OSError:
            yield None
            return
        yield copy
