"""The organisation a document states in its title block, for facts whose section names none.

A report's first lines name the body it is by ('Kulturnämnden', 'Regionstyrelsen
2023-11-28'); failing that, a case number prefixed by the body's abbreviation
('Diarienummer KTN2023-0318') names it through seeds/organisation_abbreviations.csv. Word
lists are seeds (organisation_body_words, organisation_abbreviations)."""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.text.seeds import seed_rows

TITLE_BLOCK_LINES = 12     # non-empty lines at the top of a document that form its title block
MAX_NAME_WORDS = 6
_TRAILING_DATE = re.compile(r"\s+\d{4}-\d{2}-\d{2}$")
_CASE_PREFIX = re.compile(r"\b(?:diarienummer|dnr)\s*:?\s*([A-ZÅÄÖ]{2,5})\s?[/-]?\s?\d", re.I)




@lru_cache(maxsize=1)
def _body_words() -> tuple[str, ...]:
    return tuple(r["body_word"].lower() for r in seed_rows("organisation_body_words"))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return {r["abbreviation"].upper(): r["organisation"] for r in seed_rows("organisation_abbreviations")}


def stated_organisation(lines, skip: set[int] | None = None) -> str | None:
    """The body named in the document's title block, or by its case-number prefix."""
    seen = 0
    for n, ln in enumerate(lines, 1):
        s = " ".join(ln.split())
        if not s or (skip and n in skip):
            continue
        seen += 1
        if seen > TITLE_BLOCK_LINES:
            break
        name = _TRAILING_DATE.sub("", s)
        words = name.split()
        # one name: capitalised first word only ('Hälso- och sjukvårdsnämnden'), ending in a body word
        if 1 <= len(words) <= MAX_NAME_WORDS and name[:1].isupper() and not name.endswith(".") \
                and not any(w[:1].isupper() for w in words[1:]) \
                and words[-1].lower().endswith(_body_words()):
            return name
    seen = 0
    for n, ln in enumerate(lines, 1):
        if not ln.strip():
            continue
        seen += 1
        if seen > TITLE_BLOCK_LINES:
            break
        m = _CASE_PREFIX.search(ln)
        if m and m.group(1).upper() in _abbreviations():
            return _abbreviations()[m.group(1).upper()]
    return None
