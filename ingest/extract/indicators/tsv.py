"""KPI rows from tab-separated tables ('Mätetal\\tMålvärde\\tResultat\\tAnalys', the plan's
'Mätetal\\tMålvärde', the monthly 'Mätetal\\tResultat\\tAnalys\\tDiagram') and the time
series embedded as HTML tables in their cells."""
from __future__ import annotations

import re

from ingest.extract.indicators.lexicon import lexicon
from ingest.extract.indicators.rows import KpiRow
from ingest.extract.indicators.tables import period_in
from ingest.extract.indicators.values import split_glyphs, tidy
from ingest.tables.html import HtmlTable, html_tables
from ingest.tables.tsv import TsvRow, clean_cell, tsv_blocks

SERIES_LOOKAHEAD = 80  # expanded series rows follow their KPI row within this many lines


def _roles(row: TsvRow) -> dict[str, int] | None:
    """Column positions by role when the row is a KPI header, else None."""
    lex = lexicon()
    if not row.cells or len(row.cells[0]) > 40:
        return None
    if lex.role(split_glyphs(clean_cell(row.cells[0]))[0]) != "name":
        return None
    cells = [split_glyphs(clean_cell(c))[0] for c in row.cells]
    roles: dict[str, int] = {}
    for i, c in enumerate(cells):
        r = lex.role(c) if c else None
        if r and r not in roles:
            roles[r] = i
    return roles if ("target" in roles or "result" in roles) else None


def _cell(row: TsvRow, roles: dict[str, int], role: str) -> str | None:
    i = roles.get(role)
    if i is None or i >= len(row.cells):
        return None
    c = clean_cell(row.cells[i])
    return c if c.strip() else None


PAGE_GAP = 3  # a table continued after a page break restarts within this many lines


def tsv_rows(lines: tuple[str, ...], start: int, end: int) -> list[KpiRow]:
    out: list[KpiRow] = []
    prev_roles: dict[str, int] | None = None
    prev_end = -PAGE_GAP - 1
    prev_rows: list[KpiRow] = []
    for block in tsv_blocks(lines, start, end):
        roles: dict[str, int] | None = None
        header_line = 0
        result_period: str | None = None
        after_repeat = False
        skip: set[str] = set()
        in_block: list[KpiRow] = []
        first_roles = _roles(block.rows[0])
        if first_roles and first_roles == prev_roles and block.line_start - prev_end <= PAGE_GAP and prev_rows:
            # the same table continues after a page break: a name may go on in its first row
            roles, in_block = first_roles, prev_rows[-1:]
        for row in block.rows:
            new_roles = _roles(row) if row is not block.rows[0] or first_roles else None
            if new_roles:
                after_repeat = roles == new_roles and bool(in_block)
                roles, header_line = new_roles, row.line
                # a period printed in the result header ('Utfall T1 2024') is the rows' period
                result_period = period_in(clean_cell(row.cells[roles["result"]])) if "result" in roles else None
                continue
            if roles is None:
                continue
            first = clean_cell(row.cells[0]) if row.cells else ""
            if first and first in skip:
                continue  # an HTML series expanded into plain rows: read once, from the HTML
            name = _cell(row, roles, "name")
            target, result = _cell(row, roles, "target"), _cell(row, roles, "result")
            comment = _cell(row, roles, "comment")
            series = [t for c in row.cells if "<table" in c.lower() for t in html_tables(c)]
            for t in series:
                skip.update(x for x in ([t.header[0]] if t.header else []) + [r[0] for r in t.rows if r])
            last = in_block[-1] if in_block else None
            if not name and not target and not result:
                if last is not None and comment:
                    last.comment = ((last.comment or "") + " " + comment).strip()
                continue
            if name and not target and not result and last is not None and after_repeat \
                    and (name[:1].islower() or name.startswith("(")):
                last.raw_name = f"{last.raw_name} {name}"   # the name continues after a page break
                if comment:
                    last.comment = ((last.comment or "") + " " + comment).strip()
                after_repeat = False
                continue
            after_repeat = False
            kpi = KpiRow(period_label=result_period,
                line=row.line, name_line=row.line, header_line=header_line, encoding="tsv",
                raw_name=row.cells[roles["name"]] if roles.get("name") is not None else "",
                target_raw=target, result_raw=result, comment=_strip_html(comment),
                has_target_column="target" in roles, has_result_column="result" in roles,
                column_order=" ".join(r for r in sorted(roles, key=roles.get) if r in ("target", "result")),
            )
            out.append(kpi)
            in_block.append(kpi)
            for t in series:
                out += series_rows(t, kpi, lines, row.line, end)
        prev_roles, prev_end, prev_rows = roles, block.line_end, in_block
    return out


def _strip_html(text: str | None) -> str | None:
    if not text:
        return text
    s = re.sub(r"<table\b.*", " ", text, flags=re.S | re.I)
    return tidy(re.sub(r"<[^<>]+>", " ", s)) or None


def series_rows(table: HtmlTable, kpi: KpiRow, lines: tuple[str, ...], line: int, end: int) -> list[KpiRow]:
    """One row per period of an embedded 'Period | Målvärde | Resultat' table. The source line
    is the expanded plain row of that period when the export printed one, else the KPI line."""
    lex = lexicon()
    pos = {lex.role(h): i for i, h in reversed(list(enumerate(table.header)))}
    if "period" not in pos or not ("target" in pos or "result" in pos):
        return []   # a chart with years as columns: estimates read off a picture, not a series
    hint = None
    for h in table.header:
        m = re.search(r"\((.*?)\)", h)
        if m and lex.role(h) in ("target", "result"):
            hint = m.group(1).strip()
    expanded: dict[str, int] = {}
    for n in range(line + 1, min(end, line + SERIES_LOOKAHEAD) + 1):
        first = lines[n - 1].split("\t", 1)[0].strip()
        if first and first not in expanded:
            expanded[first] = n
    out = []
    for r in table.rows:
        def get(role: str) -> str | None:
            i = pos.get(role)
            return r[i].strip() or None if i is not None and i < len(r) else None
        label = get("period")
        if not label:
            continue
        out.append(KpiRow(
            line=expanded.get(label, line), name_line=kpi.name_line, header_line=kpi.header_line,
            encoding="html_series", raw_name=kpi.raw_name, target_raw=get("target"), result_raw=get("result"),
            period_label=label, has_target_column="target" in pos, has_result_column="result" in pos,
            column_order=" ".join(x for x in ("target", "result") if x in pos), unit_hint=hint,
        ))
    return out
