"""The full-text index brought up to date by document instead of made again.

DuckDB's fts extension (1.5) makes its index in one go (`pragma create_fts_index`), into plain
tables of the index schema that its `match_bm25` macro reads: docs (docid, name = the entry id,
len = the entry's term count), terms (one row per term occurrence: docid, fieldid, termid),
dict (termid, term, df = the entries holding the term), stats (num_docs, avgdl = mean len) and
fields. Made again whole, it was most of a rebuild's publish stage (x20, two documents
changed: 4.2 of 19.4 s). Here the entries of the documents whose texts changed are taken out
and their new texts put in, tokenized by the index's own `tokenize` macro, stemmer and stop
words as the extension does it; df and stats are counted again where they changed. The tables
then hold what a fresh index over the same texts holds, up to the numbering of docid and
termid (tests/test_search_update.py compares them table by table with a fresh index, and the
search results).

Entry ids of unchanged documents stay; new texts are numbered after the largest id the file
has used, in the texts' total order. A fresh index (search.build_search_index) is made instead
when the file has none, when it was made with other options, when a text has no document_id,
when the change is large (then the one-go build is cheaper), or when the update fails on an
index of another shape (rolled back first).
"""
from __future__ import annotations

import duckdb

# texts taken out and put in, as a share of the texts, up to which an update pays (about a
# quarter of the documents changed); beyond it the one-go build is made
MAX_CHANGED_SHARE = 0.5


def options_marker(options: str) -> str:
    """What the index's docs table is commented with: the options it was made with."""
    return f"fts options: {options}"


def update_index(con: duckdb.DuckDBPyConnection, staged: str, schema: str, options: str, stemmer: str) -> bool:
    """Bring search.entry and the index in `schema` up to the texts of the temp table `staged`
    (kind, document_id, source_line, subject, body); False, with nothing changed, when a fresh
    index must be made instead (see the module doc)."""
    if not _updatable(con, staged, schema, options):
        return False
    con.execute(f"""
        create or replace temp table _search_changed as
        with now as (select document_id, count(*) as n, sum(hash(kind, source_line, subject, body)::hugeint) as h
                     from {staged} group by document_id),
             was as (select document_id, count(*) as n, sum(hash(kind, source_line, subject, body)::hugeint) as h
                     from search.entry group by document_id)
        select coalesce(now.document_id, was.document_id) as document_id
        from now full outer join was on now.document_id = was.document_id
        where now.n is distinct from was.n or now.h is distinct from was.h""")
    (total,) = con.sql(f"select count(*) from {staged}").fetchone()
    (moved,) = con.sql(f"""
        select (select count(*) from search.entry where document_id in (select document_id from _search_changed))
             + (select count(*) from {staged} where document_id in (select document_id from _search_changed))""").fetchone()
    if moved > MAX_CHANGED_SHARE * total:
        con.execute("drop table _search_changed")
        return False
    con.execute("begin")
    try:
        _replace(con, staged, schema, stemmer)
        con.execute("commit")
    except duckdb.Error:  # an index of another shape: rolled back, and made again in one go
        con.execute("rollback")
        return False
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for table in ("_search_changed", "_search_gone", "_search_new", "_search_tokens", "_search_touched"):
            con.execute(f"drop table if exists {table}")
    return True


def _updatable(con: duckdb.DuckDBPyConnection, staged: str, schema: str, options: str) -> bool:
    have = {r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = ?",
                                  params=[schema]).fetchall()}
    if not {"docs", "terms", "dict", "stats", "fields", "stopwords"} <= have:
        return False
    entry = con.sql("select comment from duckdb_tables() where schema_name = 'search' and table_name = 'entry'").fetchall()
    marker = con.sql("select comment from duckdb_tables() where schema_name = ? and table_name = 'docs'",
                     params=[schema]).fetchall()
    if not entry or marker != [(options_marker(options),)]:
        return False
    (no_document,) = con.sql(f"""
        select (select count(*) from {staged} where document_id is null)
             + (select count(*) from search.entry where document_id is null)""").fetchone()
    return no_document == 0


def _replace(con: duckdb.DuckDBPyConnection, staged: str, schema: str, stemmer: str) -> None:
    """The changed documents' entries out of search.entry and the index, their new texts in."""
    fields = con.sql(f"select fieldid, field from {schema}.fields order by fieldid").fetchall()
    (last_entry,) = con.sql("select coalesce(max(entry_id), 0) from search.entry").fetchone()
    (last_doc,) = con.sql(f"select coalesce(max(docid), -1) from {schema}.docs").fetchone()

    # out: the entries, their docs and term rows; the terms they held are counted again below
    con.execute(f"""
        create temp table _search_gone as
        select d.docid from search.entry e join {schema}.docs d on d.name = e.entry_id
        where e.document_id in (select document_id from _search_changed)""")
    con.execute(f"""create temp table _search_touched as
        select distinct termid from {schema}.terms where docid in (select docid from _search_gone)""")
    con.execute(f"delete from {schema}.terms where docid in (select docid from _search_gone)")
    con.execute(f"delete from {schema}.docs where docid in (select docid from _search_gone)")
    con.execute("delete from search.entry where document_id in (select document_id from _search_changed)")

    # in: the new texts, numbered after the last entry id and docid
    con.execute(f"""
        create temp table _search_new as
        select {last_entry} + row_number() over (order by kind, document_id, source_line, subject, body) as entry_id,
               kind, document_id, source_line, subject, body
        from {staged} where document_id in (select document_id from _search_changed)""")
    con.execute("insert into search.entry by name select * from _search_new")
    # tokenized as pragma create_fts_index does: the index's tokenize macro per field, empty
    # words and stop words dropped, the rest stemmed
    per_field = " union all ".join(
        f"select unnest({schema}.tokenize(n.\"{field}\")) as w, {last_doc} + n.entry_id - {last_entry} as docid, "
        f"{fieldid} as fieldid from _search_new as n"
        for fieldid, field in fields)
    con.execute(f"""
        create temp table _search_tokens as
        select stem(t.w, '{stemmer}') as term, t.docid, t.fieldid
        from ({per_field}) as t
        where t.w is not null and len(t.w) > 0 and t.w not in (select sw from {schema}.stopwords)""")
    con.execute(f"""
        insert into {schema}.dict (termid, term, df)
        select (select coalesce(max(termid), -1) from {schema}.dict) + row_number() over (order by term), term, 0
        from (select distinct term from _search_tokens where term not in (select term from {schema}.dict))""")
    con.execute(f"""
        insert into {schema}.terms (docid, fieldid, termid)
        select t.docid, t.fieldid, d.termid from _search_tokens as t join {schema}.dict as d using (term)""")
    con.execute(f"""
        insert into {schema}.docs (docid, name, len)
        select {last_doc} + n.entry_id - {last_entry}, n.entry_id, coalesce(c.len, 0)
        from _search_new as n
        left join (select docid, count(*) as len from _search_tokens group by docid) as c
          on c.docid = {last_doc} + n.entry_id - {last_entry}""")

    # df of every term whose entries changed; a term no entry holds any more leaves the dict
    con.execute(f"""
        insert into _search_touched
        select distinct d.termid from _search_tokens join {schema}.dict as d using (term)""")
    con.execute(f"""
        update {schema}.dict set df = c.df
        from (select termid, count(distinct docid) as df from {schema}.terms
              where termid in (select termid from _search_touched) group by termid) as c
        where {schema}.dict.termid = c.termid""")
    con.execute(f"""
        delete from {schema}.dict where termid in (select termid from _search_touched)
          and termid not in (select termid from {schema}.terms where termid in (select termid from _search_touched))""")
    # as the extension counts them (SUM / COUNT of len)
    con.execute(f"""
        update {schema}.stats set num_docs = s.num_docs, avgdl = s.avgdl
        from (select count(docs.docid) as num_docs, sum(docs.len) / count(docs.len) as avgdl
              from {schema}.docs as docs) as s""")
