"""`make bench`: how fast, how big, and how the cost grows.

Measures, in one run on this machine:
- a one-model dbt-duckdb project's `dbt build` (the yardstick every time is divided by),
- `warehouse build --no-cache` on the bundled corpus (x1) and on generated corpora
  (x10, x50: distinct copies of the bundled documents, half of them with figures changed),
  with each stage's wall time (from the build log), ingest MB/s, peak RSS and file size,
- a rebuild with nothing changed (the incremental path),
- typical analyst queries against the built file.
Every figure is a median of --runs runs (default 3). Prints a table and writes JSON to
benchmarks/results/. Benchmarks measure; the test suite has no timing assertions.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "data" / "documents"
RESULTS = REPO / "benchmarks" / "results"
BIN = Path(sys.executable).parent

QUERIES = {
    "kpi_series": """
        select indicator_name, organisation, period_label, period_end_date, target_value, result_value, status
        from marts.fct_indicator_value
        where indicator_id = (select indicator_id from marts.fct_indicator_value
                              group by 1 order by count(*) desc limit 1)
        order by period_end_date""",
    "deviations_per_committee": """
        select region, organisation, line_item, column_label, amount, unit
        from marts.fct_financial_line
        where statement = 'committee_deviation' and measure = 'deviation'
        order by region, line_item""",
    "case_history": """
        select case_number, event_date, body, paragraph, event_kind
        from marts.fct_case_event
        where case_number = (select case_number from marts.fct_case_event
                             group by 1 order by count(*) desc limit 1)
        order by event_date, paragraph""",
    "findings_of_a_document": """
        select r.check_kind, r.subject, r.stated_value, r.computed_value, r.difference, l.text
        from marts.dq_reconciliation r
        left join marts.dim_source_line l using (document_id, source_line)
        where r.status = 'fail'
          and r.document_id = (select document_id from marts.dim_document order by size_bytes desc limit 1)""",
}


def make_corpus(dest: Path, copies: int) -> Path:
    """`copies` distinct copies of every bundled document; odd copies get figures changed."""
    dest.mkdir(parents=True, exist_ok=True)
    for src in sorted(DOCUMENTS.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for k in range(copies):
            body = text if k % 2 == 0 else _change_figures(text, k)
            # A trailing line makes every copy distinct content (a distinct document id).
            (dest / f"{src.stem}_copy{k:03d}.txt").write_text(body + f"\nKopia {k}\n", encoding="utf-8")
    return dest


_FIGURE = re.compile(r"(?<![\d/:-])(\d{1,3})((?: \d{3})*,\d)(?![\d/])")


def _change_figures(text: str, k: int) -> str:
    """Change the leading group of decimal figures (e.g. '1 003,4' -> '1 004,4'): same layout, other values."""
    return _FIGURE.sub(lambda m: f"{(int(m.group(1)) + k) % 1000}{m.group(2)}", text)


# Runs the command and reports the peak RSS of its whole process tree (waited-for
# descendants fold into RUSAGE_CHILDREN), so each measured command gets its own figure.
_RSS_WRAPPER = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "sys.stderr.write(f'\\nPEAK_RSS_KIB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n'); "
    "sys.exit(r.returncode)"
)


def timed_run(cmd: list[str], env: dict | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall seconds and peak RSS (KiB) of a command and its children."""
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, *cmd], capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    m = re.search(r"PEAK_RSS_KIB=(\d+)", res.stderr)
    return wall, int(m.group(1)) if m else 0, res


def one_model_project(root: Path) -> Path:
    """The yardstick: a dbt-duckdb project with one model, built the same way (real dbt)."""
    (root / "models").mkdir(parents=True, exist_ok=True)
    (root / "dbt_project.yml").write_text(
        "name: yardstick\nversion: '1.0'\nconfig-version: 2\nprofile: yardstick\nmodel-paths: [models]\n")
    (root / "profiles.yml").write_text(
        "yardstick:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: {root / 'yardstick.duckdb'}\n      threads: 2\n")
    (root / "models" / "one.sql").write_text("select 1 as x\n")
    return root


def median_of(runs: int, fn) -> tuple[float, list[float], object]:
    walls, last = [], None
    for _ in range(runs):
        wall, last = fn()
        walls.append(wall)
    return statistics.median(walls), walls, last


def build_log(db: Path) -> dict:
    return json.loads(Path(f"{db}.builds.jsonl").read_text().splitlines()[-1])


def bench(runs: int, scales: list[int], keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix="wh-bench-"))
    result: dict = {"started_at": datetime.now(timezone.utc).isoformat(), "runs": runs, "cpus": os.cpu_count()}
    try:
        # Yardstick.
        project = one_model_project(work / "yardstick")
        dbt = str(BIN / "dbt")

        def yard():
            wall, _, _ = timed_run([dbt, "build", "--project-dir", str(project), "--profiles-dir", str(project),
                                    "--target-path", str(project / "target"), "--log-path", str(project / "logs")])
            return wall, None

        yard_s, yard_all, _ = median_of(runs, yard)
        result["one_model_dbt_build_s"] = {"median": yard_s, "runs": yard_all}

        result["corpora"] = {}
        for scale in scales:
            docs = DOCUMENTS if scale == 1 else make_corpus(work / f"x{scale}", scale)
            size = sum(p.stat().st_size for p in docs.iterdir() if p.is_file() and p.suffix == ".txt")
            db = work / f"x{scale}.duckdb"
            n = runs if scale <= 10 else max(1, min(runs, 1))
            peaks = []

            def full():
                wall, peak, _ = timed_run([str(BIN / "warehouse"), "build", "--no-cache",
                                           "--documents", str(docs), "--database", str(db)])
                peaks.append(peak)
                return wall, build_log(db)

            wall, walls, log = median_of(n, full)
            stages = log["stage_seconds"]
            entry = {
                "documents": len(list(docs.glob("*.txt"))), "mb": round(size / 1e6, 2),
                "full_build_s": {"median": wall, "runs": walls},
                "stages_s": stages, "ingest_steps_cpu_s": log.get("ingest_seconds", {}),
                "ingest_mb_per_s_wall": round(size / 1e6 / stages["ingest"], 2),
                "ingest_mb_per_s_per_process": round(size / 1e6 / max(sum(log.get("ingest_seconds", {}).values()), 1e-9), 2),
                "peak_rss_mib_max_of_children": round(max(peaks) / 1024, 1),
                "peak_rss_mib_after_stage": log.get("peak_rss_mib_after_stage", {}),
                "file_mib": round(db.stat().st_size / 2**20, 2),
                "rows_per_mart": log.get("rows_per_mart", {}),
            }
            if scale == 1:
                def noop():
                    w, _, _ = timed_run([str(BIN / "warehouse"), "build", "--documents", str(docs), "--database", str(db)])
                    return w, build_log(db)

                timed_run([str(BIN / "warehouse"), "build", "--documents", str(docs), "--database", str(db)])  # fill cache
                entry["no_change_rebuild_s"] = median_of(runs, noop)[0]
                entry["queries_ms"] = time_queries(db)
            result["corpora"][f"x{scale}"] = entry
        result["ratios"] = ratios(result)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def time_queries(db: Path, repeat: int = 5) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    try:
        for name, sql in QUERIES.items():
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = con.sql(sql).fetchall()
                times.append((time.perf_counter() - t0) * 1000)
            out[name] = {"median_ms": round(statistics.median(times), 2), "rows": len(rows)}
    finally:
        con.close()
    return out


def ratios(r: dict) -> dict:
    y = r["one_model_dbt_build_s"]["median"]
    c = r["corpora"]
    out = {"x1_full_build_vs_one_model": round(c["x1"]["full_build_s"]["median"] / y, 2)}
    for k, v in c.items():
        out[f"{k}_dbt_build_vs_one_model"] = round(v["stages_s"]["dbt build"] / y, 2)
        out[f"{k}_ingest_vs_one_model"] = round(v["stages_s"]["ingest"] / y, 3)
    if "no_change_rebuild_s" in c["x1"]:
        out["x1_no_change_rebuild_vs_full"] = round(c["x1"]["no_change_rebuild_s"] / c["x1"]["full_build_s"]["median"], 2)
    for k in c:
        if k != "x1":
            scale = int(k[1:])
            out[f"{k}_ingest_vs_{scale}x_x1_ingest"] = round(c[k]["stages_s"]["ingest"] / (scale * c["x1"]["stages_s"]["ingest"]), 2)
            out[f"{k}_dbt_vs_x1_dbt"] = round(c[k]["stages_s"]["dbt build"] / c["x1"]["stages_s"]["dbt build"], 2)
    return out


def print_table(r: dict) -> None:
    y = r["one_model_dbt_build_s"]["median"]
    print(f"\none-model dbt build (yardstick): {y:.2f}s (median of {r['runs']})")
    print(f"{'corpus':8} {'docs':>5} {'MB':>7} {'build s':>8} {'x yard':>7} {'ingest s':>9} {'MB/s/proc':>9} "
          f"{'dbt s':>7} {'rss MiB':>8} {'file MiB':>8}")
    for k, v in r["corpora"].items():
        b = v["full_build_s"]["median"]
        print(f"{k:8} {v['documents']:>5} {v['mb']:>7} {b:>8.2f} {b / y:>7.2f} {v['stages_s']['ingest']:>9.2f} "
              f"{v['ingest_mb_per_s_per_process']:>9} {v['stages_s']['dbt build']:>7.2f} "
              f"{v['peak_rss_mib_max_of_children']:>8} {v['file_mib']:>8}")
    x1 = r["corpora"]["x1"]
    print("\nx1 stages (s):", ", ".join(f"{k} {v:.2f}" for k, v in x1["stages_s"].items()))
    for k, v in r["corpora"].items():
        print(f"{k} peak RSS after stage (MiB):", ", ".join(f"{s} {m}" for s, m in v["peak_rss_mib_after_stage"].items()))
    print("x1 ingest steps (cpu s):", ", ".join(f"{k} {v:.3f}" for k, v in x1["ingest_steps_cpu_s"].items()))
    if "queries_ms" in x1:
        print("analyst queries (ms):", ", ".join(f"{k} {v['median_ms']}" for k, v in x1["queries_ms"].items()))
    print("\nratios:")
    for k, v in r["ratios"].items():
        print(f"  {k}: {v}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scales", default="1,10,50", help="comma-separated corpus multipliers (1 is always run)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora and files")
    a = ap.parse_args()
    scales = sorted({1, *(int(s) for s in a.scales.split(","))})
    r = bench(a.runs, scales, a.keep)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(r, indent=2))
    (RESULTS / "latest.json").write_text(json.dumps(r, indent=2))
    print_table(r)
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
