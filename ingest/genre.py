"""Genre hint from the first page, by the vocabulary in seeds/registry_genre_vocabulary.csv.

The first heading-like line of the first page that names a genre decides (a page header
counts: 'Region X   KALLELSE'); within that line the leftmost phrase, then the longest. Case
does not matter; a phrase matches whole words, with a Swedish inflection ending allowed
('Protokollet', 'Kallelsen') but not as the tail of a compound ('mötesprotokoll' is not
'protokoll'). No match is genre 'unknown' upstream: the hint never gates loading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.first_page import cells, first_page, is_heading_like
from ingest.text.seeds import seed_rows

# Definite and plural endings a heading word may carry.
_INFLECTION = r"(?:en|et|n|t|ar|er|arna|erna|na|s|ens|ets|ns)?"


@dataclass(frozen=True)
class GenreHit:
    genre: str
    phrase: str
    line: str  # the heading line, stripped
    cell: str  # the cell of that line holding the phrase (the line when it has one cell)


@dataclass(frozen=True)
class _Phrase:
    phrase: str
    genre: str
    whole_line: bool
    pattern: re.Pattern


@lru_cache(maxsize=1)
def vocabulary() -> tuple[_Phrase, ...]:
    out = []
    for r in seed_rows("registry_genre_vocabulary"):
        words = r["phrase"].lower().split()
        body = r"\s+".join(re.escape(w) for w in words)
        if r["match"] == "line":
            pat = re.compile(rf"^{body}{_INFLECTION}:?$", re.I)
        else:
            pat = re.compile(rf"(?<!\w){body}{_INFLECTION}(?!\w)", re.I)
        out.append(_Phrase(r["phrase"].lower(), r["genre"], r["match"] == "line", pat))
    return tuple(out)


@lru_cache(maxsize=1)
def body_words() -> re.Pattern:
    stems = [r["word"].lower() for r in seed_rows("registry_body_words") if r["word"]]
    return re.compile(r"\w*(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)


def genre_hit(lines: tuple[str, ...] | list[str]) -> GenreHit | None:
    for ln in first_page(lines):
        hit = _hit_in_line(ln)
        if hit:
            return hit
    return None


def detect_genre(lines: tuple[str, ...] | list[str]) -> str | None:
    hit = genre_hit(lines)
    return hit.genre if hit else None


@lru_cache(maxsize=4096)
def names_a_genre(text: str) -> bool:
    return any(p.pattern.search(text) for p in vocabulary() if not p.whole_line)


def _hit_in_line(line: str) -> GenreHit | None:
    if not is_heading_like(line):
        return None
    best: tuple[int, int, _Phrase, str] | None = None
    for cell in cells(line):
        offset = line.find(cell)
        for p in vocabulary():
            m = p.pattern.search(cell)
            if not m:
                continue
            key = (offset + m.start(), -len(m.group(0)))
            if best is None or key < best[:2]:
                best = (key[0], key[1], p, cell)
    if best is None:
        return None
    return GenreHit(best[2].genre, best[2].phrase, line, best[3])
