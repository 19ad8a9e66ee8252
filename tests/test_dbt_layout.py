"""The dbt project's file layout: every model has its own YAML beside it (one naming pattern,
as dbt-labs/jaffle-shop does), so a model's descriptions and tests are found in one place."""

from pathlib import Path

import yaml

MODELS = Path(__file__).resolve().parent.parent / "models"


def _model_yaml_files():
    for path in sorted(MODELS.rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "models" in doc:
            yield path, [m["name"] for m in doc["models"]]


def test_every_model_sql_has_its_own_yaml_beside_it():
    missing = [
        str(sql.relative_to(MODELS))
        for sql in sorted(MODELS.rglob("*.sql"))
        if not sql.with_suffix(".yml").exists()
    ]
    assert missing == []


def test_each_model_yaml_describes_exactly_the_model_it_is_named_for():
    wrong = {
        str(path.relative_to(MODELS)): names
        for path, names in _model_yaml_files()
        if names != [path.stem] or not path.with_suffix(".sql").exists()
    }
    assert wrong == {}


def test_the_other_yaml_files_declare_sources_only_and_are_named_for_that():
    others = {}
    for path in sorted(MODELS.rglob("*.yml")):
        keys = set(yaml.safe_load(path.read_text(encoding="utf-8")) or {}) - {"version"}
        if "models" not in keys and (keys != {"sources"} or not path.name.endswith("__sources.yml")):
            others[str(path.relative_to(MODELS))] = sorted(keys)
    assert others == {}


# Staging models whose rows are not a document's printed content: read with ref().
_NOT_DOCUMENT_ROWS = {"stg_raw__documents", "stg_raw__quarantine", "stg_raw__build_runs"}


def test_staging_only_cleans_and_every_later_read_of_a_documents_rows_leaves_quarantine_out():
    """Quarantine applies in one way (macro `admitted`) wherever a document's staging rows are
    read; staging itself filters nothing by quarantine."""
    import re

    staging_filters = [
        str(p.relative_to(MODELS)) for p in sorted((MODELS / "staging").rglob("*.sql"))
        if "quarantine" in p.read_text(encoding="utf-8") and p.stem != "stg_raw__quarantine"
    ]
    assert staging_filters == []
    raw_reads = {}
    for p in sorted(MODELS.rglob("*.sql")):
        if p.is_relative_to(MODELS / "staging"):
            continue
        plain = set(re.findall(r"ref\(\s*'(stg_\w+)'\s*\)", p.read_text(encoding="utf-8"))) - _NOT_DOCUMENT_ROWS
        if plain:
            raw_reads[str(p.relative_to(MODELS))] = sorted(plain)
    assert raw_reads == {}


SEEDS = MODELS.parent / "seeds"


def test_every_model_and_seed_checks_its_rules_in_one_test():
    """dbt costs ~0.1 s per test node whatever it checks: a model's (or seed's) rules are one
    `rules` test (dbt_project/macros/test_rules.sql), its warn-only rules in that test's `warn:`
    part (no second node with `severity: warn`, no test-level severity at all: it would apply
    to every rule); none is declared on a column, where it would be a node of its own."""
    wrong = {}
    for path in sorted([*MODELS.rglob("*.yml"), *SEEDS.glob("*.yml")]):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for node in doc.get("models", []) + doc.get("seeds", []):
            tests = node.get("tests", []) + node.get("data_tests", [])
            names = [t if isinstance(t, str) else next(iter(t)) for t in tests]
            configs = [((t.get("rules") or {}).get("config") or {}) for t in tests if isinstance(t, dict)]
            on_columns = [c["name"] for c in node.get("columns", []) if c.get("tests") or c.get("data_tests")]
            if set(names) - {"rules"} or len(names) > 1 or any("severity" in c for c in configs) or on_columns:
                wrong[f"{path.name}:{node['name']}"] = (names, configs, on_columns)
    assert wrong == {}


def test_every_seed_declares_the_type_of_every_column():
    """The seeds are loaded by the project's on-run-start hook (dbt_project/macros/load_seeds.sql)
    with the declared `column_types`, not dbt's inference: a column without a declared type
    would silently become text."""
    import csv

    undeclared = {}
    for path in sorted(SEEDS.glob("*.yml")):
        for seed in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("seeds", []):
            with (SEEDS / f"{seed['name']}.csv").open(encoding="utf-8", newline="") as f:
                header = next(csv.reader(f))
            declared = set(((seed.get("config") or {}).get("column_types") or {}))
            if set(header) != declared:
                undeclared[seed["name"]] = sorted(set(header) ^ declared)
    assert undeclared == {}
    assert len(list(SEEDS.glob("*.csv"))) == sum(
        len((yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("seeds", [])) for p in SEEDS.glob("*.yml"))
