"""Report units: a new report where `Inledning` comes round again, and one spelling per unit."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from ingest.document import Section
from ingest.segment.kinds import REPORT_KINDS
from ingest.segment.lines import Lines
from ingest.segment.names import name_key
from ingest.segment.markers import PERSPECTIVE, PERSPECTIVE_FIRST_WORD
from ingest.text.line_classes import classes_of
from ingest.segment.events import Event, Span
from ingest.segment.markers import INLEDNING

def one_name_per_unit(secs: list[Section], titled: dict[str, str | None]) -> list[Section]:
    """One spelling per unit within a document.

    A unit report names its unit twice, on its title page and in its page footers, and
    the two may differ (a long and a short form); the region report may also give the
    unit a chapter. Where a chapter heading matches either form, the chapter's spelling
    is used for all of them; otherwise the footer's (the running name)."""
    chapter_names: dict[str, str] = {}
    for sec in secs:
        if sec.depth == 1 and sec.organisation and sec.section_kind in REPORT_KINDS:
            chapter_names.setdefault(name_key(sec.organisation), sec.organisation)
    rename: dict[str, str] = {}
    for sec in secs:
        if sec.depth or sec.section_kind not in REPORT_KINDS:
            continue
        forms = [f for f in (titled.get(sec.section_id), sec.organisation) if f]
        canon = next((chapter_names[name_key(f)] for f in forms if name_key(f) in chapter_names), None)
        canon = canon or sec.organisation
        if canon:
            for f in forms:
                rename.setdefault(name_key(f), canon)
    if not rename:
        return secs
    return [replace(sec, organisation=rename.get(name_key(sec.organisation), sec.organisation))
            if sec.organisation and sec.section_kind in REPORT_KINDS else sec for sec in secs]


def _may_act(first_word: str) -> bool:
    """A line split_reports acts on starts with a perspective's first word or is INLEDNING (a
    word alone on its line)."""
    return INLEDNING.fullmatch(first_word) is not None or PERSPECTIVE_FIRST_WORD.fullmatch(first_word) is not None


def split_reports(spans: list[Span], L: Lines) -> list[Span]:
    out: list[Span] = []
    s = L.s
    cands = None   # the lines the walk below acts on, found when a report is first met
    for sp in spans:
        if sp.ev.kind not in REPORT_KINDS:
            out.append(sp)
            continue
        cur = sp
        seen_perspective = False
        orig_end = sp.end
        if cands is None:
            cands = [n - 1 for n in classes_of(L.raw).word_lines("first_word", _may_act, "report_split")]
        for j in cands[bisect_left(cands, sp.start):bisect_right(cands, orig_end)]:
            t = s[j]
            if PERSPECTIVE.match(t):
                seen_perspective = True
            elif seen_perspective and INLEDNING.match(t) and j - cur.start > 30:
                cur.end = j - 1
                out.append(cur)
                cur = Span(j, orig_end, Event(j, sp.ev.kind, title=None), sp.ended)
                seen_perspective = False
        out.append(cur)
    return out
