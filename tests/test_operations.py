"""Nightly operations with real processes: readers beside a rebuild, kills, concurrent builds,
incremental ingest, a rebuild from the published file against a full build, the build after
a kill (leftovers, history, a held file), and an older DuckDB reading the published file."""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from conftest import copy_documents, publish_copy, run_warehouse, start_warehouse
from test_report import plant_payload, render
from ingest.executors.same_facts import differences
from ingest.publish import COMPACT_FREE_SHARE, free_share

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_statuses(db: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("select run_id, status from marts.meta_build_run order by started_at").fetchall()
    finally:
        con.close()


def run_ids(db: Path) -> list[str]:
    return [r for r, _ in run_statuses(db)]


def log_records(db: Path) -> list[dict]:
    return [json.loads(line) for line in db.with_name(db.name + ".builds.jsonl").read_text().splitlines()]


READER = textwrap.dedent("""
    import os, sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("open", flush=True)
    n = 0
    deadline = time.time() + 900  # a guard: the test says when to stop
    while not os.path.exists(sys.argv[2]) and time.time() < deadline:
        n += con.sql("select count(*) from marts.dim_section").fetchall()[0][0] > 0
        time.sleep(0.05)
    print("queries", n, flush=True)
""")


def _wait_for(path: Path, timeout: float = 900) -> None:
    deadline = time.time() + timeout
    while not path.exists():
        if time.time() > deadline:
            raise AssertionError(f"{path} did not appear")
        time.sleep(0.1)


POINTS = ("ingest", "dbt", "before_swap")
# Tables that differ between any two builds: their rows are this run's (ids, times, history).
PER_RUN = ("marts.dq_expectation_result", "marts.meta_build_run", "marts.meta_fact_fingerprint")

HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])  # read-write, as a careless tool would
    con.sql("select count(*) from marts.meta_build_run").fetchall()
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def _kill_at(point: str, cmd: list[str], published: Path, out: Path) -> None:
    """A build of cmd paused at `point` (WAREHOUSE_FAULT) and SIGKILLed there."""
    marker = Path(f"{published}.paused-{point}")
    with open(out, "w") as o:
        proc = start_warehouse(*cmd, stdout=o, stderr=subprocess.STDOUT, env={"WAREHOUSE_FAULT": f"{point}:pause"})
        try:
            _wait_for(marker)
        finally:
            proc.send_signal(signal.SIGKILL)  # also when it never paused: no build left running
            proc.wait(timeout=30)
    marker.unlink()


def _documents(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.sql("select document_id from marts.dim_document").fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def night(tmp_path_factory, small_published) -> dict:
    """One served copy of the small build through a night of operations, each build doing
    the work of several tests (builds are what these tests cost):
    1. the plan is changed; a reader opens the served file; two builds start together (one
       publishes, from an empty file, one exits 2);
    2. builds of the unchanged folder SIGKILLed at ingest, dbt and before_swap in turn (the
       last two print their documents as read from the cache before they are killed);
    3. the plan is put back, and a read-write connection is held on the served file by
       another process: the build after the kills takes over the dead lock and starts from
       the published file; it must equal the small session build (same two documents, built
       from an empty file);
    4. a build of the unchanged folder SIGKILLed just after its swap;
    5. a build from another folder holding only the goal follow-up, with a <script> planted
       in it (test_report's plant_payload), and what a killed build can leave planted beside
       the served file (a spill folder, a stale WAL, an empty lock); the report and diff
       tests read what it published. (A build beside a held connection reads the earlier
       fact fingerprints from a copy of the served file: tests/test_fingerprint_carry.py.)
    Returns what each step saw; the tests below assert on it."""
    root = tmp_path_factory.mktemp("night")
    published = publish_copy(small_published, root / "served")
    corpus = copy_documents(root / "docs", names=["002", "003"])
    plan = next(corpus.glob("003_*"))
    plan_text = plan.read_text(encoding="utf-8")
    plan.write_text(plan_text.replace("Regionstyrelsen", "Regionstyrelsen Norr", 1), encoding="utf-8")
    cmd = ["build", "--documents", str(corpus), "--database", str(published)]
    seen: dict = {"runs_before": run_ids(published), "published": published}

    stop = root / "stop-reader"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen["reader_opened"] = reader.stdout.readline().strip()
        procs = [start_warehouse(*cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        seen["together"] = [p.communicate(timeout=1200) + (p.returncode,) for p in procs]
        seen["reader_alive_after_build"] = reader.poll() is None
        seen["runs_after_together"] = run_ids(published)
    finally:
        stop.touch()
        seen["reader"] = reader.communicate(timeout=60) + (reader.returncode,)

    seen["runs_before_kills"] = run_ids(published)
    seen["killed"] = {}
    for point in POINTS:
        before = sha(published)
        out = root / f"killed-{point}.out"
        _kill_at(point, cmd, published, out)
        seen["killed"][point] = {"served_unchanged": sha(published) == before,
                                 "lock_left": Path(f"{published}.lock").exists(),
                                 "output": out.read_text()}

    # the published file before the next build, kept by a hard link: the build must only read it
    unrestored = root / "unrestored.duckdb"
    os.link(published, unrestored)
    seen["unrestored"] = {"path": unrestored, "sha": sha(unrestored), "documents": _documents(unrestored)}
    plan.write_text(plan_text, encoding="utf-8")
    seen["runs_before_restore"] = run_ids(published)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(published), "1200"], stdout=subprocess.PIPE, text=True)
    try:
        seen["holder"] = holder.stdout.readline().strip()
        seen["after_kills"] = run_warehouse(*cmd)
        seen["holder_alive_after_build"] = holder.poll() is None
    finally:
        holder.kill()
        holder.wait()
    seen["runs_after_kills"] = run_ids(published)
    seen["leftovers"] = [p.name for p in published.parent.iterdir()
                         if ".build." in p.name or p.name.endswith((".wal", ".lock"))]
    # what that build published, kept by a hard link (the builds below swap in other files)
    seen["restored"] = root / "restored.duckdb"
    os.link(published, seen["restored"])
    seen["restored_log"] = log_records(published)[-1]

    _kill_at("after_swap", cmd, published, root / "killed-after_swap.out")
    seen["log_after_kill"] = log_records(published)
    # that build of the unchanged folder, as it published (nothing changed: marts kept)
    seen["kept"] = root / "kept.duckdb"
    os.link(published, seen["kept"])
    seen["runs_after_kill"] = run_statuses(published)

    other = copy_documents(root / "other-docs", names=["002"])
    plant_payload(next(other.glob("002_*")))
    spill = published.with_name(published.name + ".build.tmp.tmp")
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 1024)
    stale_wal = published.with_name(published.name + ".build.tmp.wal")
    stale_wal.write_bytes(b"x")
    Path(f"{published}.lock").write_text("")  # in place of the killed build's lock
    seen["removed"] = run_warehouse("build", "--documents", str(other), "--database", str(published))
    seen["planted_leftovers_gone"] = not spill.exists() and not stale_wal.exists()
    seen["lock_gone"] = not Path(f"{published}.lock").exists()
    seen["runs_after_removed"] = run_statuses(published)
    seen["status"] = run_warehouse("status", "--database", str(published))
    con = duckdb.connect(str(published), read_only=True)
    seen["documents"] = con.sql("select source_file, title from marts.dim_document").fetchall()
    seen["sectioned_documents"] = con.sql("select count(distinct document_id) from marts.dim_section").fetchall()[0][0]
    con.close()
    return seen


def test_reader_holding_the_file_open_survives_a_rebuild(night):
    assert night["reader_opened"] == "open"
    assert night["reader_alive_after_build"]  # it held the file through the whole build
    # A new connection sees the new build while the old reader is still open.
    before, after = night["runs_before"], night["runs_after_together"]
    assert after[:-1] == before and len(after) == len(before) + 1
    out, err, code = night["reader"]
    assert code == 0, err
    assert int(out.split()[-1]) > 10


def test_two_builds_started_together_one_publishes_one_exits_2(night):
    results = night["together"]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 2], results
    loser = next(r for r in results if r[2] == 2)
    assert "another build is running" in loser[1] and "pid" in loser[1]
    assert len(night["runs_after_together"]) == 2


def test_incremental_build_parses_only_changed_documents(night):
    winner = next(r for r in night["together"] if r[2] == 0)
    assert "(2 parsed, 0 from cache)" in winner[0], winner[0]  # a copied file has no cache yet
    for point in ("dbt", "before_swap"):  # builds of the unchanged folder, past their ingest
        docs = [ln for ln in night["killed"][point]["output"].splitlines() if ln.startswith("[doc]")]
        assert len(docs) == 2 and all(": loaded, cached (" in ln for ln in docs), (point, docs)
    changed = night["after_kills"].stdout
    assert "(1 parsed, 1 from cache)" in changed, changed
    assert "003_" in next(ln for ln in changed.splitlines() if "loaded, parsed" in ln)
    # built from a folder without the plan (003)
    assert night["removed"].returncode == 0, night["removed"].stderr
    assert [d[0][:3] for d in night["documents"]] == ["002"] and night["sectioned_documents"] == 1


@pytest.mark.parametrize("point", POINTS)
def test_sigkill_at_any_point_leaves_the_served_file_and_the_next_build_works(night, point):
    assert night["killed"][point]["served_unchanged"]
    assert night["killed"][point]["lock_left"]  # the dead build's lock is still there ...
    res = night["after_kills"]
    assert res.returncode == 0, res.stderr  # ... and is taken over
    # the killed builds left no run behind, the one after them published
    assert night["runs_after_kills"][:-1] == night["runs_before_kills"]
    assert len(night["runs_after_kills"]) == len(night["runs_before_kills"]) + 1
    assert not night["leftovers"], night["leftovers"]


# --- from test_incremental_build.py: a build from the published file equals a full build ---

def test_a_rebuild_from_the_published_file_equals_a_full_build(night, small_published):
    # step 3: the plan put back, built from the published file of the changed plan, against
    # the small session build of the same two documents, made from an empty file
    record = night["restored_log"]
    assert record["status"] == "published" and record["started_from_published"] is True
    # the raw rows of the plan as changed went, the original plan's came; 002's stayed
    raw = record["raw_load"]
    assert not raw["marts_kept"] and {"document", "document_line", "section"} <= set(raw["tables"])
    assert raw["documents_deleted"] >= 2 and raw["documents_inserted"] >= 2  # one document, in several tables
    full_log = log_records(small_published)
    assert [r["status"] for r in full_log] == ["publishing", "published"]
    assert full_log[-1]["started_from_published"] is False
    unrestored = night["unrestored"]
    assert sha(unrestored["path"]) == unrestored["sha"]  # the published file was only read
    assert os.stat(unrestored["path"]).st_ino != os.stat(night["restored"]).st_ino

    inc = night["restored"]
    assert [d for d in differences(inc, small_published) if not d.startswith(PER_RUN)] == []
    con = duckdb.connect(str(inc), read_only=True)
    try:
        now = {r[0] for r in con.sql("select document_id from marts.dim_document").fetchall()}
        lines = {r[0] for r in con.sql("select distinct document_id from marts.dim_source_line").fetchall()}
        sections = {r[0] for r in con.sql("select distinct document_id from marts.dim_section").fetchall()}
    finally:
        con.close()
    old_ids = unrestored["documents"]
    assert len(now - old_ids) == 1 and len(old_ids - now) == 1  # the plan has a new id
    assert lines == sections == now  # the changed plan's rows are gone, the original plan's are in
    # GX ran only on the tables the plan's change touched; the others' results were carried
    # from the published file (expectations/reuse.py): the full build's counts and outcomes
    results = ("select suite, table_name, expectation, column_name, success, blocking, details, "
               "regexp_replace(observed, '; e\\.g\\. .*$', '') from marts.dq_expectation_result "
               "where table_name not like '%build_run'")
    con = duckdb.connect(str(inc), read_only=True)
    try:
        validated_in = dict(con.sql("select table_name, any_value(validated_in) from checks.table_result "
                                    "group by 1").fetchall())
        carried = sorted(r for r in con.sql(results).fetchall())
    finally:
        con.close()
    assert validated_in["raw.document_line"] == record["run_id"]  # the plan's lines changed
    assert any(run != record["run_id"] for run in validated_in.values())  # e.g. the empty governance tables
    con = duckdb.connect(str(small_published), read_only=True)
    try:
        assert carried == sorted(con.sql(results).fetchall())
    finally:
        con.close()
    # The copy's replaced tables and deleted rows freed blocks; the published file was
    # rewritten without them, so it does not grow night after night (ingest/publish.py).
    assert record["compacted_free_share"] is None or record["compacted_free_share"] > COMPACT_FREE_SHARE
    assert free_share(inc) <= COMPACT_FREE_SHARE
    assert inc.stat().st_size <= 1.1 * small_published.stat().st_size


def test_a_rebuild_with_nothing_changed_keeps_the_marts_and_makes_only_the_runs_own(night, small_published):
    # step 4's build (killed just after its swap): the folder of step 3, unchanged
    record = next(r for r in night["log_after_kill"] if r["status"] == "publishing"
                  and r["run_id"] == night["runs_after_kill"][-1][0])
    assert record["started_from_published"] is True
    assert record["raw_load"]["marts_kept"] is True, record["raw_load"]
    assert record["raw_load"]["tables"] == ["build_run"]  # no parsed row written
    assert record["raw_load"]["documents_deleted"] == record["raw_load"]["documents_inserted"] == 0
    [(command, _)] = record["dbt_passes"]
    assert "--select" in command  # only this run's nodes
    # and what it published equals a full build of the same documents
    assert [d for d in differences(night["kept"], small_published) if not d.startswith(PER_RUN)] == []
    assert run_ids(night["kept"])[-1] == record["run_id"]  # its own run row is in meta_build_run
    assert free_share(night["kept"]) <= COMPACT_FREE_SHARE


# --- from test_faults.py: the build after a kill (leftovers, history, a held file) ---------

def test_a_build_cleans_leftover_spill_folders_and_takes_over_an_empty_lock(night):
    res = night["removed"]
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "taking over" in res.stdout + res.stderr and "empty" in res.stdout + res.stderr
    assert night["planted_leftovers_gone"]
    assert night["lock_gone"]
    # the small build, the night's three (the one killed just after its swap among them) and
    # this one: all published
    assert [s for _, s in night["runs_after_removed"]] == ["published"] * 5


def test_a_build_killed_just_after_the_swap_is_in_the_history(night):
    log = night["log_after_kill"]
    done = {r["run_id"] for r in log if r["status"] != "publishing"}
    killed = [r["run_id"] for r in log if r["status"] == "publishing" and r["run_id"] not in done]
    assert len(killed) == 1
    assert night["runs_after_kill"][-1] == (killed[0], "published")  # the swap happened

    res = night["removed"]
    assert res.returncode == 0, res.stderr[-2000:]
    runs = night["runs_after_removed"]
    assert len(runs) == 5 and runs[3] == (killed[0], "published")
    assert runs[4][0] in night["status"].stdout


def test_a_read_write_connection_held_on_the_served_file_keeps_the_history(night):
    assert night["holder"] == "held"  # through step 3's build
    res = night["after_kills"]
    assert res.returncode == 0, res.stderr[-2000:]
    assert night["holder_alive_after_build"]  # held through the whole build
    before, after = night["runs_before_restore"], night["runs_after_kills"]
    assert after[:-1] == before and len(after) == len(before) + 1


# --- from test_report.py: the report and the diff of a build with a <script> planted --------

def test_every_build_writes_its_report(night):
    db = night["published"]
    report = db.with_name(db.name + ".report.html")
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # the planted markup is text, never markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    # self-contained: every script is inline, no stylesheet or image is fetched (markup
    # outside the scripts: the inlined vega bundle itself contains such strings)
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert html.count("<script>") == 2 and "<script " not in html
    assert "<link" not in markup and "<img" not in markup and "<iframe" not in markup
    assert "What changed since the previous build" in html and "added" in html


def test_report_renders_in_chromium_offline_with_text_escaped(night, tmp_path):
    db = night["published"]
    report = db.with_name(db.name + ".report.html")
    charts = len(re.findall(r'<div class="chart" id="chart\d+">', report.read_text(encoding="utf-8")))
    assert charts >= 1
    browser = render(tmp_path, report, charts)
    try:
        drawn = browser.evaluate("document.querySelectorAll('.chart svg.marks path, .chart svg.marks rect').length")
        text = browser.evaluate("document.body.textContent")
        planted = browser.evaluate("document.querySelectorAll('img, script[src]').length")
        assert drawn > 0
        assert "<script>alert(1)</script>" in text  # shown as text (in a collapsed <details>)
        shown = browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true);"
                                 "document.body.innerText.includes('<script>alert(1)</script>')")
        assert shown is True  # visible as text once its section is opened
        assert planted == 0  # no element came from the document
        assert browser.dialogs() == []
        assert browser.errors() == []
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
    finally:
        browser.close()


def test_diff_between_builds_of_different_folders(night):
    # the last build (step 5, from another folder) against the previous one (step 4)
    db, runs = night["published"], night["runs_after_removed"]
    res = run_warehouse("diff", "--database", str(db))
    assert res.returncode == 0, res.stderr
    head = res.stdout.splitlines()[0]
    added, removed = (int(x) for x in re.match(r"facts: (\d+) added, (\d+) removed", head).groups())
    assert added > 0 and removed > 0
    # the renamed goal's activities are added under the new name, the plan's facts removed
    assert re.search(r"^\+ fct_activity_status: .*Omprövade", res.stdout, re.M)
    assert re.search(r"^- ", res.stdout, re.M)
    since = run_warehouse("diff", "--database", str(db), "--since", runs[-2][0])
    assert since.returncode == 0 and since.stdout.splitlines()[0] == head
    unknown = run_warehouse("diff", "--database", str(db), "--since", "19990101")
    assert unknown.returncode == 1 and "not kept" in unknown.stderr


@pytest.fixture(scope="session")
def duckdb_14(tmp_path_factory) -> Path:
    """A second virtual environment with DuckDB 1.4, as an older BI driver embeds it."""
    venv = tmp_path_factory.mktemp("duckdb14") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "duckdb>=1.4,<1.5"],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv / "bin" / "python"


def test_duckdb_1_4_opens_the_published_file(built_warehouse, duckdb_14):
    script = textwrap.dedent("""
        import sys, duckdb
        con = duckdb.connect(sys.argv[1], read_only=True)
        print(duckdb.__version__)
        print(con.sql("select count(*) from marts.dim_document").fetchall()[0][0])
        print(con.sql("select count(*) from duckdb_tables() where schema_name = 'marts' and comment is not null").fetchall()[0][0])
    """)
    res = subprocess.run([str(duckdb_14), "-c", script, str(built_warehouse)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    version, documents, described = res.stdout.split()
    assert version.startswith("1.4.")
    assert int(documents) == 5 and int(described) >= 15
