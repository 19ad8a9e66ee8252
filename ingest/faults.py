"""Named points in the build where tests can make a real build fail or stop.

Set WAREHOUSE_FAULT=<point>:fail to raise there, or <point>:pause to write
`<database>.paused-<point>` and wait (up to 120 s) so a test can SIGKILL the build at
a known moment. WAREHOUSE_FAULT=rule_break:<file name> gives that document one raw row
that breaks a blocking rule (an activity status outside the vocabulary), so a test can
watch a real build quarantine it whatever the extractors read. Unset in normal runs:
then this is a no-op.
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


def break_rule(con, source_files: dict[str, str]) -> bool:
    """Under WAREHOUSE_FAULT=rule_break:<file name>: one raw activity row of that document
    whose status no blocking test accepts. `source_files`: document_id -> file name. Returns
    whether the fault is set (then the raw rows are not the documents' own)."""
    point, _, name = os.environ.get("WAREHOUSE_FAULT", "").partition(":")
    if point != "rule_break":
        return False
    for document_id, source_file in source_files.items():
        if source_file == name:
            con.execute("insert into raw.activity_item (document_id, section_id, source_line, activity, status, "
                        "status_evidence, status_source) select ?, min(section_id), 1, 'Injected activity', "
                        "'injected', 'injected', 'mark' from raw.section where document_id = ?",
                        [document_id, document_id])
    return True
