"""The build report in a real headless Chromium (Debian's package), driven through the
DevTools protocol on loopback: it renders, the charts draw, no console error, no request
leaves the file, and a <script> planted in a document shows as text.

Also `warehouse diff` between the two builds of different folders this module makes."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from conftest import DOCUMENTS, publish_copy, run_warehouse

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-port=0",
         "--remote-allow-origins=*"]


class Chromium:
    """One headless Chromium and one page, spoken to over the DevTools websocket."""

    def __init__(self, profile: Path):
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        import websocket

        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                return msg.get("result", {})
            self.events.append(msg)

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def open(self, url: str, ready: str, timeout: float = 60) -> None:
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(ready):
                return
            time.sleep(0.25)
        raise AssertionError(f"page not ready after {timeout}s: {ready}")

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=20)

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p["exceptionDetails"])[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args"))[:300])
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append(p["entry"].get("text", "")[:300])
        return out

    def dialogs(self) -> list[dict]:
        return [e for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]


@pytest.fixture(scope="module")
def second_build(small_published, tmp_path_factory) -> tuple[Path, str]:
    """A copy of the small published build, rebuilt from another folder: the goal follow-up
    with a <script> planted in an activity's status sentence and one goal heading renamed,
    without the plan. Returns the database and the first build's run id."""
    root = tmp_path_factory.mktemp("report")
    db = publish_copy(small_published, root / "db")
    con = duckdb.connect(str(db), read_only=True)
    first_run = con.sql("select max(run_id) from marts.meta_build_run").fetchone()[0]
    con.close()
    docs = root / "docs"
    docs.mkdir()
    src = next(DOCUMENTS.glob("002_*.txt"))
    lines = src.read_text(encoding="utf-8").split("\n")
    # an activity sentence (found by its status phrase, not by a line number of ours)
    i = next(n for n, line in enumerate(lines) if "hittills inte kunna genomföra" in line)
    lines[i] = f" {PAYLOAD} " + lines[i].lstrip()
    j = next(n for n, line in enumerate(lines) if re.match(r"^\d+\.\d+\.\d+\.\d+ \S", line))
    lines[j] = lines[j].replace(" ", " Omprövade ", 1)
    (docs / src.name).write_text("\n".join(lines), encoding="utf-8")
    res = run_warehouse("build", "--documents", str(docs), "--database", str(db))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return db, first_run


def test_every_build_writes_its_report(second_build):
    db, _ = second_build
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


def _render(tmp_path, report: Path, charts: int) -> Chromium:
    browser = Chromium(tmp_path / "profile")
    try:
        browser.open(report.as_uri(),
                     ready=f"document.querySelectorAll('.chart svg.marks').length >= {charts}")
        return browser
    except BaseException:
        browser.close()
        raise


def test_report_renders_in_chromium_offline_with_text_escaped(second_build, tmp_path):
    db, _ = second_build
    report = db.with_name(db.name + ".report.html")
    charts = len(re.findall(r'<div class="chart" id="chart\d+">', report.read_text(encoding="utf-8")))
    assert charts >= 1
    browser = _render(tmp_path, report, charts)
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


def test_report_of_the_bundled_build_draws_every_chart(built_warehouse, tmp_path):
    out = tmp_path / "bundled.html"
    res = run_warehouse("report", "--database", str(built_warehouse), "--out", str(out))
    assert res.returncode == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    charts = len(re.findall(r'<div class="chart" id="chart\d+">', html))
    assert charts >= 4  # indicators by status, result against target, committee deviations, activities
    browser = _render(tmp_path, out, charts)
    try:
        assert browser.errors() == []
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
        # the organisation picker of the target chart redraws it
        text = browser.evaluate("document.body.textContent")
        assert "Not met" in text and "Arithmetic that does not add up" in text
    finally:
        browser.close()


def test_diff_between_builds_of_different_folders(second_build):
    db, first_run = second_build
    res = run_warehouse("diff", "--database", str(db))
    assert res.returncode == 0, res.stderr
    head = res.stdout.splitlines()[0]
    added, removed = (int(x) for x in re.match(r"facts: (\d+) added, (\d+) removed", head).groups())
    assert added > 0 and removed > 0
    # the renamed goal's activities are added under the new name, the plan's facts removed
    assert re.search(r"^\+ fct_activity_status: .*Omprövade", res.stdout, re.M)
    assert re.search(r"^- ", res.stdout, re.M)
    since = run_warehouse("diff", "--database", str(db), "--since", first_run)
    assert since.returncode == 0 and since.stdout.splitlines()[0] == head
    unknown = run_warehouse("diff", "--database", str(db), "--since", "19990101")
    assert unknown.returncode == 1 and "not kept" in unknown.stderr
