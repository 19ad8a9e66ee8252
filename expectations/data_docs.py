"""Data Docs: the outcome of every suite as a small static site that opens from the file system.

Great Expectations' own SiteBuilder pages load jQuery, Bootstrap and bootstrap-table from
CDNs (its index is an empty page offline) and print observed values, which carry document
text, as markup. These pages are written here instead, from the same validation results:
one index, one page per suite, a stylesheet inlined in each page, no script, and every
value escaped. They are staged beside the target during the checks and swapped in by
`publish_data_docs` only after the build file has been published.
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
import polars as pl

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem 2rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.observed,td.details{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word}
.ok{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}
.why{color:#57606a}a{color:#0969da}
"""


def e(value: object) -> str:
    """Text -> HTML text: every value from the warehouse goes through here."""
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>\n")


def suite_file(suite: str) -> str:
    return "validations/" + re.sub(r"[^A-Za-z0-9_.-]", "_", suite) + ".html"


def _verdict(success: bool, blocking: bool) -> str:
    if success:
        return '<span class="ok">passed</span>'
    return '<span class="fail">failed (blocks)</span>' if blocking else '<span class="warn">failed (warning)</span>'


def render_site(results: pl.DataFrame, run_id: str, out_dir: Path, why: dict[str, str] | None = None) -> Path:
    """Write index.html and validations/<suite>.html for `results` (runner.RESULT_SCHEMA) into out_dir."""
    why = why or {}
    (out_dir / "validations").mkdir(parents=True, exist_ok=True)
    suites = (results.group_by("suite", "table_name", "blocking", maintain_order=True)
              .agg(pl.len().alias("n"), (~pl.col("success")).sum().alias("failed"))
              .sort("failed", "table_name", "suite", descending=[True, False, False]))
    rows = []
    for s in suites.iter_rows(named=True):
        rows.append(
            f"<tr><td><a href=\"{e(suite_file(s['suite']))}\">{e(s['suite'])}</a></td><td>{e(s['table_name'])}</td>"
            f"<td>{'blocking' if s['blocking'] else 'warning'}</td><td>{s['n'] - s['failed']} of {s['n']}</td>"
            f"<td>{_verdict(s['failed'] == 0, bool(s['blocking']))}</td></tr>")
        _write_suite(results.filter(pl.col("suite") == s["suite"]), s, run_id, why.get(s["suite"], ""), out_dir)
    failed = int(results.filter(~pl.col("success")).height)
    body = (f"<h1>Data Docs: build {e(run_id)}</h1>"
            f"<p>{results.height} expectations in {suites.height} suites; {failed} failed.</p>"
            "<table><thead><tr><th>suite</th><th>table</th><th>kind</th><th>passed</th><th>outcome</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
    index = out_dir / "index.html"
    index.write_text(page(f"Data Docs {run_id}", body), encoding="utf-8")
    return index


def _write_suite(rows: pl.DataFrame, s: dict, run_id: str, why: str, out_dir: Path) -> None:
    cells = "".join(
        f"<tr><td>{e(r['expectation'])}</td><td>{e(r['column_name'])}</td>"
        f"<td>{_verdict(bool(r['success']), bool(r['blocking']))}</td>"
        f"<td class=\"observed\">{e(r['observed'])}</td><td class=\"details\">{e(r['details'])}</td></tr>"
        for r in rows.iter_rows(named=True))
    body = (f"<p><a href=\"../index.html\">&larr; all suites</a></p><h1>{e(s['suite'])}</h1>"
            f"<p>Table <code>{e(s['table_name'])}</code>, build {e(run_id)}. "
            f"<span class=\"why\">{e(why)}</span></p>"
            "<table><thead><tr><th>expectation</th><th>column</th><th>outcome</th><th>observed</th>"
            f"<th>arguments</th></tr></thead><tbody>{cells}</tbody></table>")
    (out_dir / suite_file(s["suite"])).write_text(page(s["suite"], body), encoding="utf-8")


def staging_dir(target: Path) -> Path:
    return target.with_name(target.name + ".building")


def stage_site(results: pl.DataFrame, run_id: str, target: Path, why: dict[str, str] | None = None) -> Path:
    """Render the site into `<target>.building` (replacing any earlier staging)."""
    staging = staging_dir(target)
    shutil.rmtree(staging, ignore_errors=True)
    render_site(results, run_id, staging, why)
    return staging


def publish_data_docs(target: Path) -> Path | None:
    """Swap the staged site onto `target` (call after the build file is published).
    Returns the index, or None when nothing was staged."""
    staging = staging_dir(target)
    if not (staging / "index.html").exists():
        return None
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target / "index.html"


def discard_staged(target: Path) -> None:
    shutil.rmtree(staging_dir(target), ignore_errors=True)
