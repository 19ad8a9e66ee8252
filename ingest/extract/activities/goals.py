"""The numbered goal tree of a goal follow-up (`1.1`, `1.1.1`, `1.1.1.1` …): every numbered
heading becomes a goal with its parent and its status narrative.

Layout rules (no names or numbers from any one document):
- A heading is `N[.N…] Title` at the start of a line (one leading space allowed: a page
  join). Value lines such as `251 250 Utfallet …` look like headings; a number is taken
  only when it fits the tree: its parent exists and it is the next sibling.
- A level-1 body heading may be unnumbered (`Mål <body>`); when `1.1` arrives with no `1`,
  that line (or an implicit node) becomes goal `1`.
- A title wraps onto lines after blank lines, printed at column 0 and starting in lower
  case; the narrative starts with the first other line and runs to the next heading or
  the measure-table header (`Mätetal …`), whose rows are not narrative.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.activities.context import FURNITURE, join_wrapped

_HEADING = re.compile(r"^ ?(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.? (?P<title>[A-ZÅÄÖ].*?)\s*$")
_BODY_HEADING = re.compile(r"^ ?(?P<title>Mål\s+\S.*?)\s*$")
_MEASURE_HEADER = re.compile(r"^\s?Mätetal\s+\S")


@dataclass
class Goal:
    number: str
    line: int
    title_parts: list[tuple[int, str]] = field(default_factory=list)
    narrative_parts: list[tuple[int, str]] = field(default_factory=list)
    implicit: bool = False

    @property
    def level(self) -> int:
        return self.number.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.number.rsplit(".", 1)[0] if "." in self.number else None

    @property
    def title(self) -> str | None:
        return join_wrapped([t for _, t in self.title_parts]) or None

    @property
    def narrative(self) -> str | None:
        return join_wrapped([t for _, t in self.narrative_parts]) or None


def _fits(num: str, seen: dict[str, Goal], last_child: dict[str | None, int]) -> bool:
    parts = num.split(".")
    parent = ".".join(parts[:-1]) or None
    if parent is not None and parent not in seen:
        return False
    return int(parts[-1]) == last_child.get(parent, 0) + 1


def parse_goal_tree(lines: tuple[str, ...] | list[str], start: int = 1, end: int | None = None) -> list[Goal]:
    """Goals of the numbered tree between 1-based lines start and end, in file order."""
    end = len(lines) if end is None else end
    goals: list[Goal] = []
    seen: dict[str, Goal] = {}
    last_child: dict[str | None, int] = {}
    body_line: tuple[int, str] | None = None
    cur: Goal | None = None
    mode = "none"        # title | narrative | measures
    for n in range(start, end + 1):
        raw = lines[n - 1]
        text = raw.strip()
        m = _HEADING.match(raw)
        if m and _fits(m.group("num"), seen, last_child):
            num = m.group("num")
            cur = Goal(num, n, [(n, m.group("title"))])
            goals.append(cur)
            seen[num] = cur
            last_child[cur.parent] = int(num.rsplit(".", 1)[-1])
            mode = "title"
            continue
        if m and "." in m.group("num") and m.group("num").split(".")[0] not in seen and not seen:
            # the tree starts at N.1 under an unnumbered body heading: that heading is goal N
            top = m.group("num").split(".")[0]
            if m.group("num") == f"{top}.1" and top == "1":
                root = Goal(top, body_line[0] if body_line else n,
                            [body_line] if body_line else [], implicit=body_line is None)
                goals.append(root)
                seen[top] = root
                last_child[None] = 1
                cur = Goal(m.group("num"), n, [(n, m.group("title"))])
                goals.append(cur)
                seen[cur.number] = cur
                last_child[top] = 1
                mode = "title"
                continue
        if not seen:
            b = _BODY_HEADING.match(raw)
            if b:
                body_line = (n, b.group("title"))
            continue
        if cur is None or not text or FURNITURE.search(raw):
            continue
        if _MEASURE_HEADER.match(raw):
            mode = "measures"
            continue
        if mode == "title" and not raw.startswith(" ") and text[:1].islower():
            cur.title_parts.append((n, text))
            continue
        if mode in ("title", "narrative"):
            mode = "narrative"
            cur.narrative_parts.append((n, text))
    return goals
