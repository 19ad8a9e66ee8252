"""The indicator vocabulary (column headers, status glyphs and phrases, units, target
operators, direction words, name prefixes, summary-row labels).

The words live in `seeds/indicators_*.csv` so dbt loads the very same lexicon into the
`reference` schema; this module reads those files once and compiles them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.values import is_period_text
from ingest.text.seeds import seed_rows



def _rows(name: str) -> list[dict[str, str]]:
    return seed_rows(f"indicators_{name}")


COMPOUND_MIN = 7  # phrases this long also match inside Swedish compounds ('koldioxidutsläpp')


def _phrase_pattern(phrases: list[str], compounds: bool = False) -> re.Pattern[str]:
    """One alternation, longest phrase first, anchored at a word start (long phrases may
    also end a compound word when `compounds`)."""
    alts = sorted({p for p in phrases if p}, key=len, reverse=True)
    free = [p for p in alts if compounds and len(p) >= COMPOUND_MIN]
    anchored = [p for p in alts if p not in free]
    parts = []
    if free:
        parts.append("|".join(re.escape(p) for p in free))
    if anchored:
        parts.append(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in anchored) + ")")
    return re.compile("(" + "|".join(parts) + ")", re.I)


@dataclass(frozen=True)
class Lexicon:
    column_roles: dict[str, str]
    column_roles_items: tuple[tuple[str, str], ...]
    glyph_status: dict[str, str]          # glyph -> status ('' = an icon without status)
    status_phrases: dict[str, str]        # lower-case phrase -> status
    status_re: re.Pattern[str]
    units: dict[str, str]                 # lower-case printed unit -> contract unit
    operators: dict[str, tuple[str, str]]  # lower-case phrase -> (operator, direction)
    operator_re: re.Pattern[str]
    direction_words: dict[str, str]
    direction_re: re.Pattern[str]
    name_prefixes: tuple[str, ...]
    summary_labels: dict[str, str]
    summary_re: re.Pattern[str]
    role_memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def glyphs(self) -> str:
        return "".join(self.glyph_status)

    def role(self, header_cell: str) -> str | None:
        """Role of a printed column header ('Målvärde (%)' -> 'target')."""
        # asked for the first word of every line: a dict per role table, because the
        # lru_cache key would hash the whole role tuple on every call
        known = self.role_memo
        r = known.get(header_cell, _UNSEEN)
        if r is _UNSEEN:
            if len(known) >= 65536:
                known.clear()
            r = known[header_cell] = _role(self.column_roles, header_cell)
        return r


_UNSEEN = object()


_PAREN_SUFFIX = re.compile(r"\s*\(.*?\)\s*$")


def _role(known: dict[str, str], header_cell: str) -> str | None:
    # memoised per word by Lexicon.role (a cache keyed by the role table would hash the
    # whole table for every new word)
    key = header_cell.strip().lower()
    if "(" in key:   # the suffix pattern needs one; most words have none
        key = _PAREN_SUFFIX.sub("", key)
    # each run of white space as one space (as re.sub(r"\s+", " ") would: no white space is
    # left at either end here, and str.split and \s agree on what white space is)
    key = " ".join(key.split())
    if key in known:
        return known[key]
    # a period printed after the word ('Målvärde 2024', 'Utfall jan-aug 2024', 'Bedömning helår')
    words = key.split()
    for cut in range(len(words) - 1, 0, -1):
        if is_period_text(" ".join(words[cut:])) and " ".join(words[:cut]) in known:
            return known[" ".join(words[:cut])]
    return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    roles = {r["header_text"].lower(): r["role"] for r in _rows("column_roles")}
    glyphs = {r["glyph"]: r["status"] for r in _rows("status_glyphs")}
    phrases = {r["phrase"].lower(): r["status"] for r in _rows("status_phrases")}
    units = {r["unit_text"].lower(): r["unit"] for r in _rows("units")}
    ops = {r["phrase"].lower(): (r["operator"], r["direction"]) for r in _rows("target_operators")}
    directions = {r["phrase"].lower(): r["direction"] for r in _rows("direction_words")}
    prefixes = tuple(sorted((r["prefix"] for r in _rows("name_prefixes")), key=len, reverse=True))
    summary = {r["label_phrase"].lower(): r["category"] for r in _rows("summary_labels")}
    # operators may be symbols, so no word-start anchor for them
    op_alts = sorted(ops, key=len, reverse=True)
    op_re = re.compile(r"^\s*(" + "|".join(re.escape(o) for o in op_alts) + r")(?=\s|\d|$)", re.I)
    return Lexicon(roles, tuple(roles.items()), glyphs, phrases, _phrase_pattern(list(phrases)), units, ops, op_re,
                   directions, _phrase_pattern(list(directions), compounds=True), prefixes, summary,
                   _phrase_pattern(list(summary)))
