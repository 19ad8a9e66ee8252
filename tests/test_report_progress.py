"""Progress of the dbt and checks stages: nodes done of total, live in a terminal, a plain
line every tenth of the way otherwise."""
from __future__ import annotations

import io

from rich.console import Console

from ingest.reporting import Reporter, RichReporter


def test_plain_progress_prints_a_line_per_tenth():
    out = io.StringIO()
    r = Reporter(out)
    r.stage_start("dbt build")
    for done in range(1, 251):
        r.progress(done, 250, f"node_{done}")
    r.stage_end("dbt build", 1.0, ok=True)
    lines = [l for l in out.getvalue().splitlines() if l.startswith("[progress]")]
    assert lines[0] == "[progress] 25/250 (node_25)"
    assert lines[-1] == "[progress] 250/250 (node_250)"
    assert len(lines) == 10


def test_terminal_progress_shows_done_of_total():
    buf = io.StringIO()
    r = RichReporter(buf)
    r.console = Console(file=buf, force_terminal=True, width=120)  # as on a TTY
    r.stage_start("checks")
    r.progress(7, 31, "marts.fct_decision")
    r._progress.refresh()
    shown = buf.getvalue()
    r.stage_end("checks", 2.0, ok=True)
    assert "7/31" in shown and "fct_decision" in shown
    assert "[stage] checks done" in buf.getvalue()
