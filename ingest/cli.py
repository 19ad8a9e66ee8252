"""The `warehouse` command. Wires the stages; holds no logic of its own.

Exit codes (for schedulers): 0 published, 1 failed and nothing changed, 2 another build running.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest.pipeline import DEFAULT_DATABASE, DEFAULT_DOCUMENTS, BuildFailed, build as run_build
from ingest.publish import DEFAULT_LOCK_MAX_AGE_SECONDS, BuildLocked, read_build_log

EXIT_FAILED = 1
EXIT_LOCKED = 2


@click.group()
def main() -> None:
    """Build and inspect the warehouse of regional governance documents."""


@main.command()
@click.option("--documents", type=click.Path(path_type=Path), default=DEFAULT_DOCUMENTS, show_default=True,
              help="Folder of document text files.")
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True,
              help="The served DuckDB file, replaced atomically on success.")
@click.option("--no-cache", is_flag=True, help="Parse every document again, ignoring cached rows.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Parse the documents on this Dask cluster (its workers must see the documents and "
                   "the partition store at the same paths).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Without --scheduler: parse on a local Dask cluster of N worker processes. "
                   "With it: wait until N workers have joined.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Partition store (parsed rows as Parquet, also the incremental cache); "
                   "default <database>.cache. On a cluster: a folder every worker sees at this path.")
@click.option("--lock-max-age", type=float, default=DEFAULT_LOCK_MAX_AGE_SECONDS, show_default=True,
              envvar="WAREHOUSE_LOCK_MAX_AGE", metavar="SECONDS",
              help="Take over another build's lock older than this even if its process still runs.")
def build(documents: Path, database: Path, no_cache: bool, scheduler: str | None, workers: int | None,
          store_dir: Path | None, lock_max_age: float) -> None:
    """Ingest the documents, run dbt and the checks, and publish the database."""
    try:
        run_build(documents, database, use_cache=not no_cache, scheduler=scheduler, workers=workers,
                  store_dir=store_dir.resolve() if store_dir else None, lock_max_age=lock_max_age)
    except BuildLocked as e:
        click.echo(f"warehouse build: {e}", err=True)
        sys.exit(EXIT_LOCKED)
    except BuildFailed as e:
        click.echo(f"warehouse build: FAILED, {database} left unchanged: {e}", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as e:  # any other failure: the served file is still untouched
        click.echo(f"warehouse build: FAILED, {database} left unchanged: {type(e).__name__}: {e}", err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
def status(database: Path) -> None:
    """Show the last published build and the last failure."""
    log = read_build_log(database.resolve())
    published = [r for r in log if r.get("status") == "published"]
    failed = [r for r in log if r.get("status") == "failed"]
    if published:
        p = published[-1]
        click.echo(f"last published: run {p['run_id']} finished {p.get('finished_at')} "
                   f"({p.get('documents_loaded')} documents loaded, {p.get('documents_quarantined', 0)} quarantined, "
                   f"{p.get('documents_failed')} failed, "
                   f"{p.get('checks_failed')} reconciliation findings)")
    else:
        click.echo("last published: none")
    if failed:
        f = failed[-1]
        click.echo(f"last failure:   run {f['run_id']} at {f.get('finished_at')}: {f.get('error')}")
    else:
        click.echo("last failure:   none")
    if database.exists():
        # The log says what was published; the file must still say it too.
        _open_read_only(database, "status").close()
    elif published:
        click.echo(f"warehouse status: {database} does not exist although a build was published", err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
@click.option("--strict", is_flag=True,
              help="Exit 1 when any document is failed, quarantined, of unknown genre or without facts.")
def check(database: Path, strict: bool) -> None:
    """Print the documents needing attention (failed, quarantined, unknown genre, without facts)
    with their reasons, then the findings (failed reconciliations, parse issues) grouped by
    document, with the printed lines. Findings are facts about the documents: the exit code
    is 0 (with --strict, 1 when a document needs attention)."""
    from ingest.findings import documents_needing_attention, format_findings

    if not database.exists():
        click.echo(f"warehouse check: {database} does not exist; run `warehouse build` first", err=True)
        sys.exit(EXIT_FAILED)
    con = _open_read_only(database, "check")
    try:
        click.echo(format_findings(con))
        attention = documents_needing_attention(con)
    finally:
        con.close()
    if strict and attention:
        sys.exit(EXIT_FAILED)


def _open_read_only(database: Path, command: str):
    """A read-only connection, or a plain message and exit 1 when the file cannot be read
    (not a DuckDB file, damaged, or without the marts)."""
    import duckdb

    con = None
    try:
        con = duckdb.connect(str(database), read_only=True)
        con.sql("select count(*) from marts.dim_document").fetchall()
        return con
    except Exception as e:  # duckdb raises several kinds for a damaged file
        if con is not None:
            con.close()
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        click.echo(f"warehouse {command}: {database} cannot be read as a warehouse ({first[:300]})", err=True)
        sys.exit(EXIT_FAILED)


# --- what analysts open (ingest/serve) ----------------------------------------------------

def _open_published(database: Path, command: str):
    from ingest.serve.database import NotPublished, open_published

    try:
        return open_published(database)
    except NotPublished as e:
        click.echo(f"warehouse {command}: {e}", err=True)
        sys.exit(EXIT_FAILED)


def _query_published(database: Path, command: str, query):
    """query(con) on the published file; a LookupError (an unknown run, no search index)
    is the user's message, not a traceback."""
    con = _open_published(database, command)
    try:
        return query(con)
    except LookupError as e:
        click.echo(f"warehouse {command}: {e}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        con.close()


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "kolada", "stratsys"]), required=True)
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder to write into.")
def export(fmt: str, database: Path, out: Path) -> None:
    """Write the marts as files: one per mart (csv, parquet), one workbook (xlsx), or the
    Kolada / Stratsys import shapes."""
    from ingest.serve.export import export as run_export

    con = _open_published(database, "export")
    try:
        for e in run_export(con, fmt, out):
            click.echo(f"{e.path}\t{e.rows} rows")
    finally:
        con.close()


@main.command()
@click.argument("text")
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of hits.")
def search(text: str, database: Path, limit: int, as_json: bool) -> None:
    """Find decisions, agenda items, activities, indicators and printed lines by their words
    (Swedish stemming: `motionen` finds `motion`). Hits are ranked (BM25)."""
    import json

    from ingest.serve.search import search as run_search

    hits = _query_published(database, "search", lambda con: run_search(con, text, limit))
    if as_json:
        click.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=1))
        return
    if not hits:
        click.echo(f"no hits for {text!r}")
    for h in hits:
        where = f"{h.document}:{h.line}" if h.line is not None else h.document
        subject = f" [{h.subject}]" if h.subject else ""
        click.echo(f"{h.rank:>3}. {h.score:6.2f}  {h.kind:<11} {where}{subject}\n       {h.snippet}")


@main.command()
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="HTML file to write [default: <database>.report.html, as every build writes it].")
def report(database: Path, out: Path | None) -> None:
    """Write the self-contained HTML report of the published build (opens without network)."""
    from ingest.serve.database import NotPublished
    from ingest.serve.report import report_path_for, write_report

    try:
        stats = write_report(database, out or report_path_for(database))
    except NotPublished as e:
        click.echo(f"warehouse report: {e}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"{stats.path}\t{stats.bytes} bytes, {stats.charts} charts")


@main.command()
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
@click.option("--since", "since", default=None, help="Compare the latest build with this run id (or its prefix).")
@click.option("--examples", type=int, default=20, show_default=True, help="Examples per mart and kind of change.")
def diff(database: Path, since: str | None, examples: int) -> None:
    """Facts added, removed and changed between the last two published builds (or since a run)."""
    from ingest.serve.history.diff import diff as run_diff, format_diff

    click.echo(format_diff(_query_published(database, "diff", lambda con: run_diff(con, since, examples))))


@main.command()
@click.option("--database", type=click.Path(path_type=Path), default=DEFAULT_DATABASE, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder for the site.")
def docs(database: Path, out: Path) -> None:
    """Build the dbt docs site (models, columns, tests, lineage) with the catalog of the
    published file; open OUT/index.html."""
    from ingest.serve.database import NotPublished
    from ingest.serve.docs import build_docs

    try:
        site = build_docs(database, out)
    except (NotPublished, RuntimeError) as e:
        click.echo(f"warehouse docs: {e}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"{site.index}\t{site.catalog_nodes} relations, {site.catalog_columns} columns in the catalog")


if __name__ == "__main__":
    main()
