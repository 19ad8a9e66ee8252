"""The two points where the build calls this package.

`before_swap` adds to the build file what readers of the published file use;
`after_publish` writes what sits beside the published file (Data Docs, the HTML
report). Nothing here may fail a build that has been published: after the swap a
failure is a warning.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable


def before_swap(build_file: Path, target: Path, run_id: str) -> None:
    """Called with the checked build file closed, just before it replaces `target`."""
    import duckdb

    from ingest.serve.history.fingerprint import record_fingerprints
    from ingest.serve.search import build_search_index

    from ingest.publish import BUILD_MEMORY_LIMIT

    # the build's memory limit (DuckDB's default is 80% of RAM): the full-text index over
    # every printed line of a 100-fold corpus took 3.7 GiB without it; it spills beyond
    con = duckdb.connect(str(build_file), config={"memory_limit": BUILD_MEMORY_LIMIT})
    try:
        build_search_index(con)
        record_fingerprints(con, run_id, previous=target)
    finally:
        con.close()


def after_publish(target: Path, run_id: str, warn: Callable[[str], None] = print) -> None:
    """Called once `target` is the new published file."""
    from expectations.data_docs import publish_data_docs
    from ingest.pipeline import data_docs_dir_for
    from ingest.serve.report import report_path_for, write_report

    try:
        publish_data_docs(data_docs_dir_for(target))
    except Exception as e:  # the build is published; say what is missing
        warn(f"Data Docs not published: {type(e).__name__}: {e}")
    try:
        write_report(target, report_path_for(target))
    except Exception as e:
        warn(f"report not written: {type(e).__name__}: {e}")
