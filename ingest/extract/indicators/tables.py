"""KPI rows from tables read by column position (ingest.tables.columns): any header
vocabulary (Indikator / Finansiella mål / no stub at all), one or more target columns
(Målvärde 2024, Målvärde 2026: one row each, with the column's period), the result column,
the assessment and trend columns kept as status evidence, a period column, and names whose
values follow on the next line."""
from __future__ import annotations

import re

from ingest.extract.indicators.rows import KpiRow
from ingest.tables.columns import read_tables
from ingest.tables.model import Table
from ingest.tables.vocabulary import header_words, role_of
from ingest.values import is_period_text

_UNIT_TAIL = re.compile(r",\s*(?:andel\s+)?(%|procent|antal|mnkr|tkr|kr|index|miljoner|dagar)\s*$", re.I)
_YEAR = re.compile(r"(?:19|20)\d{2}")


def period_in(label: str) -> str | None:
    """The period part of a column label: 'Utfall jan–aug 2023' -> 'jan–aug 2023'."""
    words = label.split()
    for cut in range(1, len(words)):
        tail = " ".join(words[cut:])
        if is_period_text(tail):
            return tail
    return None


def kpi_tables(lines, start: int, end: int, skip) -> list[Table]:
    """Column tables with a target column: the indicator tables."""
    out = []
    for t in read_tables(lines, header_words(), start, end, skip):
        roles = [role_of(c.label) for c in t.columns]
        if "target" in roles and any(r.label for r in t.rows):
            out.append(t)
    return out


def table_rows(t: Table, report_year: int | None = None) -> list[KpiRow]:
    roles = [role_of(c.label) for c in t.columns]
    targets = [j for j, r in enumerate(roles) if r == "target"]
    results = [j for j, r in enumerate(roles) if r == "result"]
    # the result of the report period: the first result column (earlier years follow it)
    res = results[0] if results else None
    evidence = [j for j, r in enumerate(roles) if r in ("assessment", "trend")]
    assess = next((j for j, r in enumerate(roles) if r == "assessment"), None)
    period_col = next((j for j, r in enumerate(roles) if r == "period"), None)
    order = " ".join(x for x in ("target", "result") if (x == "target" and targets) or (x == "result" and res is not None))
    out: list[KpiRow] = []
    for r in t.rows:
        if not r.label or not any(r.texts):
            continue
        unit = _UNIT_TAIL.search(r.label)
        comment = " ".join(r.texts[j] for j in evidence if j < len(r.texts) and r.texts[j]) or None
        for j in targets or [None]:
            label = t.columns[j].label if j is not None else ""
            period = (r.texts[period_col] if period_col is not None and r.texts[period_col] else None) \
                or (period_in(t.columns[res].label) if res is not None and len(targets) <= 1 else None) \
                or period_in(label)
            out.append(KpiRow(
                line=r.line, name_line=r.label_line, header_line=t.start_line, encoding="columns",
                raw_name=r.label,
                target_raw=r.texts[j] if j is not None else None,
                result_raw=r.texts[res] if res is not None else None,
                comment=comment, period_label=period,
                has_target_column=bool(targets), has_result_column=res is not None,
                column_order=order, unit_hint=unit.group(1) if unit else None,
                remarks=f"target column '{label}'" if len(targets) > 1 else None,
                assessment=r.texts[assess] if assess is not None else None,
            ))
    return out
