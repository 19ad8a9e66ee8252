"""Economic tables read by column position (ingest.tables.columns), for the space-aligned
tables the token reader (economics.aligned) does not read: wide and multi-line headers,
headers ending in other words, dates as column heads, a Not column."""
from __future__ import annotations

from ingest.extract.economics.lexicon import Lexicon
from ingest.text.page_furniture import furniture_lines
from ingest.tables.model import Table
from ingest.tables.registry import read_all
from ingest.tables.values_below import ENCODING as VALUES_BELOW
from ingest.tables.vocabulary import header_words, role_of

# column roles (seed tables_header_words) that hold amounts or counts of an economic table
AMOUNT_ROLES = {"budget", "count", "net_cost", "income", "cost", "plan"}


def _span(t: Table) -> tuple[int, int]:
    return t.start_line, max([t.start_line] + [r.line for r in t.rows])


def _clean(t: Table) -> bool:
    """Every printed cell under an amount column was read as a value: the grid is sure, so
    it is preferred over the token reader's reading of the same table."""
    return not any(r.split_note for r in t.rows)


def merge_column_tables(lines, lex: Lexicon, tables: list[Table]) -> list[Table]:
    """`tables` plus the registry's tables (column-aligned, `|`-separated) with at least one economic column. Where both read
    the same space-aligned table, the column reading wins when its grid is clean (it puts
    the periods of a multi-line header in the right columns); a TSV table always stays."""
    furniture = furniture_lines(lines)
    out = list(tables)
    for t in read_all(lines, header_words(), skip=furniture.__contains__):
        a, b = _span(t)
        overlapping = [o for o in out if _span(o)[0] <= b and a <= _span(o)[1]]
        if t.encoding == VALUES_BELOW:
            # rows printed over several lines: the other readings of these lines split them
            # into fragments; only a tab-separated table stays
            if any(o.encoding == "tsv" for o in overlapping):
                continue
        elif overlapping and (not _clean(t) or any(o.encoding != "aligned" for o in overlapping)):
            continue
        if not any(lex.measure(l) or role_of(l) in AMOUNT_ROLES for l in t.labels) \
                and not lex.statement(t.context)[0]:
            continue
        if not any(c is not None and c.value is not None for r in t.rows for c in r.cells):
            continue
        out = [o for o in out if o not in overlapping] + [t]
    return out
