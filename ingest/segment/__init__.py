"""Document text -> sections: the logical sub-documents of one file, nested.

`segment(doc)` returns depth-0 sections that tile the document in file order (every
non-blank line lies in exactly one of them; leftovers are `other`), plus depth-1
chapters (and depth-2 perspectives) inside reports, goal follow-ups and plans.

Everything is read from LAYOUT and generic Swedish document vocabulary (KALLELSE,
PROTOKOLL, `§§`, Tid:, Förslag till beslut, Delårsrapport, page footers such as
`<unit>, Delårsrapport 2 7(26)` ...). Names, dates and periods are read from the text.

How it works:
1. `starts.find_starts` scans the lines once and emits start events (kind, title,
   organisation, and for excerpts and letters an explicit last line).
2. `tiling.tile` walks the events in order, merges continuations (a protocol page whose
   header repeats, KALLELSE 2(2), the next page of a diarium print-out), fills the
   gaps after explicitly ended sections (an e-mail after an excerpt) and classifies
   those gaps by their page footers.
3. `reports.split_reports` starts a new report where a report's `Inledning` comes round
   again (two unit reports printed back to back without a title page).
4. `ingest.segment.chapters.children` adds the nested chapter sections.
"""
from __future__ import annotations

from ingest.document import Document, Section
from ingest.segment.chapters import children
from ingest.segment.finish import finish, inherit_call_body
from ingest.segment.kinds import REPORT_KINDS, SECTION_KINDS, section_id
from ingest.segment.lines import Lines
from ingest.segment.names import clean_organisation
from ingest.segment.reports import one_name_per_unit, split_reports
from ingest.segment.starts import find_starts
from ingest.segment.tiling import tile

__all__ = ["SECTION_KINDS", "REPORT_KINDS", "section_id", "segment"]


def segment(doc: Document) -> list[Section]:
    """Split a document into nested sections (depth 0 tiles the file)."""
    lines = doc.lines or tuple(doc.text.splitlines())
    L = Lines(lines)
    events = find_starts(L, doc)
    spans = tile(events, L)
    spans = split_reports(spans, L)
    top = inherit_call_body(finish(sp, L, doc) for sp in spans)
    out: list[Section] = []
    for sec in top:
        out.append(sec)
        out.extend(children(sec, L, doc))
    titled = {sec.section_id: clean_organisation(sp.ev.organisation) for sp, sec in zip(spans, top)
              if sec.section_kind in REPORT_KINDS}
    return one_name_per_unit(out, titled)
