"""Check a built warehouse against the public contract, contract/contract.yml.

    python -m ingest.contract WAREHOUSE.duckdb [--structure-only]

Every contract table must exist in schema `marts` with at least its columns, of the
declared type; enum columns hold only their listed values (or NULL); a table whose first
contract column is an `_id` is keyed by it (unique, not NULL). Without --structure-only
the tables the bundled documents fill must hold rows. Prints one line per problem and
'contract: N problems'; exit status 1 when there is any.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import yaml

CONTRACT = Path(__file__).resolve().parent.parent / "contract" / "contract.yml"

# contract type -> DuckDB base types that satisfy it
TYPES: dict[str, frozenset[str]] = {
    "varchar": frozenset({"VARCHAR"}),
    "integer": frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                          "UINTEGER", "UBIGINT"}),
    "double": frozenset({"DOUBLE", "FLOAT", "DECIMAL"}),
    "date": frozenset({"DATE"}),
    "timestamp": frozenset({"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS",
                            "TIMESTAMP_S"}),
    "boolean": frozenset({"BOOLEAN"}),
}
# Tables the bundled documents fill; empty after a full build means an extractor broke.
NON_EMPTY = frozenset({"dim_document", "dim_section", "fct_indicator_value", "fct_financial_line",
                       "fct_activity_status", "fct_meeting", "fct_agenda_item", "fct_decision",
                       "fct_attendance", "dq_reconciliation", "dq_expectation_result", "meta_build_run"})
# Tables whose first column is an `_id` that is not their key (attendance: meeting x person).
NOT_KEYED_BY_FIRST = frozenset({"fct_attendance"})


def load_contract(path: Path = CONTRACT) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tables(contract: dict | None = None) -> dict[str, dict[str, str | dict]]:
    """table -> column -> type name ('varchar', ...) or {'enum': [...]}."""
    return (contract or load_contract())["tables"]


def enums(contract: dict | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """table -> enum column -> allowed values, as listed."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for table, columns in tables(contract).items():
        found = {c: tuple(str(v) for v in spec["enum"]) for c, spec in columns.items() if isinstance(spec, dict)}
        if found:
            out[table] = found
    return out


def _base_type(duckdb_type: str) -> str:
    t = duckdb_type.upper()
    return "DECIMAL" if t.startswith("DECIMAL") else t


def check(con: duckdb.DuckDBPyConnection, structure_only: bool = False,
          contract: dict | None = None) -> list[str]:
    """Problems of the warehouse behind `con`, one sentence each; [] when it meets the contract."""
    problems: list[str] = []
    for table, columns in tables(contract).items():
        have = {name: _base_type(dtype) for name, dtype in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = ?", [table]).fetchall()}
        if not have:
            problems.append(f"marts.{table}: missing")
            continue
        for column, spec in columns.items():
            if column not in have:
                problems.append(f"marts.{table}.{column}: missing column")
            elif isinstance(spec, dict):
                allowed = [str(v) for v in spec["enum"]]
                bad = [r[0] for r in con.execute(
                    f'select distinct "{column}"::varchar from marts."{table}" where "{column}" is not null '
                    f'and "{column}"::varchar not in ({", ".join("?" * len(allowed))}) order by 1 limit 5',
                    allowed).fetchall()]
                if bad:
                    problems.append(f"marts.{table}.{column}: values outside the enum: {bad}")
            elif have[column] not in TYPES[spec]:
                problems.append(f"marts.{table}.{column}: type {have[column]}, expected {spec}")
        key = next(iter(columns))
        if key.endswith("_id") and key in have and table not in NOT_KEYED_BY_FIRST:
            dup, null = con.execute(f'select count("{key}") - count(distinct "{key}"), count(*) - count("{key}") '
                                    f'from marts."{table}"').fetchone()
            if dup or null:
                problems.append(f"marts.{table}.{key}: {dup} duplicate and {null} null keys")
        if not structure_only and table in NON_EMPTY \
                and con.execute(f'select count(*) from marts."{table}"').fetchone()[0] == 0:
            problems.append(f"marts.{table}: empty")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    structure_only = "--structure-only" in args
    paths = [a for a in args if a != "--structure-only"]
    if len(paths) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    con = duckdb.connect(paths[0], read_only=True)
    try:
        problems = check(con, structure_only=structure_only)
    finally:
        con.close()
    for p in problems:
        print(p)
    print(f"contract: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
