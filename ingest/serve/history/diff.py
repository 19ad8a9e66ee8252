"""`warehouse diff`: facts added, removed and changed between two published builds, from
the fingerprints kept in the published file (history/fingerprint.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from ingest.serve.history.fingerprint import TABLE


@dataclass
class Diff:
    old_run: str
    new_run: str
    per_mart: dict[str, dict[str, int]]
    examples: list[dict] = field(default_factory=list)

    def total(self, kind: str) -> int:
        return sum(c[kind] for c in self.per_mart.values())

    @property
    def added_total(self) -> int:
        return self.total("added")

    @property
    def removed_total(self) -> int:
        return self.total("removed")

    @property
    def changed_total(self) -> int:
        return self.total("changed")


def builds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Builds with a fingerprint in the file, oldest first (run ids begin with their UTC start)."""
    has = con.sql("select count(*) from duckdb_tables() where schema_name = 'marts' "
                  "and table_name = 'meta_fact_fingerprint'").fetchone()[0]
    if not has:
        raise LookupError("this file keeps no fact fingerprints (built before `warehouse diff` existed)")
    return [r[0] for r in con.sql(f"select distinct build_run_id from {TABLE} order by 1").fetchall()]


def diff(con: duckdb.DuckDBPyConnection, since: str | None = None, examples: int = 20) -> Diff:
    runs = builds(con)
    if not runs:
        raise LookupError("no build has a fingerprint in this file")
    new = runs[-1]
    if since is None:
        if len(runs) < 2:
            raise LookupError(f"only one build ({new}) is kept in this file: nothing to compare with yet")
        old = runs[-2]
    else:
        matches = [r for r in runs if r == since] or [r for r in runs if r.startswith(since)]
        if len(matches) != 1:
            raise LookupError(f"run {since!r} is not kept in this file; kept: {', '.join(runs)}")
        old = matches[0]
    compare = f"""
        with o as (select * from {TABLE} where build_run_id = $old),
             n as (select * from {TABLE} where build_run_id = $new)
        select coalesce(n.mart, o.mart) as mart, coalesce(n.fact_key, o.fact_key) as fact,
               case when o.fact_key is null then 'added' when n.fact_key is null then 'removed'
                    when o.value_hash <> n.value_hash then 'changed' else 'unchanged' end as change,
               o.value_text as before, n.value_text as after
        from o full outer join n on o.mart = n.mart and o.fact_key = n.fact_key"""
    params = {"old": old, "new": new}
    per_mart: dict[str, dict[str, int]] = {}
    for mart, change, n in con.execute(f"select mart, change, count(*) from ({compare}) group by all", params).fetchall():
        per_mart.setdefault(mart, {"added": 0, "removed": 0, "changed": 0, "unchanged": 0})[change] = n
    rel = con.execute(f"""
        select change, mart, fact, before, after from ({compare}) where change <> 'unchanged'
        qualify row_number() over (partition by change, mart order by fact) <= {int(examples)}
        order by change, mart, fact""", params)
    names = [d[0] for d in rel.description]
    return Diff(old_run=old, new_run=new, per_mart=dict(sorted(per_mart.items())),
                examples=[dict(zip(names, r)) for r in rel.fetchall()])


def format_diff(d: Diff) -> str:
    lines = [f"facts: {d.added_total} added, {d.removed_total} removed, {d.changed_total} changed "
             f"(build {d.new_run} against {d.old_run})"]
    for mart, c in d.per_mart.items():
        lines.append(f"  {mart}: +{c['added']} -{c['removed']} ~{c['changed']} ({c['unchanged']} unchanged)")
    sign = {"added": "+", "removed": "-", "changed": "~"}
    for ex in d.examples:
        values = {"added": ex["after"], "removed": ex["before"]}.get(ex["change"], f"{ex['before']} -> {ex['after']}")
        lines.append(f"{sign[ex['change']]} {ex['mart']}: {ex['fact']}: {values}")
    return "\n".join(lines)
