"""Seed loading: the vocabulary CSVs in seeds/ that dbt loads too, read the same way
everywhere (UTF-8, a header row, every value stripped, a missing cell as '')."""
from __future__ import annotations

import csv
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def csv_rows(path: Path | str) -> list[dict[str, str]]:
    """Rows of a CSV file with a header row, values stripped."""
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


def seed_path(name: str) -> Path:
    """seeds/<name>.csv (`name` with or without the .csv)."""
    return SEEDS / (name if name.endswith(".csv") else f"{name}.csv")


def seed_rows(name: str) -> list[dict[str, str]]:
    """Rows of seeds/<name>.csv, values stripped."""
    return csv_rows(seed_path(name))


def column_kinds(name: str) -> dict[str, str]:
    """A column-head seed (`column_phrase`, `column_kind`): lower-cased phrase -> kind."""
    return {r["column_phrase"].lower(): r["column_kind"] for r in seed_rows(name)}
