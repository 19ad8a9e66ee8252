"""Extractor for the governance domain: meetings, agenda items, attendees, protocol
paragraphs (decisions), the case numbers they cite, and register entries.

The parsing lives in small modules (agenda, attendees,
protocol, register); this module only wires them to a document
and turns their records into raw rows with provenance. Keys (meeting_id, decision_id)
are built in dbt from region + body + date (+ §), so they stay deterministic.
"""
from __future__ import annotations

import polars as pl

from ingest.document import Document, SectionIndex
from ingest.extract.governance.agenda import item_case_number, parse_agenda
from ingest.extract.governance.attendees import parse_attendees
from ingest.extract.governance.protocol import (
    block_text, case_numbers, decision_lead, parse_protocols,
)
from ingest.extract.governance.register import parse_registers
from ingest.extract.governance.cases import document_prefix as prefix_of
from ingest.extract.governance.cases import first_case
from ingest.extract.governance.templates import call_rows, protocol_rows, reservation_cols, vote_rows
from ingest.values import normalise_case_number

_S, _I, _D, _B = pl.Utf8, pl.Int32, pl.Date, pl.Boolean

TABLES: dict[str, dict[str, pl.DataType]] = {
    "governance_meeting_header": {
        "section_id": _S, "source_line": _I, "source_kind": _S, "body": _S, "body_line": _I,
        "meeting_date_text": _S, "meeting_date": _D, "start_time": _S, "place": _S,
        "paragraph_range_text": _S, "paragraph_from": _I, "paragraph_to": _I, "parse_issue": _S,
    },
    "governance_agenda_item": {
        "section_id": _S, "source_line": _I, "body": _S, "meeting_date_text": _S, "meeting_date": _D,
        "meeting_line": _I, "item_number": _I, "title": _S, "group_heading": _S,
        "case_number_text": _S, "case_number": _S, "case_line": _I, "parse_issue": _S,
    },
    "governance_attendee": {
        "section_id": _S, "source_line": _I, "body": _S, "meeting_date_text": _S, "meeting_date": _D,
        "meeting_line": _I, "list_label": _S, "role": _S, "person_name": _S, "party": _S,
        "role_title": _S, "is_vacant": _B, "raw_text": _S, "presence": _S, "parse_issue": _S,
    },
    "governance_decision": {
        "section_id": _S, "source_line": _I, "header_line": _I, "body": _S,
        "meeting_date_text": _S, "meeting_date": _D, "start_time": _S, "place": _S,
        "paragraph_range_text": _S, "paragraph_from": _I, "paragraph_to": _I, "paragraph": _I,
        "title": _S, "title_line": _I, "case_number_text": _S, "case_number": _S, "case_line": _I,
        "decision_lead": _S, "decision_text": _S, "decision_line": _I, "basis_text": _S,
        "sent_to": _S, "pages_stated": _I, "reservation_text": _S, "reserved_by": _S, "parse_issue": _S,
    },
    "governance_vote": {
        "section_id": _S, "source_line": _I, "decision_line": _I, "body": _S, "meeting_date_text": _S,
        "meeting_date": _D, "paragraph": _I, "yes_count": _I, "no_count": _I, "abstain_count": _I, "vote_text": _S,
    },
    "governance_vote_cast": {
        "section_id": _S, "source_line": _I, "decision_line": _I, "body": _S, "meeting_date_text": _S,
        "meeting_date": _D, "paragraph": _I, "person_name": _S, "party": _S, "vote": _S,
    },
    "governance_case_reference": {
        "section_id": _S, "source_line": _I, "decision_line": _I, "case_number": _S, "reference_kind": _S,
    },
    "governance_register_entry": {
        "section_id": _S, "source_line": _I, "register_kind": _S, "register_title": _S,
        "register_date": _D, "entry_ref": _S, "entry_date_text": _S, "entry_date": _D,
        "direction": _S, "title": _S, "counterpart": _S, "case_number_text": _S, "case_number": _S,
        "document_type": _S, "decided_by": _S, "category": _S, "parse_issue": _S,
    },
}


def _sid(sections: SectionIndex, line: int | None) -> str | None:
    s = sections.at(line) if line else None
    return s.section_id if s else None


def _issues(*lists: list[str]) -> str | None:
    out = [x for lst in lists for x in lst]
    return "; ".join(out) if out else None


def extract(doc: Document, sections: SectionIndex) -> dict[str, list[dict]]:
    lines = doc.lines or tuple(doc.text.splitlines())
    # the prefix printed with case numbers, not a capitalised word of a title (`… FS 2030/94`)
    prefix = prefix_of(lines)
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    meetings = out["governance_meeting_header"]

    # --- meeting calls and their attendee lists, in file order -------------------------
    last_agenda = None
    other = []      # sections of calls in other templates (no `Tid:` line), read together
    for sec in sorted(sections.of_kind("agenda", "attendee_list"), key=lambda s: s.line_start):
        if sec.depth != 0 and sec.section_kind == "agenda" and any(
                a.section_kind == "agenda" for a in sections.ancestors(sec)):
            continue
        if sec.section_kind == "agenda":
            ag = parse_agenda(lines, sec.line_start, sec.line_end, prefix)
            if ag is None:
                other.append(sec)
                last_agenda = None
                continue
            last_agenda = ag
            meetings.append({
                "section_id": _sid(sections, ag.tid_line), "source_line": ag.tid_line, "source_kind": "agenda",
                "body": ag.body, "body_line": ag.body_line, "meeting_date_text": ag.tid.date_text,
                "meeting_date": ag.tid.meeting_date, "start_time": ag.tid.start_time, "place": ag.place,
                "parse_issue": _issues(ag.issues),
            })
            for it in ag.items:
                out["governance_agenda_item"].append({
                    "section_id": _sid(sections, it.line), "source_line": it.line, "body": ag.body,
                    "meeting_date_text": ag.tid.date_text, "meeting_date": ag.tid.meeting_date,
                    "meeting_line": ag.tid_line, "item_number": it.item_number, "title": it.title,
                    "group_heading": it.group, "case_number_text": it.case_text,
                    "case_number": item_case_number(it, prefix), "case_line": it.case_line,
                    "parse_issue": _issues(ag.issues),
                })
        elif other and last_agenda is None:
            other.append(sec)
        else:
            ag = last_agenda
            for a in parse_attendees(lines, sec.line_start, sec.line_end):
                out["governance_attendee"].append({
                    "section_id": _sid(sections, a.line), "source_line": a.line,
                    "body": ag.body if ag else None,
                    "meeting_date_text": ag.tid.date_text if ag else None,
                    "meeting_date": ag.tid.meeting_date if ag else None,
                    "meeting_line": ag.tid_line if ag else None,
                    "list_label": a.list_label, "role": a.role, "person_name": a.person_name,
                    "party": a.party, "role_title": a.role_title, "is_vacant": a.is_vacant,
                    "raw_text": a.raw_text, "presence": "called",
                    "parse_issue": _issues([a.issue] if a.issue else [],
                                           [] if ag else ["no meeting call precedes this list"]),
                })

    call_rows(lines, sections, other, prefix, out)

    # --- protocol excerpts -----------------------------------------------------------
    seen_headers: set[int] = set()
    bundled = parse_protocols(lines)
    protocol_rows(lines, sections, {p.line for p in bundled}, prefix, out)
    for p in bundled:
        h = p.header
        if h.line not in seen_headers:
            seen_headers.add(h.line)
            meetings.append({
                "section_id": _sid(sections, h.tid_line), "source_line": h.tid_line,
                "source_kind": "protocol", "body": h.body, "body_line": h.line,
                "meeting_date_text": h.tid.date_text, "meeting_date": h.tid.meeting_date,
                "start_time": h.tid.start_time, "place": h.place, "paragraph_range_text": h.range_text,
                "paragraph_from": h.paragraph_from, "paragraph_to": h.paragraph_to,
                "parse_issue": _issues(h.issues),
            })
        dec_rows = p.blocks.get("decision") or []
        out["governance_decision"].append({
            "section_id": _sid(sections, p.line), "source_line": p.line, "header_line": h.line,
            "body": h.body, "meeting_date_text": h.tid.date_text, "meeting_date": h.tid.meeting_date,
            "start_time": h.tid.start_time, "place": h.place, "paragraph_range_text": h.range_text,
            "paragraph_from": h.paragraph_from, "paragraph_to": h.paragraph_to, "paragraph": p.paragraph,
            "title": p.title, "title_line": p.title_line, "case_number_text": p.case_text,
            "case_number": (normalise_case_number(p.case_text, prefix) or first_case(p.case_text, prefix))
            if p.case_text else None,
            "case_line": p.case_line, "decision_lead": decision_lead(p),
            "decision_text": block_text(p, "decision"),
            "decision_line": dec_rows[0][0] if dec_rows else None,
            "basis_text": block_text(p, "basis"), "sent_to": block_text(p, "sent_to"),
            "pages_stated": p.pages_stated, "parse_issue": _issues(h.issues, p.issues),
            **reservation_cols(p.blocks),
        })
        vote_rows(lines, sections, p.blocks, p.line, h.body, h.tid.date_text, h.tid.meeting_date, p.paragraph, out)
        for ln, case, kind in case_numbers(p, prefix):
            out["governance_case_reference"].append({
                "section_id": _sid(sections, ln), "source_line": ln, "decision_line": p.line,
                "case_number": case, "reference_kind": kind,
            })

    # --- registers (delegation decisions, diarium print-outs, information lists) -------
    for sec in sections.of_kind("register"):
        for r in parse_registers(lines, sec.line_start, sec.line_end, prefix):
            r["section_id"] = _sid(sections, r["source_line"])
            out["governance_register_entry"].append(r)
    return out
