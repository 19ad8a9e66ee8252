"""The hierarchy printed above activity tables: label lines and perspective headings.

Reports print `Strategiska mål: …`, `Framgångsfaktorer: …`, `Uppdrag/mål: …` (or
`Uppdrag:`, `Prioriterade uppdrag:`, `Prioriterade delstrategier:`, `Delmål:`) above each
`Aktiviteter / Analys` table, under a balanced-scorecard perspective heading. These are
generic Swedish report vocabulary, not names from one document. A label's text may wrap
onto the following lines (until a blank line, another label or a table header).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text.contents import DOT_LEADER
from ingest.text.page_furniture import COUNTER_AT_END
from ingest.text.perspectives import first_word_pattern, perspective_names
from ingest.text.wrapping import join_soft_hyphens

# label -> (goal_kind, level); a label at level k closes every open label at level >= k
LABELS: dict[str, tuple[str, int]] = {
    "strategiska mål": ("strategic_goal", 1),
    "prioriterade delstrategier": ("sub_strategy", 2),
    "framgångsfaktorer": ("success_factor", 2),
    "framgångsfaktor": ("success_factor", 2),
    "delmål": ("sub_goal", 3),
    "uppdrag/mål": ("assignment", 4),
    "prioriterade uppdrag": ("assignment", 4),
    "uppdrag": ("assignment", 4),
}
_LABEL = re.compile(r"^\s*(?P<label>" + "|".join(sorted((re.escape(k) for k in LABELS), key=len, reverse=True))
                    + r")\s*:\s*(?P<text>.*?)\s*$", re.I)
# the perspectives a report prints alone on a line (the segmenter reads the same seed)
PERSPECTIVE_NAMES = perspective_names("activity_perspective")
_PERSPECTIVE = re.compile(r"^\s*(?:perspektiv\s*:\s*)?(?P<name>" + "|".join(map(re.escape, PERSPECTIVE_NAMES))
                          + r")\s*$", re.I)
# A perspective heading is a name alone on its line (re.I matches letter for letter, so no
# longer than the longest name) or holds the colon of 'Perspektiv:'.
PERSPECTIVE_MAX_CHARS = max(map(len, PERSPECTIVE_NAMES))
# Without the colon a perspective heading is a name alone on its line: its first word is a
# name's first word
_PERSPECTIVE_FIRST = first_word_pattern(PERSPECTIVE_NAMES)


def may_name_perspective(first_word: str) -> bool:
    return _PERSPECTIVE_FIRST.fullmatch(first_word) is not None
_PERSPECTIVE_LABEL = re.compile(r"^\s*perspektiv\s*:\s*(?P<name>.+?)\s*$", re.I)
_TOC_LEADER = re.compile(DOT_LEADER + r"|\t\s*\d+\s*$")   # a table-of-contents line, not a heading
ACTIVITY_HEADER = re.compile(r"^\s?Aktiviteter(?:\t|\s+)Analys\s*$")
OTHER_TABLE_HEADER = re.compile(r"^\s?(?:Mätetal|Aktivitet)(?:\t|\s+)\S")
FURNITURE = re.compile(r"^\s*\d{1,3}\s*$|" + COUNTER_AT_END.pattern)   # page numbers and `Report 7(26)` footers


@dataclass(frozen=True)
class Label:
    line: int          # 1-based line of the label
    end_line: int      # last line of its (wrapped) text
    label: str         # as printed, e.g. 'Uppdrag/mål'
    kind: str          # goal kind
    level: int
    text: str


def parse_label(text: str) -> tuple[str, str, int, str] | None:
    """(label as printed, goal kind, level, text) of a hierarchy label line, else None."""
    if ":" not in text:
        return None      # every label has its colon; most lines are not labels (cheap test first)
    if _TOC_LEADER.search(text):
        return None
    m = _LABEL.match(text)
    if not m or not m.group("text"):
        return None
    kind, level = LABELS[m.group("label").lower()]
    return m.group("label"), kind, level, m.group("text")


def perspective_of(text: str) -> str | None:
    """The perspective a heading line names (`Medborgare och kund`, `Perspektiv: Ekonomi`)."""
    if "\t" in text or not text.strip()[:1].isupper():
        return None      # a heading starts with a capital; `medarbetare` ending a wrapped name is not one
    m = _PERSPECTIVE.match(text) or _PERSPECTIVE_LABEL.match(text)
    return m.group("name").strip() if m else None


def is_blank(text: str) -> bool:
    s = text.rstrip()
    if not s:
        return True
    # furniture ends in a digit or ')'; test that before the unanchored search
    return (s[-1] == ")" or s[-1].isdecimal()) and bool(FURNITURE.search(text))


def read_label(lines: tuple[str, ...] | list[str], i: int) -> Label | None:
    """The label starting at 0-based index i, with its wrapped continuation lines."""
    p = parse_label(lines[i])
    if p is None:
        return None
    label, kind, level, text = p
    parts, j = [text], i + 1
    while j < len(lines):
        t = lines[j]
        if (not t.strip() or "\t" in t or parse_label(t) or perspective_of(t) or ACTIVITY_HEADER.match(t)
                or OTHER_TABLE_HEADER.match(t) or FURNITURE.search(t)):
            break
        parts.append(t.strip())
        j += 1
    return Label(i + 1, j, label, kind, level, join_wrapped(parts))


# wrapped lines here carry no trailing-space trace: the soft-hyphen rule
join_wrapped = join_soft_hyphens
