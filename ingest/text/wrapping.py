"""Joining a text wrapped over several printed lines into one.

Two rules, for two kinds of source:
- `join_broken_words`: text extracted from PDF keeps a trailing space where a line broke
  between words; a line printed without one broke inside a word ('Kompetensutveckli' +
  'ngsplan'), so the next piece is glued on without a space. A dash after a space
  ('Personalhälsa -') ends a word; 'CO2-' or 'Kompetensutveckli' do not.
- `join_soft_hyphens`: text whose line ends carry no such trace; a line ending in `-`
  before a lower-case word is a soft hyphen, unless the next word is a conjunction
  (`produktions- och` keeps it).
"""
from __future__ import annotations

import re

_WORD_END = re.compile(r"[\w-]$")
_CONJUNCTION = re.compile(r"(och|eller|samt)\b")


def join_broken_words(lines: list[str]) -> str:
    """Pieces joined by the trailing-space rule; blank pieces skipped, ends not trimmed further."""
    out = ""
    prev_broken = False
    for raw in lines:
        piece = raw.strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif prev_broken:
            out += piece
        else:
            out += " " + piece
        prev_broken = not raw.endswith((" ", "\t")) and bool(_WORD_END.search(raw)) and not raw.endswith(" -")
    return out


def join_soft_hyphens(parts: list[str]) -> str:
    """Pieces joined with one space, a soft hyphen before a lower-case word dropped; spaces folded."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out.endswith("-") and p[:1].islower() and not _CONJUNCTION.match(p) and out[-2:-1].isalpha():
            out = out[:-1] + p
        else:
            out = f"{out} {p}" if out else p
    # str.split() splits on the same Unicode whitespace as \s: runs folded to one space, ends trimmed
    return " ".join(out.split())
