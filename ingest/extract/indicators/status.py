"""Status of one KPI value: from a surviving glyph, else the report's own wording, else
computed from target and result when the direction is known, else 'unknown'."""
from __future__ import annotations

import re
from dataclasses import dataclass

from functools import lru_cache

from ingest.extract.indicators.lexicon import _rows, lexicon
from ingest.extract.indicators.values import Cell

MONEY = {"tkr", "mnkr", "kr"}
NEGATION = re.compile(r"^\W{0,3}(?:\w+\s){0,1}(inte|ej)\b", re.I)
NEGATION_BEFORE = re.compile(r"\b(inte|ej)\s+(?:\w+\s+){0,1}$", re.I)
EVIDENCE_WIDTH = 60


@dataclass(frozen=True)
class Status:
    status: str
    source: str          # glyph | wording | computed | none
    evidence: str | None


@lru_cache(maxsize=1)
def _trend_pattern() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    words = {r["phrase"].lower(): (r["kind"], r["value"]) for r in _rows("trend_words")}
    arrows = "|".join(re.escape(w) for w, (k, _) in words.items() if k == "movement")
    judgements = "|".join(re.escape(w) for w, (k, _) in words.items() if k == "judgement")
    return re.compile(rf"({arrows})\s*({judgements})\b", re.I), words


def trend_direction(text: str | None) -> str | None:
    """Direction from a printed trend: an arrow followed by its judgement ('↓ Förbättring':
    the value fell and that is better, so lower is better)."""
    if not text:
        return None
    pattern, words = _trend_pattern()
    m = pattern.search(text)
    if not m:
        return None
    up = words[m.group(1).lower()][1] == "up"
    better = words[m.group(2).lower()][1] == "better"
    return "higher" if up == better else "lower"


def direction_of(name: str, target: Cell, trend: str | None = None) -> tuple[str | None, str | None]:
    """(direction, where from): the target's operator, a negative target (a reduction),
    a money target of 0 (a budget deviation: a surplus is good), a printed trend (arrow and
    judgement), else the name's words (seed indicators_direction_words). None when nothing
    says it: the status is then 'unknown', never a guess."""
    if target.direction:
        return target.direction, "operator"
    if target.value is not None and target.value < 0:
        return "lower", "negative_target"
    if target.value == 0 and target.unit in MONEY:
        return "higher", "budget_deviation"
    d = trend_direction(trend)
    if d:
        return d, "trend"
    m = None
    best = None
    for m in lexicon().direction_re.finditer(name):
        if best is None or len(m.group(1)) > len(best.group(1)):
            best = m
    if best:
        return lexicon().direction_words[best.group(1).lower()], "name"
    return None, None


def wording_status(comment: str | None) -> tuple[str, str] | None:
    """The first status phrase of the analysis text, with negations read ('nås inte')."""
    if not comment:
        return None
    lex = lexicon()
    for m in lex.status_re.finditer(comment):
        phrase = m.group(1)
        status = lex.status_phrases[phrase.lower()]
        if status == "met":
            after = comment[m.end(): m.end() + 15]
            before = comment[max(0, m.start() - 12): m.start()]
            if NEGATION.match(after) or NEGATION_BEFORE.search(before):
                status = "not_met"
        start = max(0, m.start() - 10)
        return status, comment[start: m.end() + 20].strip()
    return None


def derive_status(name: str, target: Cell, result: Cell, comment: str | None,
                  glyph: str | None) -> tuple[Status, str | None, str | None]:
    """Returns (status, direction, direction_source)."""
    direction, dsource = direction_of(name, target, comment)
    if glyph and lexicon().glyph_status.get(glyph):
        return Status(lexicon().glyph_status[glyph], "glyph", glyph), direction, dsource
    w = wording_status(comment)
    if w:
        return Status(w[0], "wording", w[1]), direction, dsource
    if result.text and result.value is None and result.text in ("—",):
        return Status("not_assessed", "wording", result.text), direction, dsource
    if target.value is not None and result.value is not None and direction:
        t, r = target.value, result.value
        if target.operator in ("<", ">"):
            ok = r < t if target.operator == "<" else r > t
        else:
            ok = r <= t if direction == "lower" else r >= t
        op = target.operator or ("<=" if direction == "lower" else ">=")
        return Status("met" if ok else "not_met", "computed", f"{r:g} {op} {t:g}: {'yes' if ok else 'no'}"), direction, dsource
    return Status("unknown", "none", None), direction, dsource


@lru_cache(maxsize=1)
def _assessment_words() -> dict[str, str]:
    return {r["assessment"].lower(): r["status"] for r in _rows("assessment_words")}


def assessment_status(text: str | None) -> str | None:
    """Status stated by a whole assessment cell ('Uppfylls ej' -> not_met, 'Gul' -> partly_met)."""
    if not text:
        return None
    return _assessment_words().get(" ".join(text.lower().split()).strip(" ."))
