"""Extractor for the activities domain: every activity of an `Aktiviteter / Analys` table
and every goal of a numbered goal tree, with its place in the goal hierarchy, its
organisation and a status read from its prose.

Raw tables:
- `activity_goal`: one row per printed goal heading: a hierarchy label above activity
  tables (`Strategiska mål:`, `Uppdrag/mål:` …) or a numbered goal (`1.1.2.3 …`) with its
  narrative and status. `parent_line` points at the parent heading's line.
- `activity_item`: one row per printed activity with its analysis and status; `goal_line`
  points at the heading of the goal it serves.
Deduplication of chapters printed twice happens in dbt (int_activities_deduplicated).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import polars as pl

from ingest.document import Document, Section, SectionIndex
from ingest.extract.activities.context import (
    ACTIVITY_HEADER,
    PERSPECTIVE_MAX_CHARS,
    Label,
    may_name_perspective,
    perspective_of,
    read_label,
)
from ingest.extract.activities.goals import parse_goal_tree
from ingest.extract.activities.listings import listed_activities, status_of
from ingest.extract.activities.marks import activity_legend
from ingest.extract.activities.status import StatusResult, classify, classify_item, load_lexicon
from ingest.extract.activities.tables import (
    ActivityRecord,
    Widths,
    estimate_widths,
    parse_aligned_table,
    parse_tsv_table,
    table_blocks,
)
from ingest.text.line_classes import classes_of
from ingest.text.page_furniture import FOOTER_TAIL

_STATUS_COLS: dict[str, pl.DataType] = {
    "status": pl.Utf8, "status_evidence": pl.Utf8, "status_evidence_line": pl.Int32,
    "status_sentence": pl.Utf8, "status_phrase": pl.Utf8, "status_source": pl.Utf8,
    "hedged": pl.Boolean, "negated_phrases": pl.Utf8,
}
TABLES: dict[str, dict[str, pl.DataType]] = {
    "activity_goal": {
        "section_id": pl.Utf8, "source_line": pl.Int32, "end_line": pl.Int32, "goal_kind": pl.Utf8,
        "goal_label": pl.Utf8, "goal_level": pl.Int32, "goal_number": pl.Utf8, "goal_title": pl.Utf8,
        "parent_line": pl.Int32, "perspective": pl.Utf8, "organisation": pl.Utf8, "report_period": pl.Utf8,
        "narrative": pl.Utf8, "narrative_line": pl.Int32, **_STATUS_COLS,
    },
    "activity_item": {
        "section_id": pl.Utf8, "source_line": pl.Int32, "name_line_end": pl.Int32, "header_line": pl.Int32,
        "activity": pl.Utf8, "analysis": pl.Utf8, "analysis_line": pl.Int32, "goal_line": pl.Int32,
        "perspective": pl.Utf8, "organisation": pl.Utf8, "report_period": pl.Utf8, "layout": pl.Utf8,
        "name_glued": pl.Boolean, "continued_after_page_break": pl.Boolean, **_STATUS_COLS,
    },
}


def extract(doc: Document, sections: SectionIndex) -> dict[str, list[dict]]:
    goals: list[dict] = []
    items: list[dict] = []
    for sec in sections:
        if sec.depth == 0 and sec.section_kind == "goal_follow_up":
            goals.extend(_goal_tree_rows(doc, sections, sec))
    if any("Aktiviteter" in t and ACTIVITY_HEADER.match(t) for t in doc.lines):   # the header's word first
        g, it = _activity_rows(doc, sections)
        goals.extend(g)
        items.extend(it)
    taken = {r["source_line"] for r in items}
    items.extend(r for r in _listed_rows(doc, sections) if r["source_line"] not in taken)
    return {"activity_goal": goals, "activity_item": items}


def _listed_rows(doc: Document, sections: SectionIndex) -> list[dict]:
    """Activities listed with a status mark (numbered lists, status columns, one cell per
    line tables), see listings.py."""
    rows = []
    for it in listed_activities(doc.lines, activity_legend(doc.lines)):
        status, evidence, phrase, source, ev_line, sentence = status_of(it)
        if evidence and sentence is None and ev_line:
            sentence = doc.lines[ev_line - 1].strip()   # a mark's sentence is its printed line
        rows.append({
            **_base(sections, it.line),
            "source_line": it.line, "name_line_end": it.name_end, "header_line": it.header_line,
            "activity": it.name, "analysis": it.analysis, "analysis_line": it.analysis_line,
            "goal_line": None, "perspective": None, "layout": it.layout, "name_glued": False,
            "continued_after_page_break": False, "status": status, "status_evidence": evidence,
            "status_evidence_line": ev_line, "status_sentence": sentence, "status_phrase": phrase,
            "status_source": source, "hedged": False, "negated_phrases": None,
        })
    return rows


# --- helpers ---------------------------------------------------------------------

def _period(sections: SectionIndex, s: Section | None) -> str | None:
    while s is not None:
        if s.report_period:
            return s.report_period
        s = sections.get(s.parent_section_id) if s.parent_section_id else None
    return None


def _chapter(sections: SectionIndex, line: int) -> str | None:
    """The depth-0/1 section holding the line: context labels do not carry across it."""
    s = sections.at(line)
    while s is not None and s.depth > 1 and s.parent_section_id:
        s = sections.get(s.parent_section_id)
    return s.section_id if s else None


def _evidence_line(parts: list[tuple[int, str]], r: StatusResult) -> int | None:
    if not r.evidence:
        return None
    ev = r.evidence.lower()
    for line, text in parts:
        if ev in text.lower():
            return line
    head = ev.split()[0]
    for line, text in parts:
        if text.lower().rstrip().endswith(head) or head in text.lower().split():
            return line
    return parts[0][0] if parts else None


def _status_cols(r: StatusResult, source: str | None, parts: list[tuple[int, str]]) -> dict:
    return {
        "status": r.status, "status_evidence": r.evidence, "status_evidence_line": _evidence_line(parts, r),
        "status_sentence": r.sentence, "status_phrase": r.phrase, "status_source": source,
        "hedged": r.hedged, "negated_phrases": " | ".join(r.negated) or None,
    }




def _base(sections: SectionIndex, line: int) -> dict:
    s = sections.at(line)
    org = sections.organisation_at(line)
    # a page footer read as the organisation keeps its unit name and loses the page number
    org = FOOTER_TAIL.sub("", org).strip() or None if org else None
    return {"section_id": s.section_id if s else None, "organisation": org, "report_period": _period(sections, s)}


# --- numbered goal trees -----------------------------------------------------------

def _goal_tree_rows(doc: Document, sections: SectionIndex, sec: Section) -> list[dict]:
    lex = load_lexicon()
    tree = parse_goal_tree(doc.lines, sec.line_start, sec.line_end)
    by_num = {g.number: g for g in tree}
    rows = []
    for g in tree:
        r = classify(g.narrative, lex)
        parent = by_num.get(g.parent) if g.parent else None
        rows.append({
            **_base(sections, g.line),
            "source_line": g.line, "end_line": (g.title_parts[-1][0] if g.title_parts else g.line),
            "goal_kind": "numbered_goal", "goal_label": None, "goal_level": g.level, "goal_number": g.number,
            "goal_title": g.title, "parent_line": parent.line if parent else None, "perspective": None,
            "narrative": g.narrative, "narrative_line": g.narrative_parts[0][0] if g.narrative_parts else None,
            **_status_cols(r, "narrative" if r.status != "unknown" else None, g.narrative_parts),
        })
    return rows


# --- activity tables ---------------------------------------------------------------

class _CachedIndex:
    """SectionIndex with `at` and `organisation_at` memoised per line (called for every row)."""

    def __init__(self, index: SectionIndex) -> None:
        self._ix = index
        self._at: dict[int, Section | None] = {}
        self._org: dict[int, str | None] = {}

    def __iter__(self):
        return iter(self._ix)

    def get(self, section_id: str) -> Section:
        return self._ix.get(section_id)

    def at(self, line: int) -> Section | None:
        if line not in self._at:
            self._at[line] = self._ix.at(line)
        return self._at[line]

    def organisation_at(self, line: int) -> str | None:
        if line not in self._org:
            self._org[line] = self._ix.organisation_at(line)
        return self._org[line]


class _Context:
    """Open hierarchy labels and the perspective at the current line."""

    def __init__(self) -> None:
        self.perspective: str | None = None
        self.stack: list[Label] = []
        self.chapter: str | None = None

    def reset(self, chapter: str | None) -> None:
        self.perspective, self.stack, self.chapter = None, [], chapter

    def push(self, lab: Label) -> Label | None:
        self.stack = [x for x in self.stack if x.level < lab.level]
        parent = self.stack[-1] if self.stack else None
        self.stack.append(lab)
        return parent

    @property
    def goal(self) -> Label | None:
        return self.stack[-1] if self.stack else None


def _activity_rows(doc: Document, sections: SectionIndex) -> tuple[list[dict], list[dict]]:
    lines = doc.lines
    sections = _CachedIndex(sections)
    ctx = _Context()
    goal_rows: list[dict] = []
    pending: list[tuple[str | None, int, object, str | None, Label | None]] = []  # report, header, payload, persp, goal
    aligned_by_report: dict[str | None, list] = {}
    starts = {s.line_start - 1 for s in sections}
    sorted_starts = sorted(starts)
    # only these lines can start a chapter, label, perspective or table; the loop steps
    # from one to the next instead of testing every line
    cands = _candidate_lines(lines, starts)
    i, n = 0, len(lines)
    while i < n:
        k = bisect_left(cands, i)
        if k == len(cands):
            break
        i = cands[k]
        t = lines[i]
        is_header = bool(ACTIVITY_HEADER.match(t))
        lab = None if is_header else read_label(lines, i)
        persp = None if (is_header or lab) else perspective_of(t)
        if i in starts or lab or persp or is_header:
            chapter = _chapter(sections, i + 1)
            if chapter != ctx.chapter:
                ctx.reset(chapter)
        if lab:
            parent = ctx.push(lab)
            goal_rows.append({
                **_base(sections, lab.line),
                "source_line": lab.line, "end_line": lab.end_line, "goal_kind": lab.kind, "goal_label": lab.label,
                "goal_level": lab.level, "goal_number": None, "goal_title": lab.text,
                "parent_line": parent.line if parent else None, "perspective": ctx.perspective,
                "narrative": None, "narrative_line": None, **{k: None for k in _STATUS_COLS},
            })
            i = lab.end_line
            continue
        if persp:
            ctx.perspective, ctx.stack = persp, []
            i += 1
            continue
        if is_header:
            top = sections.at(i + 1)
            while top is not None and top.parent_section_id:
                top = sections.get(top.parent_section_id)
            report = top.section_id if top else None
            stop = _next_start(sorted_starts, i, n)
            if "\t" in t:
                recs, j = parse_tsv_table(lines, i, stop)
                pending.append((report, i + 1, recs, ctx.perspective, ctx.goal))
            else:
                blocks, j = table_blocks(lines, i, stop)
                pending.append((report, i + 1, blocks, ctx.perspective, ctx.goal))
                aligned_by_report.setdefault(report, []).append(blocks)
            i = max(j, i + 1)
            continue
        i += 1
    widths = {rep: estimate_widths(tables) for rep, tables in aligned_by_report.items()}
    lex = load_lexicon()
    items: list[dict] = []
    for report, header, payload, persp, goal in pending:
        if payload and isinstance(payload[0], ActivityRecord):
            recs = payload
        else:
            recs = parse_aligned_table(payload, widths.get(report) or Widths(45, 80), header)
        for rec in recs:
            items.append(_item_row(sections, rec, persp, goal, lex))
    return goal_rows, items


def _candidate_lines(lines, starts: set[int]) -> list[int]:
    """0-based indexes of the lines _activity_rows acts on: chapter starts, and non-blank
    lines that may be a label (it has a colon), a perspective heading (a colon, or a name's
    first word and no longer than the longest name) or an activity table header."""
    c = classes_of(lines)
    named = set(c.word_lines("first_word", may_name_perspective, "perspective_first"))   # 1-based
    return [i for i, s in enumerate(c.stripped)
            if s and (i in starts or ":" in s or "Aktiviteter" in s
                      or len(s) <= PERSPECTIVE_MAX_CHARS and i + 1 in named)]


def _next_start(starts: list[int], i: int, n: int) -> int:
    """The index of the next chapter start after i (tables never run into a new chapter);
    `starts` sorted."""
    k = bisect_right(starts, i)
    return starts[k] if k < len(starts) else n


def _item_row(sections: SectionIndex, rec: ActivityRecord, persp: str | None, goal: Label | None, lex) -> dict:
    name, analysis = rec.name, rec.analysis
    r, source = classify_item(analysis, name, lex)
    parts = rec.analysis_parts if source == "analysis" else rec.name_parts
    return {
        **_base(sections, rec.line),
        "source_line": rec.line, "name_line_end": rec.name_parts[-1][0] if rec.name_parts else None,
        "header_line": rec.header_line, "activity": name or None, "analysis": analysis or None,
        "analysis_line": rec.analysis_line, "goal_line": goal.line if goal else None, "perspective": persp,
        "layout": rec.layout, "name_glued": rec.glued, "continued_after_page_break": rec.continued,
        **_status_cols(r, source, parts),
    }
