"""Status marks: a status printed as a word of its own rather than in prose.

Forms read: a table cell (`Genomförd`, `Gul`), a capitalised word at the end of a line
(`… PÅGÅR`) or alone on a line (`EJ PÅBÖRJAD`), a value after `Status:`; colours
(grön / gul / röd / grå) mapped through the document's own legend when it prints one
(`Teckenförklaring` / `Grön` / `Genomförd`, or `Grön   Genomförd` on one line), and
fulfilment words (uppfyllt, delvis uppfyllt, ej uppfyllt). The words are the `=` rows of
seeds/activities_status_lexicon.csv; a longer cell falls back to the prose classifier.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.activities.status import LEXICON_PATH, classify, read_lexicon
from ingest.text.line_classes import classes_of

_STATUS_LABEL = re.compile(r"^\s*Status\s*:\s*(?P<v>\S.*?)\s*$", re.I)
# a mark after a column gap at the line end, or alone on its line (any case: the whole
# cell must be a mark of the lexicon)
_LINE_END = re.compile(r"^(?P<body>.*\S)(?:\t+|\s{2,})(?P<mark>[A-ZÅÄÖa-zåäö][A-Za-zÅÄÖåäö ]{0,24}[A-Za-zÅÄÖåäö])\s*$")
_CAPS_LINE = re.compile(r"^\s*(?P<mark>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]*(?: [A-Za-zÅÄÖåäö]+){0,3})\s*$")
_LEGEND_HEAD = re.compile(r"^\s*(?:Teckenförklaring|Förklaring|Statusmarkeringar|Symbolförklaring)\b", re.I)


@dataclass(frozen=True)
class Mark:
    status: str
    printed: str          # the mark as printed
    phrase: str           # the lexicon phrase that decided
    source: str           # 'status_mark' | 'legend' | 'analysis'


@lru_cache(maxsize=1)
def _marks() -> dict[str, tuple[str, str]]:
    """whole-mark text (lower case) -> (status, lexicon phrase)."""
    out = {}
    for e in read_lexicon(LEXICON_PATH):
        if e.phrase.startswith("="):
            out[e.phrase[1:]] = (e.status, e.phrase)
    return out


def _key(text: str) -> str:
    return " ".join(re.sub(r"[.:;!]+$", "", text.strip()).lower().split())


def mark_of(text: str | None, legend: dict[str, str] | None = None) -> Mark | None:
    """The status a whole cell / mark states; None when it is no status mark."""
    if not text or not text.strip():
        return None
    k = _key(text)
    if legend and k in legend:
        meaning = legend[k]
        inner = mark_of(meaning)
        if inner is not None:
            return Mark(inner.status, text.strip(), "=" + k if k in _marks() else inner.phrase, "legend")
    hit = _marks().get(k)
    if hit:
        return Mark(hit[0], text.strip(), hit[1], "status_mark")
    return None


def cell_status(text: str | None, legend: dict[str, str] | None = None) -> Mark | None:
    """A mark, else the prose classifier on a short cell ('Pågår enligt plan')."""
    m = mark_of(text, legend)
    if m or not text:
        return m
    r = classify(text)
    if r.status != "unknown" and len(text.split()) <= 6:
        return Mark(r.status, text.strip(), r.phrase, "analysis")
    return None


def line_mark(line: str, legend: dict[str, str] | None = None) -> tuple[str, Mark] | None:
    """(text before the mark, mark) for `… PÅGÅR` at the line end, `EJ PÅBÖRJAD` alone or
    `Status: FÖRSENAD`; the text is '' when the mark stands alone."""
    m = _STATUS_LABEL.match(line)
    if m:
        mk = cell_status(m.group("v"), legend)
        return ("", mk) if mk else None
    m = _CAPS_LINE.match(line)
    if m and mark_of(m.group("mark"), legend):
        return "", mark_of(m.group("mark"), legend)
    m = _LINE_END.match(line)
    if m:
        mk = mark_of(m.group("mark"), legend)
        return (m.group("body").strip(), mk) if mk else None
    return None


def _is_legend_head(first_word: str) -> bool:
    return _LEGEND_HEAD.match(first_word) is not None


def read_legends(lines: tuple[str, ...]) -> list[tuple[int, str | None, dict[str, str]]]:
    """Legends printed in the document: (line, heading it stands under, mark -> meaning).
    A legend is a block after `Teckenförklaring` (or a block of `MARK   meaning` lines whose
    marks are status marks) with each mark and its meaning on one line or on two."""
    out: list[tuple[int, str | None, dict[str, str]]] = []
    n = len(lines)
    i = 0
    # a legend head's first word matches _LEGEND_HEAD itself (the pattern skips leading
    # white space and ends in a word boundary): asked once per distinct first word
    for h in classes_of(lines).word_lines("first_word", _is_legend_head, "legend_head"):
        if h - 1 < i:
            continue   # inside the legend read last
        i = h - 1
        j = i + 1
        heading: str | None = None
        cur: dict[str, str] = {}
        start = j
        while j < n and lines[j].strip():
            t = lines[j].strip()
            cells = [c for c in re.split(r"\t|\s{2,}|\s[–=-]\s", t) if c.strip()]
            if len(cells) >= 2 and mark_of(cells[0]):
                cur[_key(cells[0])] = cells[1]
                j += 1
            elif mark_of(t) and j + 1 < n and lines[j + 1].strip():
                cur[_key(t)] = lines[j + 1].strip()
                j += 2
            else:
                if cur:
                    out.append((start + 1, heading, cur))
                heading, cur, start = t, {}, j
                j += 1
        if cur:
            out.append((start + 1, heading, cur))
        i = j
    return out


def activity_legend(lines: tuple[str, ...]) -> dict[str, str]:
    """The legend for activities: the one under a heading naming activities, else the
    first one printed; {} when the document prints none."""
    legends = read_legends(lines)
    for _, heading, leg in legends:
        if heading and re.search(r"aktivitet|åtgärd|uppdrag", heading, re.I):
            return leg
    return legends[0][2] if legends else {}

