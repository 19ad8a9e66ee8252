"""Ingest contracts: suites on the raw tables the core stages fill, plus a provenance
suite generated for every extractor table (raw tables other than the core ones).

Blocking here means "the extraction is broken": a key is missing, a value is outside
its enum, a table that must have rows has none, lines were lost on load. Anything
about the documents' content is a warning at most (findings are not failures).
"""
from __future__ import annotations

from expectations.spec import (
    Between, ColumnsPresent, DateBetween, InSet, IsNull, NotLess, NotNull, Regex, RowCount,
    RowCountEqualsCorpus, Suite, Unique, UniqueTogether, not_null, typed,
)
from ingest.load import CORE_TABLES, extractor_tables, logical_types


def declared(table: str) -> tuple:
    """Columns and types as the loader declares them (ingest.load.raw_schemas), not restated here."""
    return typed(logical_types(CORE_TABLES[table]))


LOAD_STATUS = ("loaded", "partial", "quarantined", "failed")
GENRES = ("meeting_pack", "protocol_excerpts", "goal_follow_up", "plan_and_budget", "report", "unknown")
SECTION_KINDS = ("agenda", "attendee_list", "protocol_excerpt", "monthly_report", "interim_report",
                 "annual_report", "plan_and_budget", "goal_follow_up", "official_letter", "register",
                 "calendar", "other")
BUILD_STATUS = ("published", "failed")

# Dates a Swedish governance document of this kind can plausibly state for itself;
# outside this a date parser has misread something (e.g. a case number as a date).
PLAUSIBLE_DATES = ("1990-01-01", "2100-12-31")

RAW_DOCUMENT = Suite(
    name="raw_document_contract",
    table="raw.document",
    blocking=True,
    why="Blocking: every other table hangs off document_id; a missing or malformed key, an unknown "
        "load_status or a failed/partial document without its reason is broken ingest, not a finding.",
    checks=(
        *declared("document"),
        *not_null("document_id", "source_file", "sha256", "load_status"),
        Unique("document_id"),
        Regex("document_id", r"^doc_[0-9a-f]{16}$"),
        Regex("sha256", r"^[0-9a-f]{64}$"),
        InSet("load_status", LOAD_STATUS),
        InSet("genre", GENRES),
        NotNull("load_error", where=("load_status", "!=", "loaded")),
        NotNull("genre", where=("load_status", "!=", "failed")),
        Between("size_bytes", min=0),
        Between("line_count", min=0),
        RowCount(min=1),
    ),
)

RAW_DOCUMENT_QUALITY = Suite(
    name="raw_document_plausibility",
    table="raw.document",
    blocking=False,
    why="Warning: a loaded document without region, title or with an implausible date still loads; "
        "analysts should see it, but yesterday's warehouse is not better.",
    checks=(
        NotNull("region", where=("load_status", "!=", "failed")),
        NotNull("title", where=("load_status", "!=", "failed")),
        DateBetween("document_date", *PLAUSIBLE_DATES),
        Between("line_count", min=1, where=("load_status", "!=", "failed")),
    ),
)

RAW_SECTION = Suite(
    name="raw_section_contract",
    table="raw.section",
    blocking=True,
    why="Blocking: every fact row points at a section; a NULL or duplicate section_id, an unknown "
        "section_kind or an inverted line range breaks provenance for all marts.",
    checks=(
        *declared("section"),
        *not_null("section_id", "document_id", "section_kind", "depth", "line_start", "line_end"),
        Unique("section_id"),
        InSet("section_kind", SECTION_KINDS),
        Between("depth", min=0),
        Between("line_start", min=1),
        NotLess("line_end", "line_start"),
        RowCount(min=1),
    ),
)

RAW_SECTION_QUALITY = Suite(
    name="raw_section_nesting",
    table="raw.section",
    blocking=False,
    why="Warning: nesting (parent at depth > 0 only) is a segmenter convention the marts do not "
        "depend on for correctness.",
    checks=(
        IsNull("parent_section_id", where=("depth", "==", 0)),
        NotNull("parent_section_id", where=("depth", ">", 0)),
    ),
)

RAW_DOCUMENT_LINE = Suite(
    name="raw_document_line_contract",
    table="raw.document_line",
    blocking=True,
    why="Blocking: source_line provenance resolves through this table; a lost, duplicated or "
        "unnumbered line makes every 'go back to the printed line' wrong.",
    checks=(
        *declared("document_line"),
        *not_null("document_id", "source_line"),
        Between("source_line", min=1),
        UniqueTogether(("document_id", "source_line")),
        RowCountEqualsCorpus("document_lines"),
    ),
)

RAW_EXTRACTION_ERROR = Suite(
    name="raw_extraction_error_empty",
    table="raw.extraction_error",
    blocking=False,
    why="Warning: an extractor that raised marks its document 'partial' and the contract says the "
        "rest still publishes; each row here is surfaced as a warning with its reason.",
    checks=(
        *declared("extraction_error"),
        *not_null("document_id", "extractor", "error"),
        RowCount(max=0),
    ),
)

RAW_BUILD_RUN = Suite(
    name="raw_build_run_contract",
    table="raw.build_run",
    blocking=True,
    why="Blocking: meta_build_run is the audit trail operations read; the current run must be "
        "recorded once with a valid status and counts.",
    checks=(
        *declared("build_run"),
        NotNull("run_id"),
        Unique("run_id"),
        InSet("status", BUILD_STATUS),
        Between("documents_loaded", min=0),
        Between("documents_failed", min=0),
        RowCount(min=1),
    ),
)

RAW_SUITES: tuple[Suite, ...] = (
    RAW_DOCUMENT, RAW_DOCUMENT_QUALITY, RAW_SECTION, RAW_SECTION_QUALITY, RAW_DOCUMENT_LINE,
    RAW_EXTRACTION_ERROR, RAW_BUILD_RUN,
)

# Raw tables filled by the core stages; every other raw table comes from an extractor.
CORE_RAW_TABLES = frozenset(s.table_name for s in RAW_SUITES)


def extractor_suite(table_name: str) -> Suite:
    """The ingest contract every extractor table shares (ingest/extract/__init__.py):
    rows carry document_id (added by the loader), section_id and source_line, and the
    table has the columns and types its extractor declares in TABLES."""
    schema = extractor_tables().get(table_name)
    return Suite(
        name=f"raw_{table_name}_provenance",
        table=f"raw.{table_name}",
        blocking=True,
        why="Blocking: extractor rows must carry provenance (document_id, section_id, source_line >= 1); "
            "without it no mart row can be traced to its printed line.",
        checks=(
            *(typed(logical_types(schema)) if schema else (ColumnsPresent(("document_id", "section_id", "source_line")),)),
            *not_null("document_id", "section_id", "source_line"),
            Between("source_line", min=1),
        ),
        tags=("extractor",),
    )
