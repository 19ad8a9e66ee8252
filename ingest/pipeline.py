"""The build: registry -> segment -> extract -> raw load -> dbt build -> checks -> publish.

`build()` is what `warehouse build` runs. It never writes the served file: it builds a
new file beside it and swaps it in only when every blocking check has passed.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from ingest import __version__
from ingest.cache import DocumentCache
from ingest.faults import fault_point
from ingest.document import SectionIndex
from ingest.extract import EXTRACTORS
from ingest.load import CORE_TABLES, frame, write_raw
from ingest.publish import (
    BuildPaths, acquire_lock, append_build_log, create_build_database, finalize_and_publish,
    release_lock, remove_stale_build_files,
)
from ingest.registry import LoadOutcome, read_document
from ingest.reporting import Reporter
from ingest.segment import segment

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCUMENTS = REPO_ROOT / "data" / "documents"
DEFAULT_DATABASE = REPO_ROOT / "warehouse.duckdb"
MART_SCHEMA = "marts"
# Below this much text, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


class BuildFailed(RuntimeError):
    """The build could not be published; the served file is unchanged."""


@dataclass
class DocumentResult:
    """One file after ingest: its registry outcome, sections and raw rows as frames."""

    outcome: LoadOutcome
    lines: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CORE_TABLES["document_line"]))
    sections: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CORE_TABLES["section"]))
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    from_cache: bool = False
    # Seconds spent per step on this document: registry, segment, extract:<name>, cache.
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def load_status(self) -> str:
        if self.outcome.load_status == "failed":
            return "failed"
        return "partial" if self.errors else "loaded"

    @property
    def row_count(self) -> int:
        return sum(df.height for df in self.frames.values())


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
    ingest_bytes: int = 0


def list_documents(folder: Path) -> list[Path]:
    """Every regular, visible file in the folder except READMEs, in name order."""
    if not folder.is_dir():
        raise BuildFailed(f"documents folder {folder} does not exist")
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.upper().startswith("README"))


def process_document(path: Path, cache_dir: Path | None = None) -> DocumentResult:
    """Read, segment and extract one file (or take its rows from the cache)."""
    clock = _Clock()
    outcome = read_document(path)
    result = DocumentResult(outcome, seconds=clock.seconds)
    clock.lap("registry")
    doc = outcome.document
    if doc is None:
        return result
    result.lines = pl.DataFrame({
        "document_id": [doc.document_id] * doc.line_count,
        "source_line": pl.int_range(1, doc.line_count + 1, eager=True).cast(pl.Int32),
        "text": list(doc.lines),
    }, schema=CORE_TABLES["document_line"])
    # The text now lives in `lines`; do not ship it back from a worker process twice.
    result.outcome = replace(outcome, document=replace(doc, text="", lines=(), line_count_hint=doc.line_count))
    cache = DocumentCache(cache_dir) if cache_dir else None
    cached = cache.load(doc.sha256) if cache else None
    clock.lap("cache")
    if cached is not None:
        result.sections, result.frames, result.errors = cached
        result.from_cache = True
        return result
    try:
        sections = segment(doc)
    except Exception as e:  # a segmentation bug must not lose the other documents
        result.errors.append(("segment", _one_line(e)))
        return result
    result.sections = frame([{k: getattr(sec, k) for k in CORE_TABLES["section"]} for sec in sections],
                            CORE_TABLES["section"])
    clock.lap("segment")
    index = SectionIndex(sections)
    for name, module in EXTRACTORS.items():
        try:
            extracted = module.extract(doc, index)
        except Exception as e:
            result.errors.append((name, _one_line(e)))
            continue
        for table, schema in module.TABLES.items():
            rows = extracted.get(table, [])
            for r in rows:
                r["document_id"] = doc.document_id
            result.frames[table] = frame(rows, {"document_id": pl.Utf8, **schema})
        clock.lap(f"extract:{name}")
    if cache:
        cache.store(doc.sha256, result.sections, result.frames, result.errors)
        clock.lap("cache")
    return result


class _Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.t
        self.t = now


def ingest_documents(files: list[Path], cache_dir: Path | None, on_done, workers: int | None = None) -> list[DocumentResult]:
    """process_document over all files; in worker processes when the corpus is large
    (parsing is CPU-bound Python, so threads would not help)."""
    total = sum(p.stat().st_size for p in files)
    workers = workers or (min(os.cpu_count() or 1, len(files)) if total > PARALLEL_MIN_BYTES else 1)
    if workers <= 1:
        results = []
        for p in files:
            results.append(process_document(p, cache_dir))
            on_done(p, results[-1])
        return results
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(process_document, p, cache_dir) for p in files]
        results = []
        for p, f in zip(files, futures):
            results.append(f.result())
            on_done(p, results[-1])
        return results


def _one_line(e: BaseException) -> str:
    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    loc = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}{loc}"


def raw_frames(results: list[DocumentResult], run_row: dict, history: list[dict]) -> dict[str, pl.DataFrame]:
    docs, lines, errors = [], [], []
    for r in results:
        o = r.outcome
        d = o.document
        docs.append({
            "document_id": o.document_id, "source_file": o.source_file, "sha256": o.sha256,
            "size_bytes": o.size_bytes, "line_count": d.line_count if d else None,
            "region": d.region if d else None, "title": d.title if d else None,
            "document_date": d.document_date if d else None, "genre": d.genre if d else None,
            "load_status": r.load_status,
            "load_error": o.load_error or ("; ".join(f"{n}: {e}" for n, e in r.errors) or None),
        })
        lines.append(r.lines)
        errors += [{"document_id": o.document_id, "extractor": n, "error": e} for n, e in r.errors]
    # The same content under two file names is one document (the id is the content hash).
    seen: set[str] = set()
    unique = []
    for r in results:
        if r.outcome.document_id not in seen:
            seen.add(r.outcome.document_id)
            unique.append(r)
    tables = {
        "document": frame(docs, CORE_TABLES["document"]).unique("document_id", keep="first", maintain_order=True),
        "section": _concat([r.sections for r in unique], CORE_TABLES["section"]),
        "document_line": _concat(lines, CORE_TABLES["document_line"]).unique(["document_id", "source_line"], maintain_order=True),
        "extraction_error": frame(errors, CORE_TABLES["extraction_error"]),
        "build_run": frame(history + [run_row], CORE_TABLES["build_run"]),
    }
    for module in EXTRACTORS.values():
        for table, schema in module.TABLES.items():
            tables[table] = _concat([r.frames[table] for r in unique if table in r.frames],
                                    {"document_id": pl.Utf8, **schema})
    return tables


def _concat(frames: list[pl.DataFrame], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    frames = [f for f in frames if f.height]
    if not frames:
        return pl.DataFrame(schema=schema)
    # Cached frames may predate a schema change only if the code fingerprint missed it; cast to be safe.
    return pl.concat([f.select([pl.col(c).cast(t) if c in f.columns else pl.lit(None, t).alias(c)
                                for c, t in schema.items()]) for f in frames])


def previous_runs(target: Path) -> list[dict]:
    """Published builds recorded in the served file, carried into the new one."""
    if not target.exists():
        return []
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        return []
    try:
        cols = list(CORE_TABLES["build_run"])
        have = {r[0] for r in con.sql(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'meta_build_run'").fetchall()}
        if not have:
            return []
        sel = ", ".join(c if c in have else f"null as {c}" for c in cols)
        return [dict(zip(cols, row)) for row in con.sql(f"select {sel} from marts.meta_build_run").fetchall()]
    finally:
        con.close()


def mart_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [r[0] for r in con.sql(
        "select table_name from information_schema.tables "
        f"where table_schema = '{MART_SCHEMA}' and table_type = 'BASE TABLE' order by table_name").fetchall()]
    return {t: con.sql(f'select count(*) from {MART_SCHEMA}."{t}"').fetchall()[0][0] for t in tables}


def build(documents: Path = DEFAULT_DOCUMENTS, database: Path = DEFAULT_DATABASE,
          reporter: Reporter | None = None, use_cache: bool = True) -> BuildSummary:
    reporter = reporter or Reporter.for_stream()
    database = database.resolve()
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    run_id = started.strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    paths = BuildPaths(database, run_id)
    database.parent.mkdir(parents=True, exist_ok=True)
    acquire_lock(paths)
    timings: dict[str, float] = {}
    record = {"run_id": run_id, "started_at": started.isoformat(), "database": str(database),
              "documents": str(documents), "pid": os.getpid()}
    try:
        remove_stale_build_files(database)
        summary = _build_locked(documents, paths, started, reporter, timings, use_cache)
        record.update(status="published", finished_at=datetime.now(timezone.utc).replace(tzinfo=None).isoformat(),
                      documents_loaded=summary.documents_loaded, documents_failed=summary.documents_failed,
                      documents_parsed=summary.documents_parsed, ingest_seconds=summary.ingest_seconds,
                      rows_per_mart=summary.rows_per_mart, checks_failed=summary.checks_failed,
                      stage_seconds=timings)
        append_build_log(paths, record)
        return summary
    except BaseException as e:
        record.update(status="failed", finished_at=datetime.now(timezone.utc).replace(tzinfo=None).isoformat(),
                      error=_one_line(e) if not isinstance(e, BuildFailed) else str(e), stage_seconds=timings)
        append_build_log(paths, record)
        for p in (paths.build_file, Path(str(paths.build_file) + ".wal")):
            p.unlink(missing_ok=True)
        raise
    finally:
        release_lock(paths)


def _build_locked(documents: Path, paths: BuildPaths, started: datetime, reporter: Reporter,
                  timings: dict[str, float], use_cache: bool) -> BuildSummary:
    def stage(name: str):
        return _Stage(name, timings, reporter)

    target = paths.target
    cache_dir = cache_dir_for(target) if use_cache else None
    with stage("ingest"):
        files = list_documents(documents)
        reporter.set_total(len(files))

        def on_done(path: Path, r: DocumentResult) -> None:
            error = r.outcome.load_error or "; ".join(f"{n}: {e}" for n, e in r.errors)
            reporter.document(path.name, r.load_status, error, sections=r.sections.height, rows=r.row_count,
                              cached=r.from_cache)

        results = ingest_documents(files, cache_dir, on_done)
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
            write_raw(con, raw_frames(results, run_row, history))
        finally:
            con.close()
        fault_point("raw_load", target)

    with stage("dbt build"):
        from ingest.dbt_runner import run_dbt

        fault_point("dbt", target)
        res = run_dbt(paths.build_file, paths.dbt_dir)
        if not res.success:
            raise BuildFailed("dbt build failed (blocking checks):\n  " + "\n  ".join(res.failures[:20]))

    with stage("checks"):
        fault_point("checks", target)
        from expectations.runner import run_expectations

        gx = run_expectations(paths.build_file, paths.run_id, data_docs_dir_for(target))
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
                [datetime.now(timezone.utc).replace(tzinfo=None), json.dumps(counts), checks_failed, paths.run_id])
        finally:
            con.close()

    with stage("publish"):
        fault_point("before_swap", target)
        finalize_and_publish(paths.build_file, target)
    if cache_dir:
        DocumentCache(cache_dir).prune({r.outcome.sha256 for r in loaded})

    summary = BuildSummary(
        run_id=paths.run_id, database=target, documents_loaded=len(loaded),
        documents_failed=len(results) - len(loaded), sections=sum(r.sections.height for r in results),
        rows_per_mart=counts, checks_failed=checks_failed, stage_seconds=dict(timings),
        failed_documents=[(r.outcome.source_file, r.outcome.load_error or "") for r in results if r.load_status == "failed"],
        documents_parsed=sum(1 for r in loaded if not r.from_cache),
        ingest_seconds=_sum_seconds(results),
        ingest_bytes=sum(r.outcome.size_bytes for r in results),
    )
    reporter.summary(summary)
    return summary


def _sum_seconds(results: list[DocumentResult]) -> dict[str, float]:
    total: dict[str, float] = {}
    for r in results:
        for k, v in r.seconds.items():
            total[k] = total.get(k, 0.0) + v
    return {k: round(v, 4) for k, v in total.items()}


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


class _Stage:
    def __init__(self, name: str, timings: dict[str, float], reporter: Reporter):
        self.name, self.timings, self.reporter = name, timings, reporter

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.reporter.stage_start(self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.timings[self.name] = round(time.perf_counter() - self.t0, 3)
        self.reporter.stage_end(self.name, self.timings[self.name], ok=exc_type is None)
        return False
