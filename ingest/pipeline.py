"""The build: registry -> segment -> extract -> raw load -> dbt build -> checks -> publish.

`build()` is what `warehouse build` runs. It never writes the served file: it builds a
new file beside it and swaps it in only when every blocking check has passed.
"""
from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from ingest import __version__
from ingest.cache import DocumentCache
from ingest.executors import executor_for
from ingest.faults import fault_point
from ingest.process import DocumentResult, describe_error, ingest_documents, sum_seconds
from ingest.publish import (
    BuildPaths, acquire_lock, append_build_log, create_build_database, finalize_and_publish,
    previous_runs, release_lock, remove_stale_build_files,
)
from ingest.read import listing
from ingest.read.duplicates import DuplicateMarker
from ingest.raw_tables import load_raw
from ingest.reporting import Reporter

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCUMENTS = REPO_ROOT / "data" / "documents"
DEFAULT_DATABASE = REPO_ROOT / "warehouse.duckdb"
MART_SCHEMA = "marts"


class BuildFailed(RuntimeError):
    """The build could not be published; the served file is unchanged."""


@dataclass
class BuildSummary:
    run_id: str
    database: Path
    documents_loaded: int
    documents_failed: int
    sections: int
    rows_per_mart: dict[str, int]
    checks_failed: int
    stage_seconds: dict[str, float]
    failed_documents: list[tuple[str, str]]
    documents_parsed: int = 0
    ingest_seconds: dict[str, float] = field(default_factory=dict)  # per step, summed over documents


def list_documents(folder: Path) -> list[Path]:
    """Every visible entry of the folder except READMEs, in name order, whatever its kind:
    the registry records a FIFO, a directory or a symlink out of the folder with its reason."""
    try:
        return listing.list_documents(folder)
    except listing.FolderMissing as e:
        raise BuildFailed(str(e)) from None


def mart_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [r[0] for r in con.sql(
        "select table_name from information_schema.tables "
        f"where table_schema = '{MART_SCHEMA}' and table_type = 'BASE TABLE' order by table_name").fetchall()]
    return {t: con.sql(f'select count(*) from {MART_SCHEMA}."{t}"').fetchall()[0][0] for t in tables}


def build(documents: Path = DEFAULT_DOCUMENTS, database: Path = DEFAULT_DATABASE,
          reporter: Reporter | None = None, use_cache: bool = True, scheduler: str | None = None,
          workers: int | None = None, store_dir: Path | None = None) -> BuildSummary:
    """`scheduler`/`workers` choose where documents are parsed (ingest.executors);
    `store_dir` is the partition store (default `<database>.cache`, shared with the workers)."""
    reporter = reporter or Reporter.for_stream()
    database = database.resolve()
    started = _utcnow()
    run_id = started.strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    paths = BuildPaths(database, run_id)
    database.parent.mkdir(parents=True, exist_ok=True)
    acquire_lock(paths)
    timings: dict[str, float] = {}
    peaks: dict[str, float] = {}  # peak RSS (MiB) of this process after each stage
    record = {"run_id": run_id, "started_at": started.isoformat(), "database": str(database),
              "documents": str(documents), "pid": os.getpid()}
    try:
        remove_stale_build_files(database)
        summary = _build_locked(documents, paths, started, reporter, timings, peaks, use_cache,
                                _Ingest(scheduler, workers, store_dir))
        record.update(status="published", finished_at=_utcnow().isoformat(),
                      documents_loaded=summary.documents_loaded, documents_failed=summary.documents_failed,
                      documents_parsed=summary.documents_parsed, ingest_seconds=summary.ingest_seconds,
                      rows_per_mart=summary.rows_per_mart, checks_failed=summary.checks_failed,
                      stage_seconds=timings, peak_rss_mib_after_stage=peaks)
        append_build_log(paths, record)
        return summary
    except BaseException as e:
        record.update(status="failed", finished_at=_utcnow().isoformat(),
                      error=describe_error(e) if not isinstance(e, BuildFailed) else str(e), stage_seconds=timings,
                      peak_rss_mib_after_stage=peaks)
        append_build_log(paths, record)
        for p in (paths.build_file, Path(str(paths.build_file) + ".wal")):
            p.unlink(missing_ok=True)
        raise
    finally:
        release_lock(paths)


def _build_locked(documents: Path, paths: BuildPaths, started: datetime, reporter: Reporter,
                  timings: dict[str, float], peaks: dict[str, float], use_cache: bool,
                  how: "_Ingest | None" = None) -> BuildSummary:
    def stage(name: str):
        return _Stage(name, timings, peaks, reporter)

    target = paths.target
    how = how or _Ingest()
    store_dir = how.store_dir or cache_dir_for(target)
    with stage("ingest"):
        files = list_documents(documents)
        reporter.set_total(len(files))
        mark_duplicate = DuplicateMarker()

        def on_done(path: Path, r: DocumentResult) -> None:
            mark_duplicate(r)  # in listing order, so the first name keeps the content
            reporter.document(path.name, r.load_status, r.error_text, sections=r.section_count, rows=r.row_count,
                              cached=r.from_cache)

        with executor_for(how.scheduler, how.workers) as executor:
            results = ingest_documents(files, store_dir, on_done, executor, reparse=not use_cache)
        fault_point("ingest", target)
    loaded = [r for r in results if r.load_status != "failed"]
    if not loaded:
        raise BuildFailed(f"no document in {documents} could be loaded ({len(files)} files)")

    import dbt.version

    run_row = {
        "run_id": paths.run_id, "started_at": started, "finished_at": None, "status": "published",
        "documents_loaded": len(loaded), "documents_failed": len(results) - len(loaded),
        "duckdb_version": duckdb.__version__, "dbt_version": dbt.version.__version__,
        "project_version": __version__,
    }
    with stage("raw load"):
        history = previous_runs(target)
        con = create_build_database(paths.build_file)
        try:
            load_raw(con, results, run_row, history)  # DuckDB reads the partitions
        finally:
            con.close()
        fault_point("raw_load", target)

    with stage("dbt build"):
        from ingest.dbt_runner import run_dbt

        fault_point("dbt", target)
        res = run_dbt(paths.build_file, paths.dbt_dir, on_node=reporter.progress)
        if not res.success:
            raise BuildFailed("dbt build failed (blocking checks):\n  " + "\n  ".join(res.failures[:20]))

    with stage("checks"):
        fault_point("checks", target)
        from expectations.runner import run_expectations

        gx = run_expectations(paths.build_file, paths.run_id, data_docs_dir_for(target), on_table=reporter.progress)
        for w in gx.warnings:
            reporter.warning(f"expectation: {w}")
        con = duckdb.connect(str(paths.build_file))
        try:
            write_expectation_results(con, gx.results)
            if gx.blocking_failures:
                raise BuildFailed("blocking expectations failed:\n  " + "\n  ".join(gx.blocking_failures[:20]))
            counts = mart_row_counts(con)
            checks_failed = con.sql(
                f"select count(*) from {MART_SCHEMA}.dq_reconciliation where status = 'fail'").fetchall()[0][0]
            con.execute(
                f"update {MART_SCHEMA}.meta_build_run set finished_at = ?, rows_per_mart = ?, checks_failed = ? "
                "where run_id = ?",
                [_utcnow(), json.dumps(counts), checks_failed, paths.run_id])
        finally:
            con.close()

    with stage("publish"):
        from ingest.serve import hooks

        hooks.before_swap(paths.build_file, target, paths.run_id)  # search index, fact fingerprints
        fault_point("before_swap", target)
        finalize_and_publish(paths.build_file, target)
        hooks.after_publish(target, paths.run_id, reporter.warning)  # Data Docs, report
    DocumentCache(store_dir).prune({r.outcome.sha256 for r in loaded})

    summary = BuildSummary(
        run_id=paths.run_id, database=target, documents_loaded=len(loaded),
        documents_failed=len(results) - len(loaded), sections=sum(r.section_count for r in results),
        rows_per_mart=counts, checks_failed=checks_failed, stage_seconds=dict(timings),
        failed_documents=[(r.outcome.source_file, r.outcome.load_error or "") for r in results if r.load_status == "failed"],
        documents_parsed=sum(1 for r in loaded if not r.from_cache),
        ingest_seconds=sum_seconds(results),
    )
    reporter.summary(summary)
    return summary


def _utcnow() -> datetime:
    """Now in UTC as a naive timestamp (DuckDB TIMESTAMP, as stored in meta_build_run)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def data_docs_dir_for(target: Path) -> Path:
    """Great Expectations Data Docs of the latest build: build/data_docs/ beside the served file."""
    return target.parent / "build" / "data_docs"


def write_expectation_results(con: duckdb.DuckDBPyConnection, results: pl.DataFrame) -> None:
    """Insert the suites' outcomes into the (dbt-created, described) mart, by column name."""
    cols = [r[0] for r in con.sql(
        "select column_name from information_schema.columns "
        f"where table_schema = '{MART_SCHEMA}' and table_name = 'dq_expectation_result' order by ordinal_position").fetchall()]
    # One id per evaluation (run_id is the table's key); the build it belongs to in build_run_id.
    results = results.with_columns(
        pl.col("run_id").alias("build_run_id"),
        pl.format("{}:{}:{}", pl.col("run_id"), pl.col("suite"),
                  pl.int_range(pl.len()).over("suite").cast(pl.Utf8).str.zfill(4)).alias("run_id"),
    )
    df = results.select([pl.col(c) if c in results.columns else pl.lit(None).alias(c) for c in cols])
    con.register("_expectations", df.to_arrow())
    try:
        con.sql(f"insert into {MART_SCHEMA}.dq_expectation_result by name select * from _expectations")
    finally:
        con.unregister("_expectations")


def cache_dir_for(target: Path) -> Path:
    """Parsed-row cache beside the served file (one per target, so builds of other targets never evict it)."""
    return target.with_name(target.name + ".cache")


@dataclass(frozen=True)
class _Ingest:
    """Where the documents are parsed and where their partitions go."""

    scheduler: str | None = None
    workers: int | None = None
    store_dir: Path | None = None


class _Stage:
    def __init__(self, name: str, timings: dict[str, float], peaks: dict[str, float], reporter: Reporter):
        self.name, self.timings, self.peaks, self.reporter = name, timings, peaks, reporter

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.reporter.stage_start(self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.timings[self.name] = round(time.perf_counter() - self.t0, 3)
        # Peak resident memory of this process so far (ru_maxrss is KiB on Linux): shows
        # which stage raised it.
        self.peaks[self.name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        self.reporter.stage_end(self.name, self.timings[self.name], ok=exc_type is None)
        return False
