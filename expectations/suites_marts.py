"""Suites on the contract marts (contract/contract.yml), two per mart:

* `<mart>_contract` (blocking): the contract's columns and types, keys not NULL and
  unique, provenance present, enum columns inside their enum. A failure means the
  public interface is broken, so the build must not publish.
* `<mart>_plausibility` (warning): shares in [0, 100] (and percent values that may
  also be changes within [-100, 1000]), dates near their document's year, no
  duplicate facts on the table's grain, case number formats. These can be extraction
  slips or genuine oddities of the documents (findings are not failures), so they are
  recorded and shown, never blocking.

Every check passes on an empty table: how many rows a document must yield is dbt's job
(dbt_project/tests/quality_expected_facts_per_document.sql).
EXTENSION_SUITES add optional warning suites on marts beyond the contract that hold
true shares (e.g. fct_indicator_summary.share_pct).
"""
from __future__ import annotations

from expectations.spec import (
    Between, DateBetween, InSet, IsNull, NotNull, Regex, Suite, Unique, UniqueTogether,
    WithinDocumentYears, not_null, typed,
)
from expectations.suites_raw import BUILD_STATUS, LOAD_STATUS, PLAUSIBLE_DATES, SECTION_KINDS

# Enums as in contract/contract.yml (tests/test_expectations.py compares them).
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "dim_document": {"load_status": LOAD_STATUS,
                     # the genre hint, in the contract's order (ingest/genre.py; 'unknown' still loads)
                     "genre": ("meeting_pack", "protocol_excerpts", "report", "plan_and_budget", "goal_follow_up",
                               "unknown")},
    "dim_section": {"section_kind": SECTION_KINDS},
    "fct_indicator_value": {
        "unit": ("%", "antal", "kr", "tkr", "mnkr", "dagar", "other"),
        "status": ("met", "partly_met", "not_met", "not_assessed", "unknown"),
    },
    "fct_financial_line": {
        "statement": ("income_statement", "balance_sheet", "key_ratio", "committee_deviation", "state_grants",
                      "budget_frame", "investment", "operating_account", "project_budget", "activity_volume",
                      "other"),
        "measure": ("outcome", "budget", "forecast", "deviation", "prior_outcome", "change_pct", "other"),
        "unit": ("kr", "tkr", "mnkr", "%", "antal", "other"),
    },
    "fct_activity_status": {
        "status": ("done", "in_progress", "delayed", "not_started", "not_achieved", "unknown"),
    },
    "fct_attendance": {
        "role": ("member", "substitute", "official", "regional_councillor", "staff_representative", "other"),
        "presence": ("present", "absent", "called", "unknown"),
    },
    "fct_case_event": {"event_kind": ("received", "referred", "prepared", "decided", "reported", "other")},
    "dq_reconciliation": {
        "check_kind": ("row_sum", "column_sum", "identity", "share", "change_pct", "count_total",
                       "cross_table", "other"),
        "status": ("pass", "fail"),
    },
    "meta_build_run": {"status": BUILD_STATUS},
}

# Contract columns with their logical types (varchar -> string, double -> float, ...).
COLUMNS: dict[str, dict[str, str]] = {
    "dim_document": {"document_id": "string", "source_file": "string", "sha256": "string", "region": "string",
                     "title": "string", "document_date": "date", "genre": "string", "encoding": "string",
                     "load_status": "string", "load_error": "string"},
    "dim_section": {"section_id": "string", "document_id": "string", "section_kind": "string", "title": "string",
                    "region": "string", "organisation": "string", "report_period": "string",
                    "line_start": "integer", "line_end": "integer"},
    "dim_indicator": {"indicator_id": "string", "indicator_name": "string", "unit": "string"},
    "fct_indicator_value": {
        "indicator_value_id": "string", "indicator_id": "string", "document_id": "string", "section_id": "string",
        "region": "string", "organisation": "string", "indicator_name": "string", "period_label": "string",
        "period_end_date": "date", "target_value": "float", "target_text": "string", "result_value": "float",
        "result_text": "string", "unit": "string", "status": "string", "source_line": "integer"},
    "fct_financial_line": {
        "financial_line_id": "string", "document_id": "string", "section_id": "string", "region": "string",
        "organisation": "string", "statement": "string", "table_title": "string", "line_item": "string",
        "column_label": "string", "measure": "string", "period_label": "string", "amount": "float",
        "unit": "string", "amount_sek": "float", "is_total": "boolean", "source_line": "integer"},
    "fct_activity_status": {
        "activity_status_id": "string", "document_id": "string", "section_id": "string", "region": "string",
        "organisation": "string", "goal": "string", "activity": "string", "status": "string",
        "status_evidence": "string", "report_period": "string", "source_line": "integer"},
    "fct_meeting": {"meeting_id": "string", "region": "string", "body": "string", "meeting_date": "date",
                    "start_time": "string", "place": "string", "document_id": "string", "source_line": "integer"},
    "fct_agenda_item": {"agenda_item_id": "string", "meeting_id": "string", "item_number": "integer",
                        "title": "string", "case_number": "string", "source_line": "integer"},
    "fct_decision": {"decision_id": "string", "region": "string", "body": "string", "meeting_date": "date",
                     "paragraph": "integer", "title": "string", "case_number": "string", "decision_text": "string",
                     "document_id": "string", "source_line": "integer"},
    "fct_attendance": {"meeting_id": "string", "person_name": "string", "party": "string", "role": "string",
                       "presence": "string", "source_line": "integer"},
    "fct_case_event": {"case_number": "string", "event_date": "date", "body": "string", "paragraph": "integer",
                       "event_kind": "string", "document_id": "string", "source_line": "integer"},
    "fct_vote": {"vote_id": "string", "decision_id": "string", "body": "string", "meeting_date": "date",
                 "paragraph": "integer", "yes_count": "integer", "no_count": "integer", "abstain_count": "integer",
                 "document_id": "string", "source_line": "integer"},
    "dq_reconciliation": {"check_id": "string", "document_id": "string", "section_id": "string",
                          "check_kind": "string", "subject": "string", "stated_value": "float",
                          "computed_value": "float", "difference": "float", "tolerance": "float",
                          "status": "string", "source_line": "integer"},
    "meta_build_run": {"run_id": "string", "started_at": "timestamp", "finished_at": "timestamp",
                       "status": "string", "documents_loaded": "integer", "documents_failed": "integer"},
}

# Row identity: the columns that must be set and (for `unique`) unique.
KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "dim_document": {"unique": ("document_id",), "not_null": ("source_file", "load_status")},
    "dim_section": {"unique": ("section_id",), "not_null": ("document_id", "section_kind", "line_start", "line_end")},
    "dim_indicator": {"unique": ("indicator_id",), "not_null": ()},
    "fct_indicator_value": {"unique": ("indicator_value_id",),
                            "not_null": ("indicator_id", "document_id", "section_id", "source_line")},
    "fct_financial_line": {"unique": ("financial_line_id",), "not_null": ("document_id", "section_id", "source_line")},
    "fct_activity_status": {"unique": ("activity_status_id",),
                            "not_null": ("document_id", "section_id", "source_line")},
    "fct_meeting": {"unique": ("meeting_id",), "not_null": ("document_id", "source_line")},
    "fct_agenda_item": {"unique": ("agenda_item_id",), "not_null": ("meeting_id", "source_line")},
    "fct_decision": {"unique": ("decision_id",), "not_null": ("document_id", "source_line")},
    # person_name is NULL for a vacant seat ('Vakant (V)'), so it is not a key
    "fct_attendance": {"unique": (), "not_null": ("meeting_id", "source_line")},
    "fct_case_event": {"unique": (), "not_null": ("case_number", "document_id", "source_line")},
    "fct_vote": {"unique": ("vote_id",), "not_null": ("decision_id", "document_id", "source_line")},
    "dq_reconciliation": {"unique": ("check_id",), "not_null": ("document_id", "check_kind", "status")},
    "meta_build_run": {"unique": ("run_id",), "not_null": ("status",)},
}

# A normalised case number: 'ABC 2030/136', 'XY/1134/2030' or a bare '2030/136'
# (ingest.values.normalise_case_number), and the other regions' forms of
# seeds/governance_case_number_forms.csv: '30RUN0011', 'HSN 2030-00123', 'RS300871',
# '2030-000345', 'RD30/04127', 'KN/2030:118'.
CASE_NUMBER = (r"^(?:[A-ZÅÄÖ]+ \d{4}/\d+|[A-ZÅÄÖ]+/\d+/\d{4}|\d{4}/\d+|\d{2}[A-ZÅÄÖ]{2,6}\d{3,6}"
               r"|(?:[A-ZÅÄÖ]{2,6} ?)?\d{4}-\d{3,6}|[A-ZÅÄÖ]{2,6}\d{6,8}|[A-ZÅÄÖ]{1,6}\d{2}/\d{3,6}"
               r"|[A-ZÅÄÖ]{1,6}/\d{4}:\d{1,6})$")

# Grain of each fact table: two rows agreeing on all of these are the same fact twice.
GRAIN: dict[str, tuple[str, ...]] = {
    "fct_indicator_value": ("section_id", "indicator_id", "period_label"),
    # one printed cell: its line, its column (and the period when one header spans several)
    "fct_financial_line": ("section_id", "source_line", "column_label", "period_label", "measure"),
    "fct_activity_status": ("section_id", "goal", "activity"),
    "fct_meeting": ("region", "body", "meeting_date"),
    "fct_agenda_item": ("meeting_id", "item_number"),
    "fct_decision": ("region", "body", "meeting_date", "paragraph"),
    "fct_attendance": ("meeting_id", "person_name", "role"),  # one person may sit in two roles
    "fct_case_event": ("case_number", "event_date", "body", "paragraph", "event_kind"),
    "dq_reconciliation": ("section_id", "check_kind", "subject", "source_line"),
}

# Per-table plausibility beyond the grain. Date windows are in years relative to the
# year of the row's own document: meetings and decisions are of the document's year
# (a pack may carry last year's minutes); reports compare with up to three earlier
# years and plans set targets a few years ahead; a case's history reaches back.
PLAUSIBILITY: dict[str, tuple] = {
    "dim_document": (DateBetween("document_date", *PLAUSIBLE_DATES),),
    "dim_section": (Between("line_start", min=1),),
    # A '%' indicator is a share (0..100) or a change/ratio ('-15 %' reduction targets,
    # '174,8 %' of last year), never below -100 % and not in the thousands: outside that
    # a sign, a decimal comma or the unit was misread.
    "fct_indicator_value": (
        Between("target_value", -100, 1000, where=("unit", "==", "%")),
        Between("result_value", -100, 1000, where=("unit", "==", "%")),
        DateBetween("period_end_date", *PLAUSIBLE_DATES),
        WithinDocumentYears("period_end_date", before=3, after=4),
    ),
    "fct_financial_line": (
        # amount_sek is money in kronor: NULL for percentages and counts.
        IsNull("amount_sek", where=("unit", "in", ("%", "antal"))),
        NotNull("is_total"),
    ),
    # a derived status must name the phrase it came from
    "fct_activity_status": (NotNull("status_evidence", where=(
        "status", "in", ("done", "in_progress", "delayed", "not_started", "not_achieved"))),),
    "fct_meeting": (
        DateBetween("meeting_date", *PLAUSIBLE_DATES),
        WithinDocumentYears("meeting_date", before=1, after=1),
    ),
    "fct_agenda_item": (Between("item_number", min=1), Regex("case_number", CASE_NUMBER)),
    "fct_decision": (
        Between("paragraph", min=1),
        Regex("case_number", CASE_NUMBER),
        DateBetween("meeting_date", *PLAUSIBLE_DATES),
        WithinDocumentYears("meeting_date", before=1, after=1),
    ),
    # party abbreviations as printed ('S', 'KD', 'MP', a local party's letters, '-')
    "fct_attendance": (Regex("party", r"^(?:[A-ZÅÄÖ]{1,6}|-)$"),),
    "fct_case_event": (
        Between("paragraph", min=1),
        Regex("case_number", CASE_NUMBER),
        DateBetween("event_date", *PLAUSIBLE_DATES),
        WithinDocumentYears("event_date", before=3, after=1),
    ),
    "dq_reconciliation": (
        Between("tolerance", min=0),
        Between("stated_value", 0, 100, where=("check_kind", "==", "share")),
        Between("computed_value", 0, 100, where=("check_kind", "==", "share")),
    ),
}


# Marts beyond the contract that carry true shares (a part of a whole, printed in %).
# Optional: they are extensions a domain may rename or drop.
EXTENSION_SUITES: tuple[Suite, ...] = (
    Suite(
        name="fct_indicator_summary_shares", table="marts.fct_indicator_summary", blocking=False, optional=True,
        why="Warning: a printed share of measures met/partly met/not met outside [0, 100] is a misread "
            "figure or the document's own slip; shown, not blocking.",
        checks=(Between("share_pct", 0, 100), Between("measure_count", min=0)),
    ),
)


def _contract_suite(mart: str) -> Suite:
    keys = KEYS[mart]
    checks = (
        *typed(COLUMNS[mart]),  # type: ignore[arg-type]
        *not_null(*keys["unique"], *keys["not_null"]),
        *(Unique(c) for c in keys["unique"]),
        *(InSet(c, values) for c, values in ENUMS.get(mart, {}).items()),
        *((Between("source_line", min=1),) if "source_line" in COLUMNS[mart] else ()),
    )
    return Suite(
        name=f"{mart}_contract", table=f"marts.{mart}", blocking=True,
        why="Blocking: contract.yml is the public interface; a missing column, a wrong type, a NULL or "
            "duplicate key, missing provenance or a value outside its enum breaks analysts and BI tools.",
        checks=checks,
    )


def _plausibility_suite(mart: str) -> Suite:
    grain = GRAIN.get(mart)
    checks = (*PLAUSIBILITY.get(mart, ()), *((UniqueTogether(grain),) if grain else ()))
    return Suite(
        name=f"{mart}_plausibility", table=f"marts.{mart}", blocking=False,
        why="Warning: shares outside [0, 100], dates far from the document's year or a fact repeated on "
            "the grain may be the document's own oddity (findings are not failures); shown, not blocking.",
        checks=checks,
    )


MART_SUITES: tuple[Suite, ...] = tuple(
    suite
    for mart in COLUMNS
    for suite in (_contract_suite(mart), *((_plausibility_suite(mart),) if mart in PLAUSIBILITY else ()))
) + EXTENSION_SUITES
