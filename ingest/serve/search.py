"""Full-text search over the published file: decisions, agenda items, activities and their
analyses, indicator names and analyses, and every printed line.

The index (DuckDB's fts extension, Swedish Snowball stemmer) is built into the build file
before it is published, so any reader of the published file can search it with SQL
(README.md, "Searching"): `search.entry` holds the texts, the schema `fts_search_entry`
the index and its `match_bm25` macro.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import duckdb

from ingest.serve import extensions
from ingest.serve.search_update import options_marker, update_index
from ingest.row_digest import order_free_digest

INDEX_SCHEMA = "fts_search_entry"
STEMMER = "swedish"
# the index's options; its docs table is commented with them, so that an index made with
# others is made again, not updated (search_update.py)
FTS_OPTIONS = f"stemmer = '{STEMMER}', stopwords = 'none', strip_accents = 0, lower = 1"

# kind -> select of (kind, document_id, source_line, subject, body) from the marts; a mart
# missing from an older file is skipped.
SOURCES = {
    "decision": ("fct_decision", """
        select 'decision', document_id, source_line, coalesce(case_number || ' ', '') || coalesce(title, ''),
               decision_text from marts.fct_decision"""),
    "agenda_item": ("fct_agenda_item", """
        select 'agenda_item', document_id, source_line, coalesce(case_number, ''), title from marts.fct_agenda_item"""),
    "activity": ("fct_activity_status", """
        select 'activity', document_id, source_line, coalesce(goal, ''),
               concat_ws(' ', activity, status_sentence, analysis) from marts.fct_activity_status"""),
    "indicator": ("fct_indicator_value", """
        select 'indicator', document_id, min(source_line), coalesce(organisation, ''),
               concat_ws(' ', indicator_name, string_agg(distinct comment, ' ' order by comment))
        from marts.fct_indicator_value group by document_id, organisation, indicator_name"""),
    "line": ("dim_source_line", """
        select 'line', document_id, source_line, '', text from marts.dim_source_line
        where length(trim(text)) > 0"""),
}


def build_search_index(con: duckdb.DuckDBPyConnection) -> int:
    """Make search.entry and its full-text index in the open (build) file, keep them when
    they hold the same texts (_index_holds), or update them for the documents whose texts
    changed when those are few (search_update.py); returns rows."""
    extensions.load(con, "fts")
    present = {r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    selects = [sql for table, sql in SOURCES.values() if table in present]
    con.execute("create schema if not exists search")
    con.execute(f"""
        create or replace temp table search_texts as
        select *
        from ({' union all '.join(selects)}) t(kind, document_id, source_line, subject, body)
        where body is not null and length(trim(body)) > 0""")
    if _index_holds(con) or update_index(con, "search_texts", INDEX_SCHEMA, FTS_OPTIONS, STEMMER):
        con.execute("drop table search_texts")
        return con.sql("select count(*) from search.entry").fetchone()[0]
    # The old index goes first, and a checkpoint gives its blocks back to the file: the new
    # index is written into them. Replaced in one go, the old blocks stayed free beside the new
    # ones (a quarter of an x20 file), and publish.compact_build_file had to rewrite the file.
    con.execute(f"drop schema if exists {INDEX_SCHEMA} cascade")
    con.execute("drop table if exists search.entry")
    con.execute("checkpoint")
    # Numbered from the staged texts, not in the same statement: numbering every printed line
    # of a 100-fold corpus straight from the marts ran out of the build's memory limit
    # (sorting the staged table spills). Subject and body break ties: the same ids every build.
    con.execute("""
        create or replace table search.entry as
        select row_number() over (order by kind, document_id, source_line, subject, body) as entry_id, *
        from search_texts""")
    con.execute("drop table search_texts")
    con.execute("comment on table search.entry is 'Texts of the full-text index: decisions, agenda items, "
                "activities, indicators (with their analyses) and printed lines; search with "
                "fts_search_entry.match_bm25(entry_id, ''words'').'")
    con.execute(f"pragma create_fts_index('search.entry', 'entry_id', 'subject', 'body', {FTS_OPTIONS}, overwrite = 1)")
    con.execute(f"comment on table {INDEX_SCHEMA}.docs is '{options_marker(FTS_OPTIONS).replace(chr(39), chr(39) * 2)}'")
    return con.sql("select count(*) from search.entry").fetchone()[0]


def _index_holds(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether search.entry and its index, as the build file has them (a copy of the published
    file, ingest/incremental.py), already hold exactly the staged texts: then they are kept,
    not rebuilt - the index over every printed line is the publish stage's largest cost
    (17 s of CPU-bound work at x20), and a rebuild with nothing changed would make it again
    from the same texts. Compared by row count and an order-free sum of row hashes (the ids
    are left out: an updated index numbers new texts after the last id)."""
    have = {(s, t) for s, t in con.sql("select schema_name, table_name from duckdb_tables() "
                                       f"where schema_name in ('search', '{INDEX_SCHEMA}')").fetchall()}
    if not {("search", "entry"), (INDEX_SCHEMA, "docs"), (INDEX_SCHEMA, "terms"), (INDEX_SCHEMA, "dict"),
            (INDEX_SCHEMA, "stats")} <= have:
        return False
    columns = "kind, document_id, source_line, subject, body"
    staged = order_free_digest(con, "search_texts", columns)
    indexed = order_free_digest(con, "search.entry", columns)
    docs = con.sql(f"select count(*) from {INDEX_SCHEMA}.docs").fetchone()[0]
    return staged == indexed and docs == staged[0]


@dataclass
class Hit:
    rank: int
    score: float
    kind: str
    document: str
    document_id: str
    line: int | None
    subject: str
    snippet: str

    def as_dict(self) -> dict:
        return asdict(self)


SEARCH_SQL = f"""
    select e.kind, e.document_id, d.source_file, e.source_line, e.subject, e.body, s.score
    from (select entry_id, {INDEX_SCHEMA}.match_bm25(entry_id, $q) as score from search.entry) s
    join search.entry e using (entry_id)
    left join marts.dim_document d using (document_id)
    where s.score is not null
    order by s.score desc, e.kind, d.source_file, e.source_line
    limit $n"""


def search(con: duckdb.DuckDBPyConnection, text: str, limit: int = 20) -> list[Hit]:
    has_index = con.sql("select count(*) from duckdb_tables() where schema_name = 'search' "
                        "and table_name = 'entry'").fetchone()[0]
    if not has_index:
        raise LookupError("this file has no search index (built before `warehouse search` existed); rebuild it")
    extensions.load(con, "fts")
    rows = con.execute(SEARCH_SQL, {"q": text, "n": limit}).fetchall()
    return [Hit(rank=i, score=round(score, 4), kind=kind, document=source_file or document_id,
                document_id=document_id, line=line, subject=subject or "", snippet=snippet(body, text))
            for i, (kind, document_id, source_file, line, subject, body, score) in enumerate(rows, start=1)]


def snippet(body: str, query: str, width: int = 160) -> str:
    """The text around the first word that shares a stem-like prefix with a query word."""
    text = " ".join(body.split())
    starts = []
    for word in re.findall(r"\w+", query.lower()):
        prefix = word[: max(4, len(word) - 3)]  # crude stem: enough to find the inflected form
        m = re.search(r"\b" + re.escape(prefix), text.lower())
        if m:
            starts.append(m.start())
    if len(text) <= width:
        return text
    at = max(0, min(starts) - width // 3) if starts else 0
    cut = text[at: at + width]
    return ("…" if at else "") + cut + ("…" if at + width < len(text) else "")
