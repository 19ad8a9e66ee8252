"""Activities listed with a status mark, in layouts other than the `Aktiviteter | Analys`
table:

    1.1  Title of the assignment                         PÅGÅR     numbered, the mark at
         Ansvarig: Nämnden                                         the line end, alone on
         EJ PÅBÖRJAD / Status: FÖRSENAD / prose                    a line, after Status:
                                                                   or only in the prose
    Åtgärd                                   Status                a status column
    Title                                    Genomförd             (aligned or tabs)
    Aktivitet / Ansvarig / Status / Kommentar                      a table flattened to
    Title / Owner / Gul / Comment                                  one cell per line

Column heads come from seeds/activities_table_columns.csv, marks from the `=` rows of
the status lexicon (colours through the document's legend). Numbered lists count only
in a document where at least two numbered lines carry a mark, so a numbered agenda or
chapter list is never read as activities. A numbered line with nothing under it and no
mark is a heading (a goal), not an activity.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.activities.context import ACTIVITY_HEADER
from ingest.extract.activities.marks import Mark, cell_status, line_mark
from ingest.extract.activities.status import classify
from ingest.text.line_classes import classes_of
from ingest.text.seeds import column_kinds

_NUM = re.compile(r"^(?P<ind>\s*)(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<rest>[A-ZÅÄÖÉ].*?)\s*$")
_GAP = re.compile(r"\t+|\s{2,}")
_OWNER = re.compile(r"^\s*(?:Ansvarig|Ansvar|Ansvarig nämnd)\s*:", re.I)


@dataclass
class Listed:
    line: int                     # 1-based line where the name starts
    name: str
    name_end: int
    layout: str                   # numbered_list / status_column / cell_table
    header_line: int | None = None
    analysis: str | None = None
    analysis_line: int | None = None
    mark: Mark | None = None
    mark_line: int | None = None
    goal: str | None = None


@lru_cache(maxsize=1)
def columns() -> dict[str, str]:
    return column_kinds("activities_table_columns")


def _col(cell: str) -> str | None:
    if len(cell) > 40:      # a column head is a word or two
        return None
    return columns().get(cell.strip().rstrip(":").lower())


def _head_candidates(lines: tuple[str, ...]) -> list[int]:
    """0-based indexes of the lines that may be a column head (_col): the head's first word
    is the line's first word, lowered, or with a colon stripped when it is the only word
    (lower() neither makes nor removes white space)."""
    keys = columns()
    firsts = {k.split()[0] for k in keys if k.split()}
    if any(not k.split() for k in keys):   # a blank head would match blank lines: test them all
        return list(range(len(lines)))

    def may_head(word: str) -> bool:
        return word.lower() in firsts or word.rstrip(":").lower() in firsts

    return [n - 1 for n in classes_of(lines).word_lines("first_word", may_head, "activity_column_head")]


def listed_activities(lines: tuple[str, ...], legend: dict[str, str]) -> list[Listed]:
    out = _numbered(lines, legend)
    taken = {x.line for x in out}
    for found in (_status_columns(lines, legend), _cell_tables(lines, legend)):
        out.extend(x for x in found if x.line not in taken)
        taken.update(x.line for x in found)
    return sorted(out, key=lambda x: x.line)


# --- numbered lists --------------------------------------------------------------------
def _numbered(lines: tuple[str, ...], legend: dict[str, str]) -> list[Listed]:
    found: list[Listed] = []
    marked = 0
    goal: str | None = None
    n = len(lines)
    # an item starts with its number: only lines starting with a digit (found once per document)
    cands = classes_of(lines).digit_first_lines()
    i = 0
    while i < n:
        k = bisect_left(cands, i + 1)
        if k == len(cands):
            break
        i = cands[k] - 1
        m = _NUM.match(lines[i])
        if not m or ACTIVITY_HEADER.match(lines[i]):
            i += 1
            continue
        ind = len(m.group("ind"))
        head = m.group("rest")
        lm = line_mark(head, legend)
        item = Listed(i + 1, head, i + 1, "numbered_list", goal=goal)
        if lm and lm[0]:
            item.name, item.mark, item.mark_line = lm[0], lm[1], i + 1
        j = i + 1
        prose: list[tuple[int, str]] = []
        while j < n and lines[j].strip() and not _NUM.match(lines[j]):
            t = lines[j]
            lm2 = line_mark(t, legend)
            if lm2 and not lm2[0] and item.mark is None:
                item.mark, item.mark_line = lm2[1], j + 1
            elif _OWNER.match(t):
                pass
            elif not prose and item.mark is None and t.strip()[:1].islower() and len(t) - len(t.lstrip()) > ind:
                item.name, item.name_end = f"{item.name} {t.strip()}", j + 1
            else:
                prose.append((j + 1, t.strip()))
            j += 1
        if prose:
            item.analysis, item.analysis_line = " ".join(t for _, t in prose), prose[0][0]
        if item.mark is None and not prose and j == i + 1:
            goal = head           # a heading: the activities below serve it
        else:
            found.append(item)
            marked += item.mark is not None
        i = j
    return found if marked >= 2 else []


# --- status columns (aligned or tab-separated) ------------------------------------------
def _status_columns(lines: tuple[str, ...], legend: dict[str, str]) -> list[Listed]:
    out: list[Listed] = []
    n = len(lines)
    for i, raw in enumerate(lines):
        if "tatus" not in raw or ACTIVITY_HEADER.match(raw):
            continue
        cells = [(m.start(), m.group(0).strip()) for m in re.finditer(r"\S+(?: \S+)*", raw)]
        kinds = [_col(c) for _, c in cells]
        if len(cells) < 2 or "status" not in kinds or kinds[0] != "name":
            continue
        st_idx = kinds.index("status")
        st_pos = cells[st_idx][0]
        comment_idx = kinds.index("comment") if "comment" in kinds else None
        j = i + 1
        while j < n and lines[j].strip():
            row = lines[j]
            rc = [(m.start(), m.group(0).strip()) for m in re.finditer(r"\S+(?: \S+)*", row.replace("\t", "  "))]
            if "\t" in row:
                rc = [(k, c.strip()) for k, c in enumerate(row.split("\t"))]
                cell = rc[st_idx][1] if st_idx < len(rc) else None
            else:
                cell = next((c for p, c in rc[1:] if p >= st_pos - 4), None)
            mk = cell_status(cell, legend) if cell else None
            if rc and mk is not None:
                item = Listed(j + 1, rc[0][1], j + 1, "status_column", header_line=i + 1, mark=mk, mark_line=j + 1)
                if comment_idx is not None and comment_idx < len(rc):
                    item.analysis, item.analysis_line = rc[comment_idx][1], j + 1
                out.append(item)
            elif out and out[-1].header_line == i + 1 and rc and rc[0][1][:1].islower():
                out[-1].name, out[-1].name_end = f"{out[-1].name} {rc[0][1]}", j + 1
            j += 1
    return out


# --- tables flattened to one cell per line -----------------------------------------------
def _cell_tables(lines: tuple[str, ...], legend: dict[str, str]) -> list[Listed]:
    out: list[Listed] = []
    n = len(lines)
    # only a run of at least three head cells can open a table: look at those lines only
    cands = _head_candidates(lines)
    heads = {k for k in cands if len(lines[k]) <= 40 and _col(lines[k]) is not None}
    starts = [k for k in cands if k < n - 2 and k in heads and k + 1 in heads and k + 2 in heads]
    i = 0
    for start in starts:
        if start < i:
            continue
        i = start
        kinds: list[str] = []
        j = i
        while j < n and lines[j].strip() and _col(lines[j]) and not _GAP.search(lines[j].strip()):
            kinds.append(_col(lines[j]))
            j += 1
        while kinds.count("name") > 1:   # a heading ('Aktiviteter') just above the head row
            kinds.pop(0)
            i += 1
        if len(kinds) < 3 or kinds[0] != "name" or "status" not in kinds:
            i = max(j, i + 1)
            continue   # next candidate start
        width = len(kinds)
        header = i + 1
        while j + width <= n and all(lines[k].strip() for k in range(j, j + width)):
            cells = [lines[k].strip() for k in range(j, j + width)]
            st = kinds.index("status")
            mk = cell_status(cells[st], legend)
            if mk is None:
                break
            item = Listed(j + 1, cells[0], j + 1, "cell_table", header_line=header, mark=mk, mark_line=j + st + 1)
            if "comment" in kinds:
                c = kinds.index("comment")
                item.analysis, item.analysis_line = cells[c], j + c + 1
            out.append(item)
            j += width
        i = j
    return out


def status_of(item: Listed):
    """(status, evidence, phrase, source, evidence line, sentence) of a listed activity:
    its mark, else the prose under it."""
    if item.mark is not None:
        return item.mark.status, item.mark.printed, item.mark.phrase, item.mark.source, item.mark_line, None
    r = classify(item.analysis)
    if r.status == "unknown":
        return "unknown", None, None, None, None, None
    return r.status, r.evidence, r.phrase, "analysis", item.analysis_line, r.sentence
