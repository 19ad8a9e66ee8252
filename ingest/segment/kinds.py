"""The kinds of section the segmenter emits, and how a section is named."""
from __future__ import annotations

SECTION_KINDS = (
    "agenda", "attendee_list", "protocol_excerpt", "monthly_report", "interim_report",
    "annual_report", "plan_and_budget", "goal_follow_up", "official_letter", "register",
    "calendar", "other",
)
REPORT_KINDS = ("monthly_report", "interim_report", "annual_report")


def section_id(document_id: str, line_start: int, kind: str, depth: int) -> str:
    return f"{document_id}:{line_start}:{kind}:{depth}"
