"""The row every KPI parser returns, before status and provenance are added."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class KpiRow:
    line: int                      # line holding the values (or the name when there are none)
    name_line: int
    header_line: int
    encoding: str                  # tsv | html_series | aligned
    raw_name: str
    target_raw: str | None
    result_raw: str | None
    comment: str | None = None
    period_label: str | None = None  # only when the table prints its own periods
    has_target_column: bool = True
    has_result_column: bool = True
    column_order: str | None = None
    unit_hint: str | None = None     # a unit given in the column header ('Målvärde (%)')
    remarks: str | None = None
    assessment: str | None = None    # the table's own assessment cell ('Uppfylls ej', 'Gul')
