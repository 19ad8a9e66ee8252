"""`make bench`: how fast, how big, and how the cost grows, local and on a Dask cluster.

Measures, in one run on this machine:
- a one-model dbt-duckdb project's `dbt build` (the floor every time is divided by),
  at the start and again at the end of the run (the median of all its runs is used),
- `warehouse build --no-cache` on the bundled corpus (x1) and on generated corpora
  (x20, x100: distinct copies of the bundled documents, half of them with figures changed),
  each with local processes and on a local Dask cluster of 2 workers (`--workers 2`), with
  each stage's wall time (from the build log), ingest MB/s, peak RSS (the largest single
  process, and the sum over the build's process tree, sampled) and file size,
- whether the Dask build holds the same facts as the local one (every raw and mart table),
- rebuilds with nothing changed and with two documents changed (the incremental path),
- typical analyst queries against the built file.
x1 figures are medians of --runs runs; larger corpora run once. Prints a table (every time
also as a ratio to the floor) and writes JSON to benchmarks/results/. Benchmarks measure;
the test suite has no timing assertions.
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
import threading
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
    """Wall seconds and peak RSS (KiB) of the largest process among the command and its children."""
    wall, peak, _, res = timed_tree_run(cmd, env)
    return wall, peak, res


# Seconds since the start of the last timed_tree_run at which its tree peak was sampled
# (tree_peak_stage turns it into the stage it fell in).
_LAST_TREE_PEAK_AT = [0.0]


def timed_tree_run(cmd: list[str], env: dict | None = None) -> tuple[float, int, int, subprocess.CompletedProcess]:
    """As timed_run, plus the peak of the summed RSS (KiB) of the whole process tree, sampled
    every 0.1 s (ru_maxrss only knows the largest single process; a Dask cluster is several)."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _RSS_WRAPPER, *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    tree_peak = [0]
    done = threading.Event()

    def sample():
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            # The wrapper's own few MiB are counted too: an overestimate of at most that.
            if total // 1024 > tree_peak[0]:
                tree_peak[0] = total // 1024
                _LAST_TREE_PEAK_AT[0] = time.perf_counter() - t0
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t0
    res = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    m = re.search(r"PEAK_RSS_KIB=(\d+)", res.stderr)
    return wall, int(m.group(1)) if m else 0, tree_peak[0], res


def tree_peak_stage(wall: float, peak_at: float, stages: dict[str, float]) -> str:
    """The stage the tree peak fell in: the stages run one after the other and end with the
    command (interpreter start and the log are the little before and after)."""
    end = wall - sum(stages.values())
    for stage, sec in stages.items():
        end += sec
        if peak_at <= end:
            return stage
    return "after the stages"


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


MODES = {"local": [], "dask2": ["--workers", "2"]}  # local processes; a local Dask cluster of 2 workers


def bench(runs: int, scales: list[int], keep: bool, modes: list[str], incremental_scales: set[int],
          dask_scales: set[int] | None = None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="wh-bench-"))
    result: dict = {"started_at": datetime.now(timezone.utc).isoformat(), "runs": runs, "cpus": os.cpu_count(),
                    "load_average_at_start": os.getloadavg()}
    try:
        project = one_model_project(work / "yardstick")
        dbt = str(BIN / "dbt")

        def yard():
            wall, _, _ = timed_run([dbt, "build", "--project-dir", str(project), "--profiles-dir", str(project),
                                    "--target-path", str(project / "target"), "--log-path", str(project / "logs")])
            return wall, None

        yard_all = median_of(runs, yard)[1]

        result["corpora"] = {}
        for scale in scales:
            docs = DOCUMENTS if scale == 1 else make_corpus(work / f"x{scale}", scale)
            scale_modes = [m for m in modes if m == "local" or dask_scales is None or scale in dask_scales]
            for mode in scale_modes:
                key = f"x{scale}" if mode == "local" else f"x{scale} {mode}"
                db = work / f"x{scale}-{mode}.duckdb"
                try:
                    result["corpora"][key] = measure_build(docs, db, MODES[mode], runs if scale == 1 else 1)
                except RuntimeError as e:  # a failed build is a finding of the run, not its end
                    result.setdefault("failed", {})[key] = str(e)[-3000:]
                    print(f"[bench] {key}: FAILED (see 'failed' in the results)", flush=True)
                    continue
                result["corpora"][key]["mode"] = mode
                print(f"[bench] {key}: {result['corpora'][key]['full_build_s']['median']:.1f}s", flush=True)
            if "local" in scale_modes and len(scale_modes) > 1:
                from ingest.executors.same_facts import differences

                for mode in scale_modes[1:]:
                    if {f"x{scale}", f"x{scale} {mode}"} - set(result["corpora"]):
                        continue  # one of the two builds failed
                    diff = differences(work / f"x{scale}-local.duckdb", work / f"x{scale}-{mode}.duckdb")
                    entry = result["corpora"][f"x{scale} {mode}"]
                    # Raw tables are what the executor produces; marts are dbt's work on them.
                    entry["same_raw_as_local"] = not [d for d in diff if d.startswith("raw.")]
                    entry["same_facts_as_local"] = not diff
                    entry["fact_differences"] = diff[:20]
            if scale == 1 and "x1" in result["corpora"]:
                result["corpora"]["x1"]["queries_ms"] = time_queries(work / "x1-local.duckdb")
            if scale in incremental_scales and f"x{scale}" in result["corpora"]:
                result["corpora"][f"x{scale}"]["rebuild"] = measure_rebuilds(docs, work, scale, runs)
            for mode in scale_modes:  # the files are measured; free the disk for the next corpus
                if not keep:
                    for p in work.glob(f"x{scale}-{mode}.duckdb*"):
                        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()
        yard_all += median_of(runs, yard)[1]  # again at the end: the machine may have changed
        result["one_model_dbt_build_s"] = {"median": statistics.median(yard_all), "runs": yard_all}
        result["load_average_at_end"] = os.getloadavg()
        result["ratios"] = ratios(result)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def measure_build(docs: Path, db: Path, extra: list[str], n: int) -> dict:
    size = sum(p.stat().st_size for p in docs.iterdir() if p.is_file() and p.suffix == ".txt")
    peaks, tree_peaks, tree_peak_stages = [], [], []

    def full():
        wall, peak, tree, _ = timed_tree_run([str(BIN / "warehouse"), "build", "--no-cache", *extra,
                                              "--documents", str(docs), "--database", str(db)])
        log = build_log(db)
        peaks.append(peak)
        tree_peaks.append(tree)
        tree_peak_stages.append(tree_peak_stage(wall, _LAST_TREE_PEAK_AT[0], log["stage_seconds"]))
        return wall, log

    wall, walls, log = median_of(n, full)
    stages = log["stage_seconds"]
    steps = log.get("ingest_seconds", {})
    return {
        "documents": len(list(docs.glob("*.txt"))), "mb": round(size / 1e6, 2),
        "full_build_s": {"median": wall, "runs": walls},
        "stages_s": stages, "ingest_steps_cpu_s": steps,
        "ingest_mb_per_s_wall": round(size / 1e6 / stages["ingest"], 2),
        # Summed per-document seconds (registry, cache and parse steps), wherever they ran.
        "ingest_mb_per_s_per_process": round(size / 1e6 / max(sum(steps.values()), 1e-9), 2),
        "peak_rss_mib_largest_process": round(max(peaks) / 1024, 1),
        "peak_rss_mib_process_tree": round(max(tree_peaks) / 1024, 1),
        "peak_rss_process_tree_stage": tree_peak_stages[tree_peaks.index(max(tree_peaks))],
        "peak_rss_mib_after_stage": log.get("peak_rss_mib_after_stage", {}),
        "file_mib": round(db.stat().st_size / 2**20, 2),
        "rows_per_mart": log.get("rows_per_mart", {}),
    }


def measure_rebuilds(docs: Path, work: Path, scale: int, runs: int) -> dict:
    """A rebuild with nothing changed, then with two documents changed, after a full build
    (which filled the store); each against that full build."""
    if docs == DOCUMENTS:  # never touch the bundled corpus
        docs = shutil.copytree(DOCUMENTS, work / "x1-copy")
    db = work / f"x{scale}-rebuild.duckdb"
    cmd = [str(BIN / "warehouse"), "build", "--documents", str(docs), "--database", str(db)]
    full, _, _ = timed_run([*cmd, "--no-cache"])

    def rebuild():
        wall, _, _ = timed_run(cmd)
        return wall, build_log(db)

    same, _, log_same = median_of(runs if scale == 1 else 1, rebuild)
    for p in sorted(docs.glob("*.txt"))[:2]:
        p.write_text(p.read_text(encoding="utf-8") + "\nÄndrad\n", encoding="utf-8")
    changed, log_changed = rebuild()
    return {
        "full_s": full, "no_change_s": same, "two_changed_s": changed,
        "no_change_stages_s": log_same["stage_seconds"], "two_changed_stages_s": log_changed["stage_seconds"],
        "parsed": {"no_change": log_same.get("documents_parsed"), "two_changed": log_changed.get("documents_parsed")},
        # whether the rebuild started from a copy of the published file (ingest/incremental.py)
        "started_from_published": {"no_change": log_same.get("started_from_published"),
                                   "two_changed": log_changed.get("started_from_published")},
    }


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
    """Every time as a multiple of the floor (one-model dbt build), plus the growth ratios."""
    y = r["one_model_dbt_build_s"]["median"]
    c = r["corpora"]
    out = {}
    for k, v in c.items():
        name = k.replace(" ", "_")
        out[f"{name}_full_build_vs_floor"] = round(v["full_build_s"]["median"] / y, 2)
        for stage, sec in v["stages_s"].items():
            out[f"{name}_{stage.replace(' ', '_')}_vs_floor"] = round(sec / y, 3)
    for k, v in c.items():
        if "rebuild" in v:
            rb = v["rebuild"]
            out[f"{k}_no_change_rebuild_vs_floor"] = round(rb["no_change_s"] / y, 2)
            out[f"{k}_no_change_rebuild_vs_full"] = round(rb["no_change_s"] / rb["full_s"], 2)
            out[f"{k}_two_changed_rebuild_vs_full"] = round(rb["two_changed_s"] / rb["full_s"], 2)
    x1 = c.get("x1")
    for k, v in c.items():
        if x1 and v.get("mode") == "local" and k != "x1":
            scale = int(k[1:])
            out[f"{k}_ingest_vs_{scale}x_x1_ingest"] = round(v["stages_s"]["ingest"] / (scale * x1["stages_s"]["ingest"]), 2)
            out[f"{k}_dbt_vs_x1_dbt"] = round(v["stages_s"]["dbt build"] / x1["stages_s"]["dbt build"], 2)
    return out


def print_table(r: dict) -> None:
    y = r["one_model_dbt_build_s"]["median"]
    print(f"\nfloor: one-model dbt build {y:.2f}s (median of {len(r['one_model_dbt_build_s']['runs'])}); "
          f"load average {r['load_average_at_start'][0]:.1f} at start, {r['load_average_at_end'][0]:.1f} at end")
    print("times are x floor (seconds in brackets)")
    print(f"{'corpus':13} {'docs':>5} {'MB':>7} {'build':>14} {'ingest':>13} {'raw load':>12} {'dbt':>13} "
          f"{'checks':>13} {'MB/s/proc':>9} {'MB/s wall':>9} {'MiB 1 proc':>10} {'MiB tree':>9} {'same':>5}")

    def t(sec):
        return f"{sec / y:.2f} ({sec:.0f})"

    for k, v in r["corpora"].items():
        st = v["stages_s"]
        same = {True: "yes", False: "raw" if v.get("same_raw_as_local") else "NO"}.get(v.get("same_facts_as_local"), "-")
        print(f"{k:13} {v['documents']:>5} {v['mb']:>7} {t(v['full_build_s']['median']):>14} {t(st['ingest']):>13} "
              f"{t(st['raw load']):>12} {t(st['dbt build']):>13} {t(st['checks']):>13} "
              f"{v['ingest_mb_per_s_per_process']:>9} {v['ingest_mb_per_s_wall']:>9} "
              f"{v['peak_rss_mib_largest_process']:>10} {v['peak_rss_mib_process_tree']:>9} {same:>5}")
    for k, v in r["corpora"].items():
        if "rebuild" in v:
            rb = v["rebuild"]
            print(f"\n{k} rebuilds: full {t(rb['full_s'])}, nothing changed {t(rb['no_change_s'])} "
                  f"= {rb['no_change_s'] / rb['full_s']:.2f} x full, two documents changed {t(rb['two_changed_s'])} "
                  f"= {rb['two_changed_s'] / rb['full_s']:.2f} x full; parsed {rb['parsed']}; "
                  f"started from the published file {rb.get('started_from_published')}")
            print("  stages, nothing changed (s):", ", ".join(f"{s} {x:.1f}" for s, x in rb["no_change_stages_s"].items()))
            print("  stages, two changed (s):", ", ".join(f"{s} {x:.1f}" for s, x in rb["two_changed_stages_s"].items()))
    for k, v in r["corpora"].items():
        print(f"{k} peak RSS of the build process after stage (MiB):",
              ", ".join(f"{s} {m}" for s, m in v["peak_rss_mib_after_stage"].items()),
              f"; process tree peak in stage: {v.get('peak_rss_process_tree_stage', '-')}")
    x1 = r["corpora"].get("x1")
    if x1:
        print("x1 ingest steps (cpu s):", ", ".join(f"{k} {v:.3f}" for k, v in x1["ingest_steps_cpu_s"].items()))
        if "queries_ms" in x1:
            print("analyst queries (ms):", ", ".join(f"{k} {v['median_ms']}" for k, v in x1["queries_ms"].items()))
    for k, v in r["corpora"].items():
        if v.get("fact_differences"):
            print(f"{k} differs from the local build in: {v['fact_differences']}")
    for k, why in r.get("failed", {}).items():
        print(f"\n{k}: BUILD FAILED\n{why[-1500:]}")


def scale_list(text: str) -> list[int]:
    """'1,20' -> [1, 20]; empty items are skipped, so `--incremental-scales=` measures none."""
    return [int(s) for s in text.split(",") if s.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scales", default="1,20,100", help="comma-separated corpus multipliers, run in this order")
    ap.add_argument("--dask-scales", default=None, help="scales also built on the Dask cluster (default: all)")
    ap.add_argument("--modes", default="local,dask2", help="local (processes) and/or dask2 (local Dask cluster, 2 workers)")
    ap.add_argument("--incremental-scales", default="1,20", help="corpora whose rebuilds are measured")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora and files")
    a = ap.parse_args()
    scales = list(dict.fromkeys(scale_list(a.scales)))
    modes = [m for m in MODES if m in a.modes.split(",")]
    dask_scales = set(scale_list(a.dask_scales)) if a.dask_scales else None
    r = bench(a.runs, scales, a.keep, modes, set(scale_list(a.incremental_scales)), dask_scales)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(r, indent=2))
    (RESULTS / "latest.json").write_text(json.dumps(r, indent=2))
    print_table(r)
    print(f"\nwritten: {out}")
    if r.get("failed"):
        raise SystemExit(f"builds failed: {', '.join(r['failed'])}")


if __name__ == "__main__":
    main()
