"""order_free_digest: the same rows give the same digest in any physical order; a changed,
added or dropped row changes it."""
from __future__ import annotations

import duckdb

from ingest.row_digest import order_free_digest


def _table(rows) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table t (a integer, b varchar)")
    if rows:
        con.executemany("insert into t values (?, ?)", rows)
    return con


ROWS = [(1, "x"), (2, None), (3, "z"), (3, "z")]


def test_the_same_rows_in_another_order_give_the_same_digest():
    assert order_free_digest(_table(ROWS), "t") == order_free_digest(_table(ROWS[::-1]), "t")


def test_a_changed_added_or_dropped_row_changes_the_digest():
    base = order_free_digest(_table(ROWS), "t")
    assert base[0] == 4
    for other in ([(1, "x"), (2, "y"), (3, "z"), (3, "z")], ROWS + [(4, "w")], ROWS[:-1]):
        assert order_free_digest(_table(other), "t") != base


def test_only_the_columns_asked_for_count():
    a, b = _table([(1, "x")]), _table([(1, "y")])
    assert order_free_digest(a, "t", '"a"') == order_free_digest(b, "t", '"a"')
    assert order_free_digest(a, "t", '"b"') != order_free_digest(b, "t", '"b"')


def test_an_empty_table_has_a_digest():
    assert order_free_digest(_table([]), "t") == (0, 0)
