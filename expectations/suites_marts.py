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
from expectations.suites_raw import PLAUSIBLE_DATES
from ingest import contract

# Columns, types and enums are declared once, in contract/contract.yml; the suites add
# what they check beyond it: keys, grain and plausibility.
_LOGICAL = {"varchar": "string", "integer": "integer", "double": "float", "date": "date",
            "timestamp": "timestamp", "boolean": "boolean"}

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
    "fct_restatement": {"unique": ("restatement_id",), "not_null": ("fact_kind", "later_document_id")},
    "dq_finding": {"unique": ("finding_id",), "not_null": ("document_id", "finding_kind")},
    "meta_build_run": {"unique": ("run_id",), "not_null": ("status",)},
}

# The contract marts with suites: those with keys above (dq_expectation_result is written
# by the Great Expectations run itself, after the suites).
COLUMNS: dict[str, dict[str, str]] = {
    mart: {c: "string" if isinstance(t, dict) else _LOGICAL[t] for c, t in columns.items()}
    for mart, columns in contract.tables().items() if mart in KEYS
}
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    mart: enums for mart, enums in contract.enums().items() if mart in KEYS
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
