"""The full-text index updated by document (ingest/serve/search_update.py) must hold what a
fresh index over the same texts holds: the same entries, term rows, dictionary with document
frequencies, statistics and search results, up to the numbering of docid and termid. Real
DuckDB with the fts extension; invented texts (random words with inflections, digits,
punctuation, accents, empty texts) in documents that change, come and go."""
from __future__ import annotations

import random
import duckdb
import pytest

from ingest.serve import extensions
from ingest.serve.search import INDEX_SCHEMA, build_search_index, search

WORDS = ["motion", "motionen", "motioner", "budget", "budgeten", "nämnd", "nämnden", "tandvård", "tandvården",
         "väntetid", "väntetider", "Region", "REGIONEN", "cykelbana", "cykelbanor", "och", "att", "för",
         "2031/77", "12,5", "§", "(bilaga)", "beslut:", "beslutar", "ärende", "Ärendet", "ökning", "öka", "--",
         "e-post", "k.o.m", "åtgärd", "åtgärder"]
QUERIES = ["motionen", "budget nämnd", "tandvård", "väntetider", "region", "cykelbanor", "beslut ärende",
           "åtgärd", "öka", "okänt ord", "2031"]


def _text(rnd: random.Random) -> str:
    if rnd.random() < 0.05:
        return rnd.choice(["", "  ", "12 000", "--"])
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(1, 12))]
    if rnd.random() < 0.3:  # a rare word: its term leaves the dictionary when its texts change
        words.append("".join(rnd.choice("abdefgkl") for _ in range(4)))
    return " ".join(words)


def _marts(con: duckdb.DuckDBPyConnection, documents: dict[str, int], seed: int) -> None:
    """Lines and decisions of `documents` (id -> variant): a document's texts depend on its id
    and variant only, so an unchanged document gives the same texts in every call."""
    con.execute("create schema if not exists marts")
    con.execute("create or replace table marts.dim_source_line (document_id varchar, source_line integer, text varchar)")
    con.execute("create or replace table marts.fct_decision (document_id varchar, source_line integer, "
                "case_number varchar, title varchar, decision_text varchar)")
    con.execute("create or replace table marts.dim_document as select document_id, document_id || '.txt' as source_file "
                "from (select unnest(?::varchar[]) as document_id)", [sorted(documents)])
    for document, variant in sorted(documents.items()):
        rnd = random.Random(f"{seed}:{document}:{variant}")
        con.executemany("insert into marts.dim_source_line values (?, ?, ?)",
                        [(document, i, _text(rnd)) for i in range(1, rnd.randint(5, 40))])
        decisions = [(document, 100 + i, rnd.choice([None, "XR 2031/77"]), _text(rnd), _text(rnd))
                     for i in range(rnd.randint(0, 4))]
        if decisions:
            con.executemany("insert into marts.fct_decision values (?, ?, ?, ?, ?)", decisions)


def _index(con: duckdb.DuckDBPyConnection, documents: dict[str, int], seed: int) -> None:
    """The marts of `documents`, then the search index as a build's publish stage makes it."""
    _marts(con, documents, seed)
    build_search_index(con)


def _assert_made_again(con, tmp_path, documents: dict[str, int], seed: int, oid: int) -> None:
    assert _oid(con) != oid
    assert _contents(con) == _fresh(tmp_path, documents, seed)


def _oid(con) -> int:
    return con.sql("select table_oid from duckdb_tables() where schema_name = 'search' and table_name = 'entry'").fetchone()[0]


def _contents(con) -> dict:
    """The index's tables with docid and termid replaced by what they stand for."""
    s = INDEX_SCHEMA
    key = "e.kind, e.document_id, e.source_line, e.subject, e.body"
    return {
        "entries": sorted(con.sql(f"select {key} from search.entry e").fetchall(), key=repr),
        "docs": sorted(con.sql(f"select {key}, d.len from {s}.docs d join search.entry e on e.entry_id = d.name").fetchall(),
                       key=repr),
        "docs_count": con.sql(f"select count(*) from {s}.docs").fetchone()[0],
        "terms": sorted(con.sql(f"""select {key}, t.fieldid, k.term, count(*) from {s}.terms t
                                    join {s}.docs d using (docid) join search.entry e on e.entry_id = d.name
                                    join {s}.dict k using (termid) group by all""").fetchall(), key=repr),
        "terms_count": con.sql(f"select count(*) from {s}.terms").fetchone()[0],
        "dict": sorted(con.sql(f"select term, df from {s}.dict").fetchall()),
        "dict_unique": con.sql(f"select count(*) = count(distinct termid) and count(*) = count(distinct term) "
                               f"from {s}.dict").fetchone()[0],
        "stats": con.sql(f"select num_docs, avgdl from {s}.stats").fetchall(),
        "fields": con.sql(f"select * from {s}.fields order by fieldid").fetchall(),
        "search": {q: [(h.kind, h.document_id, h.line, h.subject, round(h.score, 6)) for h in search(con, q, limit=50)]
                   for q in QUERIES},
    }


def _fresh(tmp_path, documents: dict[str, int], seed: int) -> dict:
    path = tmp_path / "fresh.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        _index(con, documents, seed)
        return _contents(con)
    finally:
        con.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_updated_index_holds_what_a_fresh_one_holds(tmp_path, seed):
    rnd = random.Random(seed)
    documents = {f"doc_{i:02d}": 0 for i in range(24)}
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _index(con, documents, seed)
    extensions.load(con, "fts")
    oid = _oid(con)
    for night in range(4):  # changed, new and gone documents, night after night
        for document in rnd.sample(sorted(documents), 2):
            documents[document] += 1
        documents[f"doc_new_{night}"] = 0
        del documents[rnd.choice(sorted(documents))]
        _index(con, documents, seed)
        assert _oid(con) == oid, "the index was made again, not updated"
        assert _contents(con) == _fresh(tmp_path, documents, seed), f"night {night}"
    con.close()


def test_entry_ids_of_unchanged_documents_stay(tmp_path):
    documents = {f"doc_{i:02d}": 0 for i in range(12)}
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _index(con, documents, 7)
    before = dict(con.sql("select entry_id, document_id from search.entry").fetchall())
    documents["doc_03"] = 1
    _index(con, documents, 7)
    after = dict(con.sql("select entry_id, document_id from search.entry").fetchall())
    kept = {i: d for i, d in before.items() if d != "doc_03"}
    assert {i: d for i, d in after.items() if d != "doc_03"} == kept
    assert min(i for i, d in after.items() if d == "doc_03") > max(before)  # new texts after the last id
    con.close()


def test_a_large_change_or_an_index_of_other_options_is_made_again(tmp_path):
    documents = {f"doc_{i:02d}": 0 for i in range(8)}
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _index(con, documents, 5)
    oid = _oid(con)
    for document in list(documents)[:4]:  # half the texts: cheaper made again in one go
        documents[document] = 1
    _index(con, documents, 5)
    _assert_made_again(con, tmp_path, documents, 5, oid)

    # an index without the options it was made with (an older build's): made again
    oid = _oid(con)
    con.execute(f"comment on table {INDEX_SCHEMA}.docs is null")
    documents["doc_07"] = 2
    _index(con, documents, 5)
    _assert_made_again(con, tmp_path, documents, 5, oid)
    con.close()


def test_an_update_that_fails_is_rolled_back_and_the_index_made_again(tmp_path):
    documents = {f"doc_{i:02d}": 0 for i in range(12)}
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _index(con, documents, 9)
    oid = _oid(con)
    # an index of another shape (a term column renamed): the update fails half way
    con.execute(f"alter table {INDEX_SCHEMA}.terms rename column fieldid to field_number")
    documents["doc_01"] = 1
    _index(con, documents, 9)
    _assert_made_again(con, tmp_path, documents, 9, oid)
    con.close()
