"""The build report in a real headless Chromium (Debian's package), driven through the
DevTools protocol on loopback: it renders, the charts draw, no console error, no request
leaves the file, and a <script> planted in a document shows as text.

The report and `warehouse diff` of a build with such a <script> planted, after builds of
another folder: test_operations.py (the night's last build); `plant_payload` plants it."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import run_warehouse

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


def plant_payload(goal_follow_up: Path) -> None:
    """The goal follow-up (002) with a <script> planted in an activity's status sentence and
    one goal heading renamed ('Omprövade'), written in place."""
    lines = goal_follow_up.read_text(encoding="utf-8").split("\n")
    # an activity sentence (found by its status phrase, not by a line number of ours)
    i = next(n for n, line in enumerate(lines) if "hittills inte kunna genomföra" in line)
    lines[i] = f" {PAYLOAD} " + lines[i].lstrip()
    j = next(n for n, line in enumerate(lines) if re.match(r"^\d+\.\d+\.\d+\.\d+ \S", line))
    lines[j] = lines[j].replace(" ", " Omprövade ", 1)
    goal_follow_up.write_text("\n".join(lines), encoding="utf-8")


def render(tmp_path, report: Path, charts: int) -> Chromium:
    browser = Chromium(tmp_path / "profile")
    try:
        browser.open(report.as_uri(),
                     ready=f"document.querySelectorAll('.chart svg.marks').length >= {charts}")
        return browser
    except BaseException:
        browser.close()
        raise


def test_report_of_the_bundled_build_draws_every_chart(built_warehouse, tmp_path):
    out = tmp_path / "bundled.html"
    res = run_warehouse("report", "--database", str(built_warehouse), "--out", str(out))
    assert res.returncode == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    charts = len(re.findall(r'<div class="chart" id="chart\d+">', html))
    assert charts >= 4  # indicators by status, result against target, committee deviations, activities
    browser = render(tmp_path, out, charts)
    try:
        assert browser.errors() == []
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
        # the organisation picker of the target chart redraws it
        text = browser.evaluate("document.body.textContent")
        assert "Not met" in text and "Arithmetic that does not add up" in text
    finally:
        browser.close()
