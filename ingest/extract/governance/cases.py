"""Case numbers (diarienummer) of any region: the shapes come from
seeds/governance_case_number_forms.csv (`RS 2030/0456`, `30RUN0011`, `HSN 2030-00123`,
`RS300871`, `2030-000345`, bare `2030/5` ...).

A bare `2030/5` takes the prefix the document prints for its case numbers: a prefix
counts only where it stands as a case number (after `Dnr` / `Diarienummer`, alone in a
column cell or on its own line), never a capitalised word at the end of a title
(`Handbolls VM 2030/1680`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.text.seeds import seed_rows

LABEL = re.compile(r"^\s*(?:Diarienummer|Dnr|Ärendenummer|Ärende\s*nr)\.?\s*:?\s*", re.I)
_CELL = re.compile(r"(?:^|\t|\s{2,})(?P<cell>[^\t]+?)\s*$")


@dataclass(frozen=True)
class Case:
    form: str
    text: str           # as printed, whitespace collapsed
    prefix: str | None  # letters as printed without spaces
    start: int
    end: int


@lru_cache(maxsize=1)
def forms() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((r["form"], re.compile(r["pattern"])) for r in seed_rows("governance_case_number_forms"))


def _year_ok(m: re.Match) -> bool:
    y = m.groupdict().get("year")
    return y is None or len(y) == 2 or 1990 <= int(y) <= 2100


def find_cases(text: str, upto: str | None = None) -> list[Case]:
    """Every case number in `text`, in printed order; at one position the first form of
    the seed wins. `upto`: only the forms of the seed up to this one (a form's matches
    depend on the forms before it only)."""
    out: list[Case] = []
    taken: list[tuple[int, int]] = []
    for form, pat in _forms_upto(upto):
        for m in pat.finditer(text):
            if not _year_ok(m) or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            pre = m.groupdict().get("prefix")
            if form == "prefixed_year_slash":
                shown = f"{pre.replace(' ', '')} {m.group('year')}/{m.group('num')}"
            else:
                shown = " ".join(m.group(0).split())
            out.append(Case(form, shown, pre.replace(" ", "") if pre else None, m.start(), m.end()))
    return sorted(out, key=lambda c: c.start)


@lru_cache(maxsize=None)
def _forms_upto(upto: str | None) -> tuple[tuple[str, re.Pattern], ...]:
    fs = forms()
    names = [f for f, _ in fs]
    return fs[:names.index(upto) + 1] if upto in names else fs


def normalise(case: Case, prefix: str | None) -> str:
    if case.form == "bare_year_slash" and prefix:
        return f"{prefix} {case.text}"
    return case.text


def first_case(text: str, prefix: str | None) -> str | None:
    found = find_cases(text)
    return normalise(found[0], prefix) if found else None


def document_prefix(lines: tuple[str, ...] | list[str]) -> str | None:
    """The prefix printed with the document's case numbers (`ABC` of `ABC 2030/12`),
    counted only where a case number stands as one: after a Dnr label, or as the last
    cell of a line (a column or a line of its own). None when the document prints none."""
    counts: dict[str, int] = {}
    for line in lines:
        if "/" not in line:
            continue
        lab = LABEL.match(line)
        if lab:
            scope = line[lab.end():]
        else:
            cell = _CELL.search(line.rstrip())
            scope = cell.group("cell") if cell else ""
        for c in find_cases(scope, upto="prefixed_year_slash"):   # the only form counted here
            if c.form == "prefixed_year_slash" and (lab or c.start == 0):
                counts[c.prefix] = counts.get(c.prefix, 0) + 1
    return max(counts, key=lambda p: (counts[p], p)) if counts else None
