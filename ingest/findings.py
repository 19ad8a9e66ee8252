"""Findings for people: reconciliation failures and extraction findings, grouped by document.

`format_findings(con)` reads a built warehouse (marts.dq_reconciliation, marts.dq_finding,
marts.dim_source_line, marts.dim_document) and returns plain text: per document, every
failed arithmetic check and every non-arithmetic finding with its line number and the line
as printed, so a reader can check it against the document. `warehouse check` prints it.
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
    """Reconciliation failures and dq_finding rows grouped by document (source_file), each
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
    out: list[str] = [
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
