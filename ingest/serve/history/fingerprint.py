"""Per-build fingerprint of every fact: (build, mart, fact key, hash of its values).

The key is what the fact is about as printed (organisation, indicator, period, line
item, meeting ...), never a document id, so a figure printed in another file is the
same fact, and a changed figure is `changed`, not `removed` + `added`. The rows of the
last KEEP_BUILDS published builds are carried from the served file into each new one
(like meta_build_run), so `warehouse diff` needs only the published file.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.serve.held_copy import checkpoint_copy

TABLE = "marts.meta_fact_fingerprint"
KEEP_BUILDS = 30

# mart -> (key, value) SQL over its columns
FACT_KEYS: dict[str, tuple[str, str]] = {
    "fct_indicator_value": ("concat_ws(' | ', region, organisation, indicator_name, period_label)",
                            "concat_ws(' / ', 'target ' || target_value, 'result ' || result_value, status)"),
    "fct_financial_line": ("concat_ws(' | ', region, organisation, statement, table_title, line_item, column_label, "
                           "period_label)", "concat_ws(' ', amount, unit)"),
    "fct_activity_status": ("concat_ws(' | ', region, organisation, goal, activity, report_period)", "status"),
    "fct_decision": ("concat_ws(' | ', region, body, meeting_date, '§' || paragraph)",
                     "concat_ws(' / ', case_number, title, md5(coalesce(decision_text, '')))"),
    "fct_agenda_item": ("concat_ws(' | ', region, body, meeting_date, 'item ' || item_number)",
                        "concat_ws(' / ', case_number, title)"),
    "fct_meeting": ("concat_ws(' | ', region, body, meeting_date)", "concat_ws(' / ', start_time, place)"),
}

COMMENTS = {
    None: "Fingerprint of every fact of the last published builds (kept for `warehouse diff`): one row per "
          "build, mart and fact key.",
    "build_run_id": "The published build (meta_build_run.run_id) the fingerprint belongs to.",
    "mart": "The fact mart, e.g. fct_indicator_value.",
    "fact_key": "What the fact is about as printed (region | organisation | subject | period ...), no document id.",
    "value_hash": "Hash of the fact's values (all prints of the key): a different hash is a changed fact.",
    "value_text": "The values, shortened to 200 characters, to show in a diff.",
}


def record_fingerprints(con: duckdb.DuckDBPyConnection, run_id: str, previous: Path | None) -> int:
    """Create the table in the open build file with the earlier builds' rows carried from
    `previous` (the served file, when readable) and this build's rows; returns this build's rows."""
    con.execute(f"create or replace table {TABLE} (build_run_id varchar, mart varchar, fact_key varchar, "
                "value_hash ubigint, value_text varchar)")
    for column, text in COMMENTS.items():
        target = f"table {TABLE}" if column is None else f"column {TABLE}.{column}"
        con.execute(f"comment on {target} is '{text.replace(chr(39), chr(39) * 2)}'")
    if previous is not None and previous.exists():
        _carry(con, previous)
    present = {r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    for mart, (key, value) in FACT_KEYS.items():
        if mart not in present:
            continue
        con.execute(f"""
            insert into {TABLE}
            select ?, ?, fact_key, hash(string_agg(v, ' ; ' order by v)),
                   left(string_agg(distinct v, ' ; ' order by v), 200)
            from (select {key} as fact_key, coalesce({value}, '') as v from marts.{mart}) t
            group by fact_key""", [run_id, mart])
    return con.sql(f"select count(*) from {TABLE} where build_run_id = ?", params=[run_id]).fetchone()[0]


def _carry(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    try:
        _attach(con, previous)
    except duckdb.Error:
        # Held read-write by another process (DuckDB then refuses even a read-only attach):
        # read the history from a copy of the file as of its last checkpoint, or it is lost.
        with checkpoint_copy(previous) as copy:
            try:
                if copy is None:
                    return  # unreadable: this build starts the history afresh
                _attach(con, copy)
            except duckdb.Error:
                return
            _carry_attached(con)
        return
    _carry_attached(con)


def _attach(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(f"attach '{str(path).replace(chr(39), chr(39) * 2)}' as previous_build (read_only)")


def _carry_attached(con: duckdb.DuckDBPyConnection) -> None:
    try:
        has = con.sql("select count(*) from duckdb_tables() where database_name = 'previous_build' "
                      "and schema_name = 'marts' and table_name = 'meta_fact_fingerprint'").fetchone()[0]
        if has:
            con.execute(f"""
                insert into {TABLE} select * from previous_build.{TABLE}
                where build_run_id in (select distinct build_run_id from previous_build.{TABLE}
                                       order by build_run_id desc limit {KEEP_BUILDS - 1})""")
    finally:
        con.execute("detach previous_build")
