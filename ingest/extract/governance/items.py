"""Numbered agenda items of a meeting call in any template.

Layouts read:
    1.   Title                                        RS 2030/0012   case number in a
    2)   Title (RS 2030/0013)                                        right-hand column,
    § 3  Title                                                       in brackets, or on
         Dnr 30RUN0011                                               its own line below
    4    Title that wraps onto a second line
         in lower case
    Group heading                                      a line that is no item
Numbers only go up: an item printed again later with its description (`5. Title` /
`Diarienummer …` / `Förslag till beslut`) is the same item, read once from the list.
Indented lines under an item that do not continue its title (`Föredragande: …`,
`Muntlig information`) are its details, not headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.governance.cases import find_cases, normalise
from ingest.extract.governance.paragraphs import split_case, case_line
from ingest.extract.governance.text import norm

_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-–•]\s*)?(?:§\s*)?(?P<num>\d{1,3})(?:[.)]\s*|\s+)(?P<rest>[A-ZÅÄÖÉÜa-zåäö].*?)\s*$")
_BRACKET = re.compile(r"\s*[(\[]\s*(?P<c>[^()\[\]]+?)\s*[)\]]\s*$")


@dataclass
class Item:
    item_number: int
    line: int
    title_parts: list[str] = field(default_factory=list)
    case_text: str | None = None
    case_number: str | None = None
    case_line: int | None = None
    group: str | None = None
    indent: int = 0
    last_line: int = 0          # 1-based line of the title's last part

    @property
    def title(self) -> str | None:
        return norm(" ".join(self.title_parts)) or None


def _title_and_case(text: str, prefix: str | None) -> tuple[str, str | None, str | None]:
    title, ctext, cnum = split_case(text, prefix)
    if cnum:
        return title, ctext, cnum
    b = _BRACKET.search(text)
    if b:
        found = find_cases(re.sub(r"^(?:Dnr|Diarienummer)\.?\s*:?\s*", "", b.group("c"), flags=re.I))
        if found and found[0].start == 0:
            return norm(text[: b.start()]), b.group("c"), normalise(found[0], prefix)
    # a bare number glued to the title ('Title 2030/136'): the document's prefix, never a
    # capitalised word of the title
    found = find_cases(text)
    if found:
        c = found[-1]
        if c.end >= len(text.rstrip()) and (c.form == "bare_year_slash"
                                           or (c.form == "prefixed_year_slash" and c.prefix == prefix)):
            return norm(text[: c.start]), c.text, normalise(c, prefix)
        if c.end >= len(text.rstrip()) and c.form == "prefixed_year_slash" and prefix:
            bare = c.text.split()[-1]
            return norm(text[: c.end - len(bare)]), bare, f"{prefix} {bare}"
    return norm(text), None, None


def parse_items(lines: tuple[str, ...], lo: int, hi: int, prefix: str | None) -> list[Item]:
    """Agenda items in lines[lo:hi] (0-based, hi exclusive)."""
    items: list[Item] = []
    cur: Item | None = None
    group: str | None = None
    closed = False      # a number came round again: the list is over, descriptions follow
    hi = min(hi, len(lines))
    for k in range(lo, hi):
        raw = lines[k].rstrip()
        t = raw.strip()
        if not t:
            continue
        indent = len(raw) - len(raw.lstrip())
        m = _ITEM.match(raw)
        if m and not case_line(t, prefix):
            num = int(m.group("num"))
            last = items[-1].item_number if items else 0
            if not closed and last < num <= last + 20 and (items or num <= 5):
                cur = Item(num, k + 1, group=group, indent=len(m.group("indent")), last_line=k + 1)
                title, ctext, cnum = _title_and_case(m.group("rest"), prefix)
                cur.title_parts.append(title)
                if cnum:
                    cur.case_text, cur.case_number, cur.case_line = ctext, cnum, k + 1
                items.append(cur)
                continue
            closed = closed or bool(items) and num <= last
            cur = None          # the same item again with its description, or a number in text
            continue
        if cur is not None and indent > cur.indent:
            c = case_line(t, prefix)
            if c and cur.case_text is None:
                cur.case_text, cur.case_number, cur.case_line = c[0], c[1], k + 1
                continue
            # a wrapped title goes on in lower case, right under its last part
            if t[:1].islower() and (cur.case_text is None or k == cur.last_line):
                title, ctext, cnum = _title_and_case(t, prefix)
                cur.title_parts.append(title)
                cur.last_line = k + 1
                if cnum and cur.case_text is None:
                    cur.case_text, cur.case_number, cur.case_line = ctext, cnum, k + 1
            continue
        if indent > 0 and cur is None:
            continue            # a column head ('Diarienummer') or a detail of a repeated item
        if cur is not None and case_line(t, prefix) and cur.case_text is None:
            c = case_line(t, prefix)
            cur.case_text, cur.case_number, cur.case_line = c[0], c[1], k + 1
            continue
        group = t
        cur = None
    return items

