"""Spans to depth-0 Sections: trimmed to their non-blank lines, organisation, period and title."""
from __future__ import annotations

from dataclasses import replace

from ingest.document import Document, Section
from ingest.text.page_furniture import FOOTER, kind_of_footer
from ingest.segment.kinds import REPORT_KINDS, section_id
from ingest.segment.lines import Lines
from ingest.segment.names import clean_organisation, strip_links
from ingest.text.periods import period_of_span
from ingest.segment.calendar import calendar_year
from ingest.segment.events import Span

def inherit_call_body(secs) -> list[Section]:
    """An attendee list names no body: it is the call's (the agenda just before it)."""
    out: list[Section] = []
    for sec in secs:
        if sec.section_kind == "attendee_list" and sec.organisation is None and out \
                and out[-1].section_kind == "agenda":
            sec = replace(sec, organisation=out[-1].organisation)
        out.append(sec)
    return out


def finish(sp: Span, L: Lines, doc: Document) -> Section:
    ev = sp.ev
    s = L.s
    start = L.next_nb(sp.start - 1, sp.end + 1)
    end = L.last_nb(sp.start, sp.end)
    start = sp.start if start is None else start
    end = sp.end if end is None else end
    kind = ev.kind
    org = clean_organisation(ev.organisation)
    period = ev.period
    title = strip_links(ev.title)
    if kind in REPORT_KINDS:
        f_org, f_kind = _footer_in(L, start, end)
        f_org = clean_organisation(f_org)
        if f_org:
            org = f_org
        if f_kind and kind != "monthly_report" and ev.title is None:
            kind = f_kind
        if period is None:
            period = period_of_span(L.s, start, min(end, start + 250), kind)
        if title is None:
            title = strip_links(s[start])
    elif kind == "calendar":
        period = calendar_year(L, start, end, doc)
    if title is None and kind == "other":
        title = strip_links(s[start])
    return Section(
        section_id=section_id(doc.document_id, start + 1, kind, 0),
        document_id=doc.document_id,
        section_kind=kind,
        title=title.strip() if title else None,
        line_start=start + 1,
        line_end=end + 1,
        region=doc.region,
        organisation=org,
        report_period=period,
        parent_section_id=None,
        depth=0,
    )


def _footer_in(L: Lines, a: int, b: int) -> tuple[str | None, str | None]:
    for j in range(a, b + 1):
        t = L.s[j]
        if t and t[-1] == ")":
            m = FOOTER.match(t)
            if m:
                return m.group("org").strip(), kind_of_footer(m.group("rep"))
    return None, None
