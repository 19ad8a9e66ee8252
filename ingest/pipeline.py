"""The build: registry -> segment -> extract -> raw load -> dbt build -> checks -> publish.

`build()` is what `warehouse build` runs. It never writes the served file: it builds a
new file beside it and swaps it in only when every blocking check has passed.
"""
from __future__ import annotations

import contextlib
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
from ingest.executors.local import PARALLEL_MIN_BYTES
from ingest.faults import break_rule, fault_point
from ingest.findings import attention_counts, documents_needing_attention
from ingest.process import DocumentResult, describe_error, ingest_documents, sum_seconds
from ingest.publish import (
    DEFAULT_LOCK_MAX_AGE_SECONDS, BuildPaths, acquire_lock, append_build_log, build_history, compact_build_file,
    create_build_database, finalize_and_publish, recover_killed_publish, release_lock, remove_stale_build_files,
)
from ingest.quarantine import create_quarantine_table
from ingest.read import listing
from ingest.read.duplicates import DuplicateMarker
from ingest.raw_tables import load_raw
from ingest.reporting import Reporter
from ingest.signals import BuildInterrupted, BuildSignals

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCUMENTS = REPO_ROOT / "data" / "documents"
DEFAULT_DATABASE = REPO_ROOT / "warehouse.duckdb"
MART_SCHEMA = "marts"
# Up to this much text the checks process starts with the build, so GX's import overlaps
# ingest and dbt; a larger corpus starts it after dbt: its ~300 MiB beside dbt's peak is
# what lifted a 100-fold build's process tree over 1 GiB, and there the import is a few
# seconds of many minutes. The same size below which ingest stays in one process.
CHECKS_EARLY_MAX_BYTES = PARALLEL_MIN_BYTES


# The dbt nodes a build makes when its raw rows are the published file's but for its own
# build_run row (a rebuild with nothing changed): that row's models and tests, and the
# expectation results' table, which the checks fill anew. Every other node would make
# what the copy holds: the same code (ingest/incremental.py) on the same rows.
KEPT_MARTS_SELECT = ("source:raw.build_run+", "dq_expectation_result")


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
    quarantined_documents: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    dbt_passes: list[tuple[str, float]] = field(default_factory=list)  # (dbt command, seconds)
    # documents failed, quarantined, of unknown genre or without facts: (file, reason), counts per kind
    attention: list[tuple[str, str]] = field(default_factory=list)
    attention_counts: dict[str, int] = field(default_factory=dict)


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
          workers: int | None = None, store_dir: Path | None = None,
          lock_max_age: float | None = DEFAULT_LOCK_MAX_AGE_SECONDS) -> BuildSummary:
    """`scheduler`/`workers` choose where documents are parsed (ingest.executors);
    `store_dir` is the partition store (default `<database>.cache`, shared with the workers);
    a lock older than `lock_max_age` seconds is taken over even if its build still runs."""
    reporter = reporter or Reporter.for_stream()
    database = database.resolve()
    started = _utcnow()
    run_id = started.strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    paths = BuildPaths(database, run_id)
    database.parent.mkdir(parents=True, exist_ok=True)
    signals = BuildSignals().install()
    try:
        took_over = acquire_lock(paths, max_age_seconds=lock_max_age)
    except BaseException:
        signals.restore()
        raise
    if took_over:
        reporter.warning(took_over)
    timings: dict[str, float] = {}
    peaks: dict[str, float] = {}  # peak RSS (MiB) of this process after each stage
    record = {"run_id": run_id, "started_at": started.isoformat(), "database": str(database),
              "documents": str(documents), "pid": os.getpid(), "lock_taken_over": took_over}
    checks = None
    dbt_early = None
    try:
        from expectations.checks_process import ChecksProcess
        from ingest.dbt_process import DbtProcess

        checks = ChecksProcess(start=False)  # started in _build_locked, see CHECKS_EARLY_MAX_BYTES
        dbt_early = DbtProcess(paths.build_file, start=False)  # the same: dbt imports and parses there
        for p in remove_stale_build_files(database):
            reporter.warning(f"removed {p.name}, left by a killed build")
        for r in recover_killed_publish(paths):
            reporter.warning(f"run {r} was published but killed before logging it: logged now")
        summary = _build_locked(documents, paths, started, reporter, timings, peaks, use_cache,
                                _Ingest(scheduler, workers, store_dir), record, signals, checks, dbt_early)
        if signals.received:
            reporter.warning(f"{signals.received} received during the swap: the build had published")
        return summary
    except BaseException as e:
        signals.ignore()
        error = describe_error(e) if not isinstance(e, (BuildFailed, BuildInterrupted)) else str(e)
        if signals.interrupted and not isinstance(e, BuildInterrupted):
            error = f"interrupted by {signals.interrupted} ({error})"
        record.update(status="failed", finished_at=_utcnow().isoformat(), error=error,
                      stage_seconds=timings, peak_rss_mib_after_stage=peaks)
        append_build_log(paths, record)
        # the helper processes first: dbt's may still write beside the build file
        for helper in (checks, dbt_early):
            if helper is not None:
                helper.close()
        remove_stale_build_files(database)
        if signals.interrupted:
            raise BuildFailed(error) from None
        raise
    finally:
        if checks is not None:
            checks.close()
        if dbt_early is not None:
            dbt_early.close()
        release_lock(paths)
        signals.restore()


def _build_locked(documents: Path, paths: BuildPaths, started: datetime, reporter: Reporter,
                  timings: dict[str, float], peaks: dict[str, float], use_cache: bool,
                  how: "_Ingest | None", record: dict, signals: BuildSignals, checks=None,
                  dbt_early=None) -> BuildSummary:
    def stage(name: str):
        signals.check()  # a signal a library swallowed still ends the build
        return _Stage(name, timings, peaks, reporter)

    target = paths.target
    how = how or _Ingest()
    store_dir = how.store_dir or cache_dir_for(target)
    with stage("ingest"):
        files = list_documents(documents)
        reporter.set_total(len(files))
        if checks is not None and sum(map(listing.listed_size, files)) <= CHECKS_EARLY_MAX_BYTES:
            checks.start()  # GX imports there while ingest and dbt run here
            if dbt_early is not None:
                dbt_early.start()  # dbt imports and parses there while ingest runs here
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

    from importlib.metadata import version  # not dbt.version: importing dbt costs ~3 s (ingest/dbt_process.py)

    run_row = {
        "run_id": paths.run_id, "started_at": started, "finished_at": None, "status": "published",
        "documents_loaded": len(loaded), "documents_failed": len(results) - len(loaded),
        "duckdb_version": duckdb.__version__, "dbt_version": version("dbt-core"),
        "project_version": __version__,
    }
    with stage("raw load"):
        history = build_history(target)
        # From a copy of the published file when it was built by the same code (raw tables and
        # by_document marts change only for new and gone documents); --no-cache: empty.
        from ingest.incremental import build_fingerprint, can_start_from

        record["fingerprint"] = build_fingerprint()
        started_from = can_start_from(target) if use_cache else None
        record["started_from_published"] = bool(started_from)
        t0 = time.perf_counter()
        con = create_build_database(paths.build_file, target if started_from else None)
        record["copy_seconds"] = round(time.perf_counter() - t0, 3)
        try:
            # DuckDB reads the partitions; from the published copy only documents new or gone
            changed: dict = {}
            load_raw(con, results, run_row, history, by_document=bool(started_from), changed=changed)
            planted = break_rule(con, {r.outcome.document_id: r.outcome.source_file for r in loaded})
            if planted:  # raw rows that are no document's own: no later build may start from this file
                record["fingerprint"] = "fault:rule_break"
            # From the copy, with no raw row changed but this run's: its marts, quarantine and
            # test outcomes are this build's; dbt makes only the run's own nodes (KEPT_MARTS_SELECT).
            marts_kept = bool(started_from) and set(changed["tables"]) <= {"build_run"} and not planted
            if not marts_kept:
                create_quarantine_table(con)
            record["raw_load"] = {**changed, "marts_kept": marts_kept} if started_from else None
        finally:
            con.close()
        fault_point("raw_load", target)

    with stage("dbt build"):
        from ingest.quarantine import SELECT_ENV, PipelineBroken, build_with_quarantine, reasons_in

        fault_point("dbt", target)
        try:
            # dbt's state lives in a slot shared by every build of this checkout (dbt_runner).
            # A rebuild with nothing changed makes only this run's nodes; always set, so that a
            # selection left in the caller's environment never makes a partial build.
            only = {SELECT_ENV: " ".join(KEPT_MARTS_SELECT) if marts_kept else ""}
            documents_loaded = {r.outcome.document_id: r.outcome.source_file for r in loaded}
            if dbt_early is not None and dbt_early.started:
                dbt = dbt_early.run(documents_loaded, only, on_node=reporter.progress)
            else:
                with _environ(only):
                    dbt = build_with_quarantine(paths.build_file, None, documents_loaded, on_node=reporter.progress)
        except PipelineBroken as e:
            raise BuildFailed(f"dbt build failed (blocking checks): {e}") from None
        quarantined = _quarantined_files(results, reasons_in(paths.build_file) if marts_kept else dbt.quarantined)
        for name, reason in quarantined:
            reporter.document(name, "quarantined", reason, sections=0, rows=0)

    with stage("checks"):
        fault_point("checks", target)
        if checks is not None:
            gx = checks.run(paths.build_file, paths.run_id, data_docs_dir_for(target), on_table=reporter.progress)
        else:
            from expectations.runner import run_expectations

            gx = run_expectations(paths.build_file, paths.run_id, data_docs_dir_for(target),
                                  on_table=reporter.progress)
        for w in gx.warnings:
            reporter.warning(f"expectation: {w}")
        con = duckdb.connect(str(paths.build_file))
        try:
            write_expectation_results(con, gx.results)
            if gx.blocking_failures:
                raise BuildFailed("blocking expectations failed:\n  " + "\n  ".join(gx.blocking_failures[:20]))
            from expectations.reuse import keep_results  # a later build carries unchanged tables' rows

            keep_results(con, gx)
            counts = mart_row_counts(con)
            attention = documents_needing_attention(con)
            checks_failed = con.sql(
                f"select count(*) from {MART_SCHEMA}.dq_reconciliation where status = 'fail'").fetchall()[0][0]
            con.execute(
                f"update {MART_SCHEMA}.meta_build_run set finished_at = ?, rows_per_mart = ?, checks_failed = ? "
                "where run_id = ?",
                [_utcnow(), json.dumps(counts), checks_failed, paths.run_id])
        finally:
            con.close()

    signals.check()
    summary = BuildSummary(
        run_id=paths.run_id, database=target, documents_loaded=len(loaded),
        documents_failed=len(results) - len(loaded), sections=sum(r.section_count for r in results),
        rows_per_mart=counts, checks_failed=checks_failed, stage_seconds=timings,
        failed_documents=[(r.outcome.source_file, r.outcome.load_error or "") for r in results if r.load_status == "failed"],
        documents_parsed=sum(1 for r in loaded if not r.from_cache),
        ingest_seconds=sum_seconds(results),
        quarantined_documents=quarantined, dbt_passes=dbt.passes,
        attention=[(name, reason) for name, _, reason in attention], attention_counts=attention_counts(attention),
    )
    record.update(
        documents_loaded=summary.documents_loaded, documents_failed=summary.documents_failed,
        documents_parsed=summary.documents_parsed, ingest_seconds=summary.ingest_seconds,
        rows_per_mart=summary.rows_per_mart, checks_failed=summary.checks_failed,
        documents_quarantined=len(summary.quarantined_documents),
        quarantined=dict(summary.quarantined_documents), dbt_passes=summary.dbt_passes,
        documents_needing_attention=len(summary.attention), attention_counts=summary.attention_counts,
        duckdb_version=run_row["duckdb_version"], dbt_version=run_row["dbt_version"],
        project_version=run_row["project_version"])
    with stage("publish"):
        from ingest.serve import hooks

        hooks.before_swap(paths.build_file, target, paths.run_id)  # search index, fact fingerprints
        fault_point("before_swap", target)
        # a build from the published file's copy may free blocks (dbt's table marts, a search
        # index made again): not published with them when they are more than a tenth
        t0 = time.perf_counter()
        record["compacted_free_share"] = compact_build_file(paths.build_file)
        record["compact_seconds"] = round(time.perf_counter() - t0, 3)
        # The log line goes first, with the build file's inode (the served file's after the
        # swap): a kill between swap and the 'published' line still leaves the run in the
        # history. From here on a signal waits: the build has published.
        with signals.held():
            append_build_log(paths, {**record, "status": "publishing", "inode": os.stat(paths.build_file).st_ino})
            finalize_and_publish(paths.build_file, target)
            fault_point("after_swap", target)
            record.update(status="published", finished_at=_utcnow().isoformat(), stage_seconds=timings,
                          peak_rss_mib_after_stage=peaks)
            append_build_log(paths, record)
            try:
                hooks.after_publish(target, paths.run_id, reporter.warning)  # Data Docs, report
                DocumentCache(store_dir).prune({r.outcome.sha256 for r in loaded})
            except Exception as e:  # published already: say what is missing, do not fail
                reporter.warning(f"after publishing: {describe_error(e)}")
    reporter.summary(summary)
    return summary


@contextlib.contextmanager
def _environ(values: dict[str, str]):
    """Environment variables set for the block (dbt reads its options from them too)."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _quarantined_files(results: list[DocumentResult], reasons: dict[str, str]) -> list[tuple[str, str]]:
    """(file name, reason) of every quarantined document, in file order."""
    return [(r.outcome.source_file, reasons[r.outcome.document_id]) for r in results
            if r.load_status != "failed" and r.outcome.document_id in reasons]


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
