"""Meeting calls and protocols in templates other than the bundled ones (no `Tid:` line,
no `Body §§ N-M` header) -> raw governance rows with provenance.

A call is read over its sections together (cover with the header, attendee list,
agenda): the header of the first section is the meeting of all of them. A protocol
section that the bundled parser did not read gets its header from the cover, its
attendance from the lines before the first paragraph and one decision row per `§`.
Attendance rows are only emitted with a meeting; without one a finding row (a meeting
header row with a parse issue) says why.
"""
from __future__ import annotations

from ingest.document import Section, SectionIndex
from ingest.extract.governance.attendance import parse_attendance
from ingest.extract.governance.header import MeetingHeader, read_header
from ingest.extract.governance.items import parse_items
from ingest.extract.governance.paragraphs import HEADING, GenericParagraph, parse_paragraphs
from ingest.extract.governance.text import norm
from ingest.extract.governance.votes import read_reservation, read_vote
from ingest.values import find_case_numbers

HEADER_WINDOW = 45   # lines of a cover page searched for the meeting header


def _sid(sections: SectionIndex, line: int | None) -> str | None:
    s = sections.at(line) if line else None
    return s.section_id if s else None


def _meeting_row(sections, h: MeetingHeader, kind: str, anchor: int) -> dict:
    line = h.date_line or anchor
    return {
        "section_id": _sid(sections, line), "source_line": line, "source_kind": kind,
        "body": h.body, "body_line": h.body_line, "meeting_date_text": h.date_text,
        "meeting_date": h.meeting_date, "start_time": h.start_time, "place": h.place,
        "paragraph_range_text": h.range_text, "paragraph_from": h.paragraph_from,
        "paragraph_to": h.paragraph_to, "parse_issue": "; ".join(h.issues) or None,
    }


def _attendee_rows(sections, h: MeetingHeader, people, out: dict) -> None:
    for a in people:
        out["governance_attendee"].append({
            "section_id": _sid(sections, a.line), "source_line": a.line, "body": h.body,
            "meeting_date_text": h.date_text, "meeting_date": h.meeting_date, "meeting_line": h.date_line,
            "list_label": a.list_label, "role": a.role or "other", "person_name": a.person_name,
            "party": a.party, "role_title": a.role_title, "is_vacant": a.is_vacant,
            "raw_text": a.raw_text, "presence": a.presence or "unknown",
            "parse_issue": None if a.role else "list label names no role; read as 'other'",
        })


def call_rows(lines: tuple[str, ...], sections: SectionIndex, secs: list[Section], prefix: str | None,
              out: dict) -> None:
    header: MeetingHeader | None = None
    for sec in secs:
        lo, hi = sec.line_start - 1, sec.line_end
        own = read_header(lines, lo, min(hi, lo + HEADER_WINDOW)) if sec.section_kind == "agenda" else None
        if own is not None and (header is None or own.date_text != header.date_text):
            header = own
            out["governance_meeting_header"].append(_meeting_row(sections, header, "agenda", sec.line_start))
        if header is None:
            if sec.section_kind == "attendee_list":
                _no_meeting(lines, sections, sec, out)
            continue
        if sec.section_kind == "attendee_list":
            _attendee_rows(sections, header, parse_attendance(lines, lo, hi, "called"), out)
            continue
        for it in parse_items(lines, lo, hi, prefix):
            out["governance_agenda_item"].append({
                "section_id": _sid(sections, it.line), "source_line": it.line, "body": header.body,
                "meeting_date_text": header.date_text, "meeting_date": header.meeting_date,
                "meeting_line": header.date_line, "item_number": it.item_number, "title": it.title,
                "group_heading": it.group, "case_number_text": it.case_text, "case_number": it.case_number,
                "case_line": it.case_line, "parse_issue": "; ".join(header.issues) or None,
            })
        # attendee lists printed on the cover, before any agenda heading
        if own is not None:
            first_item = next((k for k in range(lo, hi) if HEADING.match(lines[k]) or False), hi)
            _attendee_rows(sections, header, parse_attendance(lines, lo, min(hi, first_item), "called"), out)


def _no_meeting(lines, sections, sec: Section, out: dict) -> None:
    """A list without a readable meeting: its rows carry the issue; dbt keeps them out of
    fct_attendance and reports them in dq_finding."""
    before = len(out["governance_attendee"])
    _attendee_rows(sections, MeetingHeader(), parse_attendance(lines, sec.line_start - 1, sec.line_end, "called"), out)
    for row in out["governance_attendee"][before:]:
        row["parse_issue"] = "no meeting header (date) readable for this attendee list"


def protocol_rows(lines: tuple[str, ...], sections: SectionIndex, read_lines: set[int], prefix: str | None,
                  out: dict) -> None:
    for sec in sections.of_kind("protocol_excerpt"):
        if sec.depth != 0 or any(sec.line_start <= ln <= sec.line_end for ln in read_lines):
            continue
        lo, hi = sec.line_start - 1, sec.line_end
        first = next((k for k in range(lo, hi) if HEADING.match(lines[k]) and (k == lo or not lines[k - 1].strip())), hi)
        h = read_header(lines, lo, min(first, lo + 120))
        if h is None:
            continue
        out["governance_meeting_header"].append(_meeting_row(sections, h, "protocol", sec.line_start))
        _attendee_rows(sections, h, parse_attendance(lines, lo, first, "unknown"), out)
        furniture = {norm(lines[k]) for k in range(lo, min(first, lo + 8)) if lines[k].strip()}
        for p in parse_paragraphs(lines, lo, hi, prefix, furniture):
            _decision_row(lines, sections, sec, h, p, out)


def reservation_cols(blocks) -> dict:
    text, who = read_reservation(blocks)
    return {"reservation_text": text, "reserved_by": who}


def vote_rows(lines, sections, blocks, para_line: int, body, date_text, meeting_date, paragraph, out: dict) -> None:
    """The paragraph's vote (counts) and, where a voting list is printed, who voted how."""
    v = read_vote(blocks, lines)
    if v is None:
        return
    base = {"decision_line": para_line, "body": body, "meeting_date_text": date_text,
            "meeting_date": meeting_date, "paragraph": paragraph}
    out["governance_vote"].append({"section_id": _sid(sections, v.line), "source_line": v.line, **base,
                                   "yes_count": v.yes, "no_count": v.no, "abstain_count": v.abstain,
                                   "vote_text": v.text})
    for ln, name, party, how in v.casts:
        out["governance_vote_cast"].append({"section_id": _sid(sections, ln), "source_line": ln, **base,
                                            "person_name": name, "party": party, "vote": how})


def _decision_row(lines, sections, sec: Section, h: MeetingHeader, p: GenericParagraph, out: dict) -> None:
    dec = p.blocks.get("decision") or p.blocks.get("proposal") or []
    issues = list(h.issues) + p.issues
    if not p.blocks.get("decision"):
        issues.append("no decision block; the proposal is given")
    out["governance_decision"].append({
        "section_id": _sid(sections, p.line), "source_line": p.line, "header_line": sec.line_start,
        "body": h.body, "meeting_date_text": h.date_text, "meeting_date": h.meeting_date,
        "start_time": h.start_time, "place": h.place, "paragraph_range_text": h.range_text,
        "paragraph_from": h.paragraph_from, "paragraph_to": h.paragraph_to, "paragraph": p.paragraph,
        "title": p.title, "title_line": p.title_line, "case_number_text": p.case_text,
        "case_number": p.case_number, "case_line": p.case_line,
        "decision_lead": norm(dec[0][1]) if dec and dec[0][1].rstrip(":").endswith(("beslutar", "besluta")) else None,
        "decision_text": norm(" ".join(t for _, t in dec)) or None,
        "decision_line": dec[0][0] if dec else None,
        "basis_text": p.text("basis"), "sent_to": p.text("sent_to"), "pages_stated": None,
        "parse_issue": "; ".join(issues) or None, **reservation_cols(p.blocks),
    })
    vote_rows(lines, sections, p.blocks, p.line, h.body, h.date_text, h.meeting_date, p.paragraph, out)
    seen = set()
    if p.case_number:
        seen.add(("diarienummer", p.case_number))
        out["governance_case_reference"].append({
            "section_id": _sid(sections, p.case_line), "source_line": p.case_line, "decision_line": p.line,
            "case_number": p.case_number, "reference_kind": "diarienummer"})
    for block, kind in (("decision", "decision_text"), ("basis", "basis")):
        for ln, t in p.blocks.get(block) or []:
            for c in find_case_numbers(t, None):
                if (kind, c) not in seen and c != p.case_number:
                    seen.add((kind, c))
                    out["governance_case_reference"].append({
                        "section_id": _sid(sections, ln), "source_line": ln, "decision_line": p.line,
                        "case_number": c, "reference_kind": kind})
