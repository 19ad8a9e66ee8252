"""The economics vocabulary, read from the dbt seeds so new wording is a data change.

seeds/economics_column_labels.csv  words that start a column label -> measure
seeds/economics_statements.csv     table-title patterns -> statement (+ default measure)
seeds/economics_units.csv          unit patterns -> unit
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ingest.text.seeds import seed_rows

_YEAR = re.compile(r"(?:19|20)\d{2}")
PERIOD_IN_LABEL = re.compile(
    r"tertial\s*\d\s*:?\s*(?:19|20)\d{2}|(?:19|20)\d{2}\s?T\d\b|\bT\d\s(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}\b|(?:19|20)\d{2}", re.I)




_MEMO_SIZE = 4096


@dataclass(frozen=True)
class Lexicon:
    label_words: tuple[tuple[str, str, int], ...]        # (word, measure or '', priority)
    statements: tuple[tuple[re.Pattern, str, str, int], ...]
    units: tuple[tuple[re.Pattern, str], ...]
    row_statements: tuple[tuple[re.Pattern, str], ...] = ()

    # derived once per lexicon (readers ask for them per table and per row)
    @cached_property
    def keywords(self) -> tuple[str, ...]:
        return tuple(w for w, _, _ in self.label_words)

    @cached_property
    def title_pattern(self) -> re.Pattern:
        return re.compile("|".join(f"(?:{p.pattern})" for p, *_ in self.statements), re.I)

    @cached_property
    def deviation_pattern(self) -> re.Pattern:
        words = [w for w, m, _ in self.label_words if m == "deviation"]
        return re.compile(r"(?:^|[\s\-/])(?:" + "|".join(map(re.escape, words)) + ")", re.I)

    def statement(self, text: str) -> tuple[str | None, str | None]:
        # titles and TSV section labels repeat row after row: each text is decided once
        memo = self._statement_memo
        found = memo.get(text)
        if found is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[text] = self._statement(text)
        return found

    @cached_property
    def _statement_memo(self) -> dict[str, tuple[str | None, str | None]]:
        return {}

    def _statement(self, text: str) -> tuple[str | None, str | None]:
        for pat, st, default, _ in self.statements:
            if pat.search(text):
                return st, default or None
        return None, None

    def statement_of_rows(self, labels: list[str]) -> str | None:
        """The statement two or more row labels name (seed economics_row_statements)."""
        counts: dict[str, int] = {}
        for label in labels:
            key = " ".join(label.lower().split())
            for pat, st in self.row_statements:
                if pat.search(key):
                    counts[st] = counts.get(st, 0) + 1
                    break
        best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
        return best[0] if best[1] >= 2 else None

    def measure(self, label: str | None) -> str | None:
        """Measure of a column label: the lowest-priority word match; '' = statement default."""
        if not label:
            return ""
        best: tuple[int, str] | None = None
        for w in re.split(r"[\s\-/]+", label.lower()):
            for word, measure, prio in self.label_words:
                if w.startswith(word) and (best is None or prio < best[0]):
                    best = (prio, measure)
        return best[1] if best else ""

    def unit(self, text: str) -> str | None:
        for pat, unit in self.units:
            if pat.search(text):
                return unit
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    labels = sorted(((r["label_word"].strip().lower(), r["measure"].strip(), int(r["priority"]))
                     for r in seed_rows("economics_column_labels.csv")), key=lambda x: x[2])
    stmts = sorted(((re.compile(r["pattern"], re.I), r["statement"], r["default_measure"].strip(), int(r["priority"]))
                    for r in seed_rows("economics_statements.csv")), key=lambda x: x[3])
    units = [(re.compile(r["pattern"], re.I), r["unit"]) for r in
             sorted(seed_rows("economics_units.csv"), key=lambda r: int(r["priority"]))]
    rows = [(re.compile(r["pattern"], re.I), r["statement"]) for r in
            sorted(seed_rows("economics_row_statements.csv"), key=lambda r: int(r["priority"]))]
    return Lexicon(tuple(labels), tuple(stmts), tuple(units), tuple(rows))


def period_of(label: str | None) -> str | None:
    """The period as printed inside a column label ('Utfall Tertial 2:2022' -> 'Tertial 2:2022')."""
    if not label:
        return None
    m = PERIOD_IN_LABEL.search(label)
    return m.group(0) if m else None


def year_of(label: str | None) -> int | None:
    ys = _YEAR.findall(label or "")
    return int(ys[0]) if len(ys) == 1 else None
