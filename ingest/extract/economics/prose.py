"""Figures stated in sentences ('Resultatet uppgår till 412 mnkr', '69 mnkr bättre än
budget', 'ett underskott om 14,6 mnkr', 'har ökat med 6,1 procent').

Each becomes a financial amount with source_kind 'prose' and its sentence. The line item is
a row label of the document's own tables when the sentence names it as the figure's subject
(the label, then at most a few words and no other number before the figure), so the
reconciliation can compare the sentence with the table; otherwise the sentence's opening
words, kept for reading only. Vocabulary (verbs, comparison words, units) is in the seed
economics_prose_phrases.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.text.line_classes import classes_of
from ingest.text.seeds import seed_rows
from ingest.values import parse_amount

_DIGIT = re.compile(r"\d")

_NUM = r"[+\-−–]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?"
MIN_LABEL_CHARS = 6


@dataclass
class ProseFigure:
    line: int
    sentence: str
    line_item: str
    matched_label: bool
    measure: str
    amount_text: str
    amount: float
    decimals: int
    unit: str
    sign_stated: bool = True       # a printed sign or a word giving it (underskott, sämre än)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for r in seed_rows("economics_prose_phrases"):
        out.setdefault(r["kind"], []).append((r["phrase"].lower(), r["value"]))
    return out


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    p = _phrases()
    units = "|".join(re.escape(u) for u, _ in sorted(p["unit"], key=lambda x: -len(x[0])))
    change = "|".join(re.escape(v) for v, _ in p["change_verb"])
    amount = re.compile(r"(?<![\d,])(?P<num>" + _NUM + r")\s?(?P<unit>" + units + r")\b", re.I)
    pct = re.compile(r"\b(?P<verb>" + change + r")\s+med\s+(?P<num>\d+(?:,\d+)?)\s?(?:procent|%)", re.I)
    return amount, pct


# What a lowered text holds where `re.I` matches an ASCII letter that lower() does not give
# ('ſ' s, 'ı' i, and the dot 'İ' lowers to; checked over all code points): such a text is
# always handed to the patterns.
_FOLDS_TO_ASCII = ("\u017f", "\u0131", "\u0307")


@lru_cache(maxsize=1)
def _prefilter():
    """A cheap necessary condition of the two figure patterns on a paragraph: an amount needs
    one of the units, a change 'med' and 'procent' or '%'; decided on the lowered text when
    the units are ASCII."""
    units = [u for u, _ in _phrases()["unit"]]
    if not all(u.isascii() for u in units):
        return lambda text: True

    def may_match(text: str) -> bool:
        low = text.lower()
        return (any(u in low for u in units) or "med" in low and ("%" in low or "procent" in low)
                or any(ch in low for ch in _FOLDS_TO_ASCII))

    return may_match


@lru_cache(maxsize=1)
def _link_pattern() -> re.Pattern:
    """What may stand between a row label and its figure: a definite ending glued to the
    label ('Skatteintäkter|na'), a period ('för januari–oktober'), then a linking phrase."""
    links = "|".join(re.escape(v) for v, _ in sorted(_phrases()["link"], key=lambda x: -len(x[0])))
    return re.compile(r"^(?:na|n|en|et|erna|ens|s)?(?:\s+för\s+[^\d,.()]{1,30}?)?(?:\s*\([^\d()]{1,40}\))?\s+(?:"
                      + links + r")\s*$", re.I)


def _opens_sentence(text: str) -> bool:
    """Nothing but an alias lead ('Det prognostiserade') stands before an alias subject."""
    s = " ".join(text.lower().split())
    return not s or s in {w for w, _ in _phrases().get("alias_lead", [])}


def _leads_subject(text: str) -> bool:
    """The label starts the subject: at the sentence start, after a comma, or after a word
    that opens a clause ('och', 'att', 'för' ...), not after 'plus' or 'exklusive'."""
    s = text.rstrip()
    if not s or s.endswith(","):
        return True
    last = s.split()[-1].lower()
    return last in {w for w, _ in _phrases()["subject_lead"]}


def _paragraphs(lines, skip: set[int]):
    """Runs of consecutive prose lines that hold a digit (no figure without one): (text,
    [(offset, line number)]). A run of prose lines is cut at table lines (`skip`)."""
    c = classes_of(lines)   # prose lines (not blank, not laid out in columns), once per document
    stripped, has_digit = c.stripped, c.has_digit
    for a, b in c.runs("prose"):
        lo = a
        for n in range(a, b + 2):
            if n <= b and n not in skip:
                continue
            if lo < n and any(has_digit[lo - 1:n - 1]):
                parts = stripped[lo - 1:n - 1]
                offsets, off = [], 0
                for k, part in enumerate(parts, lo):
                    offsets.append((off, k))
                    off += len(part) + 1
                yield " ".join(parts), offsets
            lo = n + 1


def _sentences(text: str):
    start = 0
    for m in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ–\-]|\s*$)", text):
        yield start, text[start:m.end()].strip()
        start = m.end() + 1
    if start < len(text) and text[start:].strip():
        yield start, text[start:].strip()


def _line_at(offsets, pos: int) -> int:
    line = offsets[0][1]
    for off, n in offsets:
        if off <= pos:
            line = n
    return line


def label_key(label: str) -> str:
    """How a row label is matched: case, spacing and a trailing colon do not count."""
    return " ".join(label.lower().split()).rstrip(":").rstrip()


def subject_phrases(labels: list[str]) -> list[tuple[str, str, bool]]:
    """(phrase as a sentence may print it, the table row label it names), longest phrase
    first. Every row label names itself (one printing per label key: the mixed-case one, so
    the choice never depends on which table came first); a seed alias (subject_alias:
    'resultatet för perioden' -> 'periodens resultat') names a label only when the
    document's tables print exactly one of the labels the alias may stand for. Third item:
    the phrase is an alias, which names the row only as the sentence's opening words (mid-
    sentence 'och resultatet är 490' points back to the result named before it)."""
    printed: dict[str, str] = {}
    for lab in sorted({l for l in labels if l and len(l.strip()) >= MIN_LABEL_CHARS}, key=lambda l: (l.isupper(), l)):
        printed.setdefault(label_key(lab), " ".join(lab.split()))
    out = {key: (lab, False) for key, lab in printed.items()}
    aliases: dict[str, set[str]] = {}
    for phrase, target in _phrases().get("subject_alias", []):
        if label_key(target) in printed:
            aliases.setdefault(label_key(phrase), set()).add(label_key(target))
    for phrase, targets in aliases.items():
        if phrase not in out and len(targets) == 1:
            out[phrase] = (printed[targets.pop()], True)
    return sorted(((p, lab, alias) for p, (lab, alias) in out.items()), key=lambda x: (-len(x[0]), x[0]))


def _subject(sentence: str, pos: int, phrases: list[tuple[str, str, bool]]) -> tuple[str, bool, str]:
    """(line item, whether it is a table row, the words before the subject)."""
    before = sentence[:pos]
    low = before.lower()
    best = None
    for phrase, lab, alias in phrases:
        k = low.rfind(phrase)
        if k < 0 or (alias and not _opens_sentence(before[:k])):
            continue
        gap = before[k + len(phrase):]
        if not _link_pattern().match(gap) or not (alias or _leads_subject(before[:k])):
            continue
        if best is None or len(phrase) > best[0]:
            best = (len(phrase), lab, before[:k])
    if best:
        return best[1], True, best[2]
    words = re.split(r"\s+", before.strip())
    return " ".join(words[:6]).rstrip(",") or sentence[:40], False, ""


def _measure(sentence: str, start: int, end: int) -> tuple[str, int, bool]:
    """Measure and sign of an amount from the words around it."""
    p = _phrases()
    after = sentence[end:end + 40].lower()
    before = sentence[max(0, start - 40):start].lower()
    for phrase, value in p["comparison"]:
        if after.lstrip().startswith(phrase):
            return "deviation", (-1 if value == "worse" else 1), True
    for phrase, _ in p["difference"]:
        if after.lstrip().startswith(phrase + " "):
            return "other", 1, False     # '97 mnkr sämre än periodbudget': a difference, not the amount
    for phrase, value in p["balance_word"]:
        if phrase in before:
            sign = -1 if value == "deficit" else 1
            if "budget" in after:
                return "deviation", sign, True
            # 'Det prognostiserade årsresultatet visar ett överskott på …': the subject names
            # the forecast further back than the words around the figure
            wide = sentence[max(0, start - 80):start].lower()
            return ("forecast" if any(w in wide for w, _ in p["forecast_word"]) else "outcome"), sign, True
    if any(w in before for w, _ in p["forecast_word"]):
        return "forecast", 1, False
    return "outcome", 1, False


def prose_figures(lines, skip: set[int], labels: list[str]) -> list[ProseFigure]:
    """Every stated amount and change in the prose lines (lines in `skip` are tables)."""
    amount_re, pct_re = _patterns()
    units = dict(_phrases()["unit"])
    phrases = subject_phrases(labels)
    out: list[ProseFigure] = []
    may_match = _prefilter()
    for text, offsets in _paragraphs(lines, skip):
        if not may_match(text):
            continue   # neither pattern can match: the paragraph is not split into sentences
        for s_off, sent in _sentences(text):
            if not _DIGIT.search(sent):
                continue   # both figures' patterns need a digit
            for m in amount_re.finditer(sent):
                a = parse_amount(m.group("num"))
                if a is None:
                    continue
                measure, sign, stated = _measure(sent, m.start(), m.end())
                stated = stated or m.group("num").lstrip()[:1] in "+-−–"
                item, matched, opening = _subject(sent, m.start(), phrases)
                if measure == "outcome" and any(w in opening.lower() for w, _ in _phrases()["forecast_word"]):
                    measure = "forecast"   # 'Det prognostiserade årsresultatet … visar ett överskott på'
                # tables print the forecast's deviation; a sentence that names no forecast
                # may mean the period's ('bättre än budget' for januari–augusti): not comparable
                if measure == "deviation" and not any(w in sent.lower() for w, _ in _phrases()["forecast_word"]):
                    matched = False
                out.append(ProseFigure(_line_at(offsets, s_off + m.start()), sent, item, matched, measure,
                                       m.group(0), sign * abs(a.value) if sign < 0 else a.value, a.decimals,
                                       units[m.group("unit").lower()], stated))
            for m in pct_re.finditer(sent):
                a = parse_amount(m.group("num"))
                if a is None:
                    continue
                verb_sign = dict(_phrases()["change_verb"])[m.group("verb").lower()]
                item, matched, _ = _subject(sent, m.start(), phrases)
                out.append(ProseFigure(_line_at(offsets, s_off + m.start()), sent, item, matched, "change_pct",
                                       m.group(0), a.value * (-1 if verb_sign == "down" else 1), a.decimals, "%"))
    return out
