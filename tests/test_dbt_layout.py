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
