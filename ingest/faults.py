"""Named points in the build where tests can make a real build fail or stop.

Set WAREHOUSE_FAULT=<point>:fail to raise there, or <point>:pause to write
`<database>.paused-<point>` and wait (up to 120 s) so a test can SIGKILL the build at
a known moment. Unset in normal runs: then this is a no-op.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

POINTS = ("ingest", "raw_load", "dbt", "checks", "before_swap", "after_swap")


class InjectedFault(RuntimeError):
    pass


def fault_point(name: str, database: Path) -> None:
    spec = os.environ.get("WAREHOUSE_FAULT")
    if not spec:
        return
    point, _, action = spec.partition(":")
    if point != name:
        return
    if action == "fail":
        raise InjectedFault(f"injected failure at {name}")
    if action == "pause":
        Path(f"{database}.paused-{name}").write_text(str(os.getpid()))
        time.sleep(120)
