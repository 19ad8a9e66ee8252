"""Findings for people: reconciliation failures and extraction findings, grouped by document.

`format_findings(con)` reads a built warehouse (marts.dq_reconciliation, marts.dq_finding,
marts.dim_source_line, marts.dim_document) and returns plain text: first every document
that needs attention (failed, quarantined, of unknown genre or without facts) with its
reason, then per document every failed arithmetic check and every non-arithmetic finding
with its line number and the line as printed, so a reader can check it against the
document. `warehouse check` prints it.
"""
from __future__ import annotations

from collections import defaultdict

import duckdb

MAX_LINE_CHARS = 160

_RECONCILIATION_FAILS = """
    select d.source_file, r.source_line, r.check_kind, r.rule, r.subject,
           r.stated_value, r.computed_value, r.difference, r.tolerance, r.line_items,
           r.note, l.text
    from marts.dq_reconciliation as r
    join marts.dim_document as d on d.document_id = r.document_id
    left join marts.dim_source_line as l
        on l.document_id = r.document_id and l.source_line = r.source_line
    where r.status = 'fail'
    order by d.source_file, r.source_line, r.check_kind, r.subject
"""

_FINDINGS = """
    select d.source_file, f.source_line, f.domain, f.finding_kind, f.subject, f.detail, l.text
    from marts.dq_finding as f
    join marts.dim_document as d on d.document_id = f.document_id
    left join marts.dim_source_line as l
        on l.document_id = f.document_id and l.source_line = f.source_line
    order by d.source_file, f.source_line nulls first, f.domain, f.finding_kind, f.subject
"""

_CHECK_COUNTS = """
    select check_kind,
           count(*) as checks,
           count(*) filter (where status = 'fail') as fails
    from marts.dq_reconciliation
    group by check_kind
    order by check_kind
"""


# Documents the warehouse holds nothing (or not everything) of: failed to read, quarantined,
# unknown genre, or no fact at all (a document-level no_facts finding).
_ATTENTION = """
    select d.source_file, d.load_status, d.genre, d.load_error,
           (select string_agg(f.detail, '; ') from marts.dq_finding as f
            where f.document_id = d.document_id and f.finding_kind = 'no_facts' and f.section_id is null) as no_facts
    from marts.dim_document as d
    where d.load_status in ('failed', 'quarantined') or d.genre = 'unknown'
       or exists (select 1 from marts.dq_finding as f
                  where f.document_id = d.document_id and f.finding_kind = 'no_facts' and f.section_id is null)
    order by d.source_file
"""

ATTENTION_KINDS = ("failed", "quarantined", "unknown genre", "without facts")


def documents_needing_attention(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[str], str]]:
    """(source_file, kinds from ATTENTION_KINDS, reason) of every document that is failed,
    quarantined, of unknown genre or without facts, in file name order."""
    out = []
    for source_file, status, genre, error, no_facts in con.sql(_ATTENTION).fetchall():
        kinds, reasons = [], []
        if status in ("failed", "quarantined"):
            kinds.append(status)
            reasons.append(f"{status}: {error or 'no reason recorded'}")
        if genre == "unknown":
            kinds.append("unknown genre")
            reasons.append("unknown genre (no known heading on the first page)")
        if no_facts:
            kinds.append("without facts")
            reasons.append(no_facts)
        out.append((source_file, kinds, "; ".join(reasons)))
    return out


def attention_counts(docs: list[tuple[str, list[str], str]]) -> dict[str, int]:
    return {k: sum(1 for _, kinds, _ in docs if k in kinds) for k in ATTENTION_KINDS}


def format_attention(docs: list[tuple[str, list[str], str]]) -> list[str]:
    counts = attention_counts(docs)
    head = f"Documents needing attention: {len(docs)}"
    if docs:
        head += " (" + ", ".join(f"{k} {n}" for k, n in counts.items() if n) + ")"
    return [head] + [f"  {name}: {reason}" for name, _, reason in docs]


def _number(value: float | None) -> str:
    """A value as a reader would write it: no trailing zeros, at most 4 decimals."""
    if value is None:
        return "?"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _printed(line: int | None, text: str | None) -> str:
    if line is None:
        return "      (document-level)"
    if text is None:
        return f"      {line:>6} | (line not in dim_source_line)"
    cells = [" ".join(cell.split()) for cell in text.split("\t")]
    while cells and not cells[-1]:
        cells.pop()  # tables pad rows with empty tab cells
    shown = " | ".join(cells)
    if len(shown) > MAX_LINE_CHARS:
        shown = shown[: MAX_LINE_CHARS - 1] + "…"
    return f"      {line:>6} | {shown}"


def format_findings(con: duckdb.DuckDBPyConnection) -> str:
    """Documents needing attention, then reconciliation failures and dq_finding rows grouped by document (source_file), each
    with its source line and the printed text of that line."""
    counts = con.sql(_CHECK_COUNTS).fetchall()
    fails = con.sql(_RECONCILIATION_FAILS).fetchall()
    findings = con.sql(_FINDINGS).fetchall()

    per_doc: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: {"fails": [], "findings": []})
    for row in fails:
        per_doc[row[0]]["fails"].append(row)
    for row in findings:
        per_doc[row[0]]["findings"].append(row)

    total_checks = sum(c[1] for c in counts)
    total_fails = sum(c[2] for c in counts)
    out: list[str] = format_attention(documents_needing_attention(con)) + [""]
    out += [
        f"Reconciliation: {total_checks} checks, {total_fails} fail "
        "(findings in the documents; they do not fail the build)",
    ]
    for kind, checks, n_fail in counts:
        out.append(f"  {kind:<12} {checks:>5} checks  {n_fail:>4} fail")
    out.append(f"Other findings: {len(findings)}")
    if not per_doc:
        out.append("")
        out.append("No findings.")
        return "\n".join(out) + "\n"

    for source_file in sorted(per_doc):
        doc = per_doc[source_file]
        out.append("")
        out.append(f"== {source_file}: {len(doc['fails'])} reconciliation failure(s), "
                   f"{len(doc['findings'])} finding(s)")
        for (_, line, kind, rule, subject, stated, computed, diff, tol, items, note, text) in doc["fails"]:
            out.append(f"  line {line}: {kind} ({rule}) {subject}")
            out.append(f"      printed {_number(stated)}, computed {_number(computed)}, "
                       f"difference {_number(diff)}, tolerance ±{_number(tol)}")
            if items:
                out.append(f"      from: {items}")
            if note:
                out.append(f"      note: {note}")
            out.append(_printed(line, text))
        for (_, line, domain, kind, subject, detail, text) in doc["findings"]:
            where = f"line {line}" if line is not None else "document"
            out.append(f"  {where}: {domain}/{kind} {subject}")
            out.append(f"      {detail}")
            out.append(_printed(line, text))
    return "\n".join(out) + "\n"
