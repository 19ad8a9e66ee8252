"""The build report: one self-contained HTML page per published build.

`<database>.report.html` beside the published file (written after every publish) and
`warehouse report --out FILE` on demand. Everything is inlined (the Vega, Vega-Lite and
vega-embed bundle that vl-convert ships, the stylesheet, the chart data), so it opens
from the file system without network. Document text only ever enters the page through
`e()` (HTML text) or `_json_for_script()` (chart data inside a script element).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ingest.serve.database import has_column, open_published

STATUS_ORDER = ["met", "partly_met", "not_met", "not_assessed", "unknown"]
ACTIVITY_ORDER = ["done", "in_progress", "not_started", "delayed", "not_achieved", "unknown"]
STATUS_COLOURS = {"met": "#2da44e", "partly_met": "#d4a72c", "not_met": "#cf222e", "not_assessed": "#8c959f",
                  "unknown": "#d0d7de", "done": "#2da44e", "in_progress": "#54aeff", "not_started": "#d4a72c",
                  "delayed": "#fb8f44", "not_achieved": "#cf222e"}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem 2rem;color:#1f2328;max-width:84rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.line{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;font-size:.8rem}
.muted{color:#57606a}.chart{margin:.5rem 0 1rem}
details{margin:.2rem 0}summary{cursor:pointer}
.kpis span{display:inline-block;margin-right:1.5rem}
"""


def e(value: object) -> str:
    """Any value -> HTML text."""
    if value is None or (isinstance(value, float) and value != value):  # NULL, NaN from pandas
        return ""
    if isinstance(value, float):
        value = f"{value:,.1f}".replace(",", " ") if abs(value) >= 1000 else f"{value:g}"
    return html.escape(str(value), quote=True)


def _json_for_script(value: object) -> str:
    """JSON that cannot close its <script> element nor open a comment inside it."""
    return (json.dumps(value, ensure_ascii=False, default=str)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def report_path_for(database: Path) -> Path:
    return database.with_name(database.name + ".report.html")


@dataclass
class ReportStats:
    path: Path
    bytes: int
    charts: int


def write_report(database: Path, out: Path) -> ReportStats:
    con = open_published(database)
    try:
        page, charts = render(con, database.name)
    finally:
        con.close()
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)  # a reader never sees half a report
    return ReportStats(out, out.stat().st_size, charts)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, r)) for r in rel.fetchall()]


def _table(rows: list[dict], columns: list[tuple[str, str]], numeric: set[str] = frozenset()) -> str:
    if not rows:
        return '<p class="muted">none</p>'
    head = "".join(f"<th>{e(label)}</th>" for _, label in columns)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="{"n" if key in numeric else ("line" if key == "printed_line" else "")}">{e(r.get(key))}</td>'
            for key, _ in columns) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Charts:
    def __init__(self):
        self.specs: list[tuple[str, dict]] = []

    def add(self, chart) -> str:
        """An altair chart -> a placeholder div; the spec (data inlined) goes into one script."""
        chart_id = f"chart{len(self.specs) + 1}"
        self.specs.append((chart_id, chart.to_dict()))
        return f'<div class="chart" id="{chart_id}"></div>'

    def script(self) -> str:
        if not self.specs:
            return ""
        bundle = vega_bundle()
        calls = "\n".join(
            f"vegaEmbed('#{cid}', {_json_for_script(spec)}, opts).catch(err => console.error(err));"
            for cid, spec in self.specs)
        return (f"<script>{bundle}</script>\n<script>\nconst opts = {{renderer: 'svg', actions: false}};\n"
                f"{calls}\n</script>")


def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script (vl-convert ships them; bundling takes
    ~10 s, so the result is cached per vl-convert version in the user's cache folder)."""
    import os

    import vl_convert as vlc

    version = getattr(vlc, "__version__", "unknown")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "regional-warehouse"
    path = cache / f"vega-embed-bundle-{version}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vlc.javascript_bundle()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # no writable cache: bundle again next time
    return bundle


def render(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, int]:
    charts = _Charts()
    run = _rows(con, "select run_id, started_at, finished_at, documents_loaded, documents_failed, checks_failed "
                     "from marts.meta_build_run order by started_at desc limit 1")
    run = run[0] if run else {}
    latest = "where is_latest" if has_column(con, "fct_indicator_value", "is_latest") else ""
    body = [
        f"<h1>Warehouse report: {e(name)}</h1>",
        f'<p class="muted">Build {e(run.get("run_id"))}, finished {e(run.get("finished_at"))} (UTC); '
        f"report written {e(datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M'))} UTC.</p>",
        _summary(con, run),
        "<nav><a href=\"#changes\">What changed</a> · <a href=\"#unused\">Documents not used</a> · "
        "<a href=\"#indicators\">Indicators</a> · <a href=\"#economics\">Economics</a> · "
        "<a href=\"#activities\">Activities</a> · <a href=\"#findings\">Findings</a></nav>",
        _changes(con),
        _unused_documents(con),
        _indicators(con, charts, latest),
        _economics(con, charts),
        _activities(con, charts),
        _findings(con),
    ]
    page = ("<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Report {e(name)}</title><style>{STYLE}</style></head><body>"
            + "\n".join(body) + charts.script() + "</body></html>\n")
    return page, len(charts.specs)


def _summary(con, run: dict) -> str:
    counts = {k: con.sql(f"select count(*) from marts.{t}").fetchone()[0] for k, t in (
        ("indicator values", "fct_indicator_value"), ("amounts", "fct_financial_line"),
        ("activities", "fct_activity_status"), ("decisions", "fct_decision"), ("findings", "dq_finding"))}
    fails = con.sql("select count(*) from marts.dq_reconciliation where status = 'fail'").fetchone()[0]
    parts = [f"<span><b>{e(run.get('documents_loaded'))}</b> documents loaded</span>",
             f"<span><b>{e(run.get('documents_failed'))}</b> not loaded</span>"]
    parts += [f"<span><b>{n}</b> {e(k)}</span>" for k, n in counts.items()]
    parts.append(f"<span><b>{fails}</b> arithmetic failures</span>")
    return f'<p class="kpis">{"".join(parts)}</p>'


# --- what changed ------------------------------------------------------------------------

def _changes(con) -> str:
    from ingest.serve.history import diff as history

    out = ['<h2 id="changes">What changed since the previous build</h2>']
    try:
        d = history.diff(con)
    except LookupError as err:
        out.append(f'<p class="muted">{e(err)}</p>')
        return "\n".join(out)
    out.append(f'<p>Build {e(d.new_run)} against {e(d.old_run)}: {d.added_total} facts added, '
               f'{d.removed_total} removed, {d.changed_total} changed.</p>')
    out.append(_table([{"mart": m, **c} for m, c in d.per_mart.items()],
                      [("mart", "mart"), ("added", "added"), ("removed", "removed"), ("changed", "changed"),
                       ("unchanged", "unchanged")], numeric={"added", "removed", "changed", "unchanged"}))
    if d.examples:
        out.append("<details><summary>Examples</summary>" + _table(
            d.examples[:200], [("change", "change"), ("mart", "mart"), ("fact", "fact"), ("before", "before"),
                               ("after", "after")]) + "</details>")
    return "\n".join(out)


# --- documents not used ------------------------------------------------------------------

_FACT_MARTS = ("fct_indicator_value", "fct_financial_line", "fct_activity_status", "fct_decision",
               "fct_agenda_item", "fct_meeting", "fct_attendance")


def _unused_documents(con) -> str:
    present = {r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    facts = " union all ".join(f"select distinct document_id from marts.{t}" for t in _FACT_MARTS if t in present)
    genre = "d.genre" if has_column(con, "dim_document", "genre") else "null"
    rows = _rows(con, f"""
        select d.source_file, d.load_status, {genre} as genre,
               case when d.load_status in ('failed', 'quarantined') then d.load_status
                    when {genre} = 'unknown' then 'unknown genre'
                    else 'no facts' end as why,
               d.load_error
        from marts.dim_document d
        where d.load_status in ('failed', 'quarantined') or {genre} = 'unknown'
           or d.document_id not in (select document_id from ({facts}) f where document_id is not null)
        order by d.source_file""")
    return ('<h2 id="unused">Documents not used</h2><p class="muted">Failed, quarantined, of unknown genre, '
            "or loaded without a single fact.</p>"
            + _table(rows, [("source_file", "document"), ("why", "why"), ("load_status", "load status"),
                            ("genre", "genre"), ("load_error", "reason")]))


# --- indicators --------------------------------------------------------------------------

def _indicators(con, charts: _Charts, latest: str) -> str:
    import altair as alt
    import pandas as pd

    values = con.sql(f"""
        select coalesce(organisation, '(no organisation)') as organisation,
               coalesce(period_label, '(no period)') as period, period_end_date, indicator_name,
               target_value, result_value, unit, status, comment, document_id, source_line
        from marts.fct_indicator_value {latest}""").df()
    out = ['<h2 id="indicators">Indicators: target against result</h2>']
    if values.empty:
        return out[0] + '<p class="muted">No indicator values.</p>'
    counts = (values.groupby(["organisation", "status"]).size().reset_index(name="values"))
    out.append(charts.add(
        alt.Chart(counts, title="Indicator values by status and organisation").mark_bar().encode(
            y=alt.Y("organisation:N", sort="-x", title=None), x=alt.X("values:Q", title="values"),
            color=_status_colour(alt, "status", STATUS_ORDER), tooltip=["organisation", "status", "values"])))
    ratio = values[(values.target_value.notna()) & (values.result_value.notna()) & (values.target_value != 0)].copy()
    if not ratio.empty:
        ratio["result_of_target_pct"] = (ratio.result_value / ratio.target_value * 100).round(1)
        ratio = ratio.sort_values("period_end_date").groupby(["organisation", "indicator_name"]).tail(1)
        ratio = ratio[["organisation", "period", "indicator_name", "target_value", "result_value", "unit", "status",
                       "result_of_target_pct"]]
        orgs = sorted(ratio.organisation.unique())
        pick = alt.param(name="organisation", value=orgs[0],
                         bind=alt.binding_select(options=orgs, name="Organisation "))
        base = alt.Chart(ratio, title="Result as % of target (latest period per indicator)")
        bars = base.mark_bar().encode(
            y=alt.Y("indicator_name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X("result_of_target_pct:Q", title="result / target (%)"),
            color=_status_colour(alt, "status", STATUS_ORDER),
            tooltip=["indicator_name", "period", "target_value", "result_value", "unit", "status"])
        rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(color="#57606a", strokeDash=[4, 3]).encode(x="x:Q")
        out.append(charts.add(alt.layer(bars.transform_filter(alt.datum.organisation == pick), rule)
                              .add_params(pick)))
    table = (values.groupby(["organisation", "period", "status"]).size().unstack(fill_value=0)
             .reindex(columns=[s for s in STATUS_ORDER if s in set(values.status)], fill_value=0).reset_index())
    cols = [("organisation", "organisation"), ("period", "period")] + [(s, s) for s in table.columns[2:]]
    out.append("<h3>Status counts per organisation and period</h3>"
               + _table(table.to_dict("records"), cols, numeric=set(table.columns[2:])))
    not_met = values[values.status == "not_met"].sort_values(["organisation", "period", "indicator_name"])
    out.append(f"<h3>Not met ({len(not_met)}), with the analysis printed beside them</h3>")
    for org, group in not_met.groupby("organisation", sort=True):
        out.append(f"<details><summary>{e(org)} ({len(group)})</summary>" + _table(
            group.to_dict("records"), [("period", "period"), ("indicator_name", "indicator"), ("target_value", "target"),
                                       ("result_value", "result"), ("unit", "unit"), ("comment", "analysis")],
            numeric={"target_value", "result_value"}) + "</details>")
    return "\n".join(out)


def _status_colour(alt, field: str, order: list[str]):
    domain = [s for s in order]
    return alt.Color(f"{field}:N", sort=order, scale=alt.Scale(domain=domain, range=[STATUS_COLOURS[s] for s in domain]))


# --- economics ---------------------------------------------------------------------------

def _economics(con, charts: _Charts) -> str:
    import altair as alt

    rows = con.sql("""
        select coalesce(f.organisation, s.organisation, f.region, '(no organisation)') as organisation,
               coalesce(f.period_label, s.report_period, '(no period)') as period,
               f.line_item as committee, f.measure, f.amount, f.unit, f.amount_sek, f.source_line, f.document_id
        from marts.fct_financial_line f left join marts.dim_section s using (section_id)
        where f.statement = 'committee_deviation' and f.measure in ('budget', 'outcome', 'forecast', 'deviation')
          and not coalesce(f.is_total, false)""").df()
    out = ['<h2 id="economics">Economics: budget against outcome and forecast, per committee</h2>']
    if rows.empty:
        return out[0] + '<p class="muted">No committee deviation tables.</p>'
    rows["mnkr"] = (rows.amount_sek / 1e6).round(1)
    dev = rows[rows.measure == "deviation"]
    if not dev.empty:
        out.append(charts.add(alt.Chart(dev, title="Deviation from budget per committee (mnkr)").mark_bar().encode(
            y=alt.Y("committee:N", sort="x", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("mnkr:Q", title="deviation (mnkr)"), yOffset="period:N", color=alt.Color("period:N"),
            tooltip=["organisation", "period", "committee", "amount", "unit"])))
    wide = (rows.pivot_table(index=["organisation", "period", "committee"], columns="measure", values="mnkr",
                             aggfunc="first").reset_index())
    measures = [m for m in ("budget", "outcome", "forecast", "deviation") if m in wide.columns]
    out.append("<h3>Per committee (mnkr)</h3>" + _table(
        wide.to_dict("records"),
        [("organisation", "organisation"), ("period", "period"), ("committee", "committee")] + [(m, m) for m in measures],
        numeric=set(measures)))
    return "\n".join(out)


# --- activities --------------------------------------------------------------------------

def _activities(con, charts: _Charts) -> str:
    import altair as alt

    rows = con.sql("""
        select coalesce(organisation, '(no organisation)') as organisation,
               coalesce(report_period, '(no period)') as period, item_kind, activity, status,
               coalesce(status_sentence, status_evidence) as sentence, document_id, source_line
        from marts.fct_activity_status""").df()
    out = ['<h2 id="activities">Activities and goals by status</h2>']
    if rows.empty:
        return out[0] + '<p class="muted">No activities.</p>'
    counts = rows.groupby(["organisation", "status"]).size().reset_index(name="activities")
    out.append(charts.add(alt.Chart(counts, title="Activities and goals by status and organisation").mark_bar().encode(
        y=alt.Y("organisation:N", sort="-x", title=None), x="activities:Q",
        color=_status_colour(alt, "status", ACTIVITY_ORDER), tooltip=["organisation", "status", "activities"])))
    table = (rows.groupby(["organisation", "period", "status"]).size().unstack(fill_value=0)
             .reindex(columns=[s for s in ACTIVITY_ORDER if s in set(rows.status)], fill_value=0).reset_index())
    out.append("<h3>Per organisation and period</h3>" + _table(
        table.to_dict("records"), [("organisation", "organisation"), ("period", "period")]
        + [(s, s) for s in table.columns[2:]], numeric=set(table.columns[2:])))
    late = rows[rows.status.isin(["delayed", "not_achieved", "not_started"])].sort_values(
        ["organisation", "period", "status"])
    out.append(f"<h3>Delayed, not achieved or not started ({len(late)}), with the sentence that says so</h3>")
    for org, group in late.groupby("organisation", sort=True):
        out.append(f"<details><summary>{e(org)} ({len(group)})</summary>" + _table(
            group.to_dict("records"), [("period", "period"), ("status", "status"), ("item_kind", "item"),
                                       ("activity", "activity or goal"), ("sentence", "sentence")]) + "</details>")
    return "\n".join(out)


# --- findings ----------------------------------------------------------------------------

def _findings(con) -> str:
    recon = _rows(con, """
        select d.source_file, r.source_line, r.check_kind, r.subject, r.stated_value, r.computed_value,
               r.difference, l.text as printed_line
        from marts.dq_reconciliation r join marts.dim_document d using (document_id)
        left join marts.dim_source_line l on l.document_id = r.document_id and l.source_line = r.source_line
        where r.status = 'fail' order by d.source_file, r.source_line""")
    other = _rows(con, """
        select d.source_file, f.source_line, f.finding_kind, f.detail, l.text as printed_line
        from marts.dq_finding f left join marts.dim_document d using (document_id)
        left join marts.dim_source_line l on l.document_id = f.document_id and l.source_line = f.source_line
        order by d.source_file, f.source_line""")
    return (f'<h2 id="findings">Findings</h2><h3>Arithmetic that does not add up ({len(recon)})</h3>'
            + _table(recon, [("source_file", "document"), ("source_line", "line"), ("check_kind", "check"),
                             ("subject", "subject"), ("stated_value", "stated"), ("computed_value", "computed"),
                             ("difference", "difference"), ("printed_line", "printed line")],
                     numeric={"stated_value", "computed_value", "difference", "source_line"})
            + f"<h3>Other findings ({len(other)})</h3>"
            + _table(other, [("source_file", "document"), ("source_line", "line"), ("finding_kind", "kind"),
                             ("detail", "detail"), ("printed_line", "printed line")], numeric={"source_line"}))
