"""Suites as plain data: what a table must satisfy, with no Great Expectations import.

The suite modules (suites_raw, suites_marts) declare `Suite` objects built from the
small vocabulary below; `expectations.runner` turns each check into a GX 1.x
expectation. Keeping the declarations GX-free means importing the package (for
example from the pipeline or the CLI) does not pay GX's multi-second import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

LogicalType = Literal["string", "integer", "float", "date", "timestamp", "boolean"]

# A row filter: (column, operator, value), operator one of == != < <= > >= in.
# Example: ("unit", "==", "%"); ("unit", "in", ("%", "antal")).
Where = tuple[str, str, object]


@dataclass(frozen=True)
class ColumnsPresent:
    """The table has at least these columns (more are welcome, as in the contract)."""
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ColumnType:
    """The column's values are of this logical type (NULLs are allowed)."""
    column: str
    type: LogicalType


@dataclass(frozen=True)
class NotNull:
    column: str
    where: Where | None = None  # only the rows the check applies to


@dataclass(frozen=True)
class IsNull:
    column: str
    where: Where | None = None


@dataclass(frozen=True)
class Unique:
    column: str


@dataclass(frozen=True)
class UniqueTogether:
    """No two rows share these values (NULLs compare equal; rows NULL in every one of them are
    not compared: GX's `ignore_row_if="all_values_are_missing"`)."""
    columns: tuple[str, ...]


@dataclass(frozen=True)
class InSet:
    """Values are in the set or NULL."""
    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Between:
    """min <= value <= max for non-NULL values; either bound may be open (None)."""
    column: str
    min: float | None = None
    max: float | None = None
    where: Where | None = None


@dataclass(frozen=True)
class DateBetween:
    """A date column lies between two ISO dates (inclusive); NULLs pass."""
    column: str
    min: str
    max: str


@dataclass(frozen=True)
class Regex:
    column: str
    pattern: str


@dataclass(frozen=True)
class NotLess:
    """column >= other on rows where both are set."""
    column: str
    other: str


@dataclass(frozen=True)
class RowCount:
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class RowCountEqualsCorpus:
    """The row count equals a figure computed from raw.document (see runner.Corpus)."""
    fact: Literal["document_lines"]


@dataclass(frozen=True)
class WithinDocumentYears:
    """year(column) - year(the row's document_date) lies in [-before, +after].

    Evaluated on a derived column `<column>__years_from_document` that the runner adds
    from raw.document; rows whose document has no date are not judged.
    """
    column: str
    before: int
    after: int

    @property
    def derived_column(self) -> str:
        return f"{self.column}__years_from_document"


Check = (ColumnsPresent | ColumnType | NotNull | IsNull | Unique | UniqueTogether | InSet | Between
         | DateBetween | Regex | NotLess | RowCount | RowCountEqualsCorpus | WithinDocumentYears)


@dataclass(frozen=True)
class Suite:
    """One GX expectation suite on one table.

    blocking: a failed expectation stops the build from publishing; otherwise it is a
    warning recorded in marts.dq_expectation_result. `why` says which and why, in one
    sentence, and is shown in Data Docs.
    optional: the table may legitimately be absent; a missing table is then a warning
    ('table missing'), not a failure of the suite.
    """
    name: str
    table: str  # "<schema>.<table>"
    blocking: bool
    why: str
    checks: tuple[Check, ...]
    optional: bool = False
    tags: tuple[str, ...] = field(default=())

    @property
    def schema(self) -> str:
        return self.table.split(".", 1)[0]

    @property
    def table_name(self) -> str:
        return self.table.split(".", 1)[1]


def typed(columns: dict[str, LogicalType]) -> tuple[Check, ...]:
    """ColumnsPresent for all the columns, then one ColumnType each."""
    return (ColumnsPresent(tuple(columns)),) + tuple(ColumnType(c, t) for c, t in columns.items())


def not_null(*columns: str) -> tuple[Check, ...]:
    return tuple(NotNull(c) for c in columns)


def columns_read(checks: Iterable[Check]) -> set[str]:
    """Columns whose values some of these checks read (ColumnsPresent and ColumnType read
    only the names and types)."""
    out: set[str] = set()
    for check in checks:
        if isinstance(check, (ColumnsPresent, ColumnType)):
            continue
        for attr in ("column", "other"):
            if isinstance(getattr(check, attr, None), str):
                out.add(getattr(check, attr))
        out.update(getattr(check, "columns", ()) or ())
        where = getattr(check, "where", None)
        if where:
            out.add(where[0])
        if isinstance(check, WithinDocumentYears):
            out.add("document_id")
    return out
