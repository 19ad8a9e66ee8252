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
@click.option("--lock-max-age", type=float, default=DEFAULT_LOCK_MAX_AGE_SECONDS, show_default=True,
              envvar="WAREHOUSE_LOCK_MAX_AGE", metavar="SECONDS",
              help="Take over another build's lock older than this even if its process still runs.")
def build(documents: Path, database: Path, no_cache: bool, lock_max_age: float) -> None:
    """Ingest the documents, run dbt and the checks, and publish the database."""
    try:
        run_build(documents, database, use_cache=not no_cache, lock_max_age=lock_max_age)
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


if __name__ == "__main__":
    main()
