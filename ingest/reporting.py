"""Progress and summary output: one plain line per event (logs, cron) or rich in a terminal."""
from __future__ import annotations

import sys
from typing import TextIO


class Reporter:
    """Plain line-per-event output; subclassed for terminals."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout

    @staticmethod
    def for_stream(stream: TextIO | None = None) -> "Reporter":
        stream = stream or sys.stdout
        if stream.isatty():
            return RichReporter(stream)
        return Reporter(stream)

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def stage_start(self, name: str, total: int | None = None) -> None:
        self._print(f"[stage] {name} ...")

    def set_total(self, total: int) -> None:
        """How many documents the running stage will report (for progress bars)."""

    def stage_end(self, name: str, seconds: float, ok: bool) -> None:
        self._print(f"[stage] {name} {'done' if ok else 'FAILED'} in {seconds:.2f}s")

    def progress(self, done: int, total: int, what: str = "") -> None:
        """Nodes (dbt) or tables (checks) done of total in the running stage. A plain line at
        every tenth of the way, so a log shows progress without a line per node."""
        step = max(1, total // 10)
        if done == total or done % step == 0:
            self._print(f"[progress] {done}/{total}" + (f" ({what})" if what else ""))

    def warning(self, text: str) -> None:
        self._print(f"[warn] {text}")

    def document(self, name: str, status: str, error: str | None, sections: int, rows: int,
                 cached: bool = False) -> None:
        how = "cached" if cached else "parsed"
        if status == "failed":
            self._print(f"[doc] {name}: FAILED: {error}")
        elif status == "quarantined":
            self._print(f"[doc] {name}: QUARANTINED (left out of the marts): {error}")
        elif status == "partial":
            self._print(f"[doc] {name}: partial, {how} ({sections} sections, {rows} rows): {error}")
        else:
            self._print(f"[doc] {name}: loaded, {how} ({sections} sections, {rows} rows)")

    def summary(self, s) -> None:
        self._print(f"[summary] published {s.database} (run {s.run_id})")
        self._print(f"[summary] documents: {s.documents_loaded} loaded ({s.documents_parsed} parsed, "
                    f"{s.documents_loaded - s.documents_parsed} from cache), {s.documents_failed} failed; sections: {s.sections}")
        for name, reason in s.failed_documents:
            self._print(f"[summary]   failed: {name}: {reason}")
        for name, reason in s.quarantined_documents:
            self._print(f"[summary]   quarantined: {name}: {reason}")
        for table, n in s.rows_per_mart.items():
            self._print(f"[summary]   marts.{table}: {n} rows")
        self._print(f"[summary] reconciliation checks failed (document findings): {s.checks_failed}")
        total = sum(s.stage_seconds.values())
        self._print("[summary] time: " + ", ".join(f"{k} {v:.2f}s" for k, v in s.stage_seconds.items()) + f"; total {total:.2f}s")
        # Last, so a scheduler's tail of the log shows it: what the warehouse lacks.
        kinds = ", ".join(f"{k} {n}" for k, n in s.attention_counts.items() if n)
        self._print(f"[summary] documents needing attention: {len(s.attention)}" + (f" ({kinds})" if kinds else "")
                    + ("; see `warehouse check`" if s.attention else ""))


class RichReporter(Reporter):
    """An interactive terminal: a live progress bar per stage, coloured results."""

    def __init__(self, stream: TextIO):
        super().__init__(stream)
        from rich.console import Console

        self.console = Console(file=stream)
        self._progress = None
        self._task = None
        self._stage = ""

    def _print(self, text: str) -> None:
        style = "red" if "FAILED" in text else ("green" if text.startswith("[summary] published") else None)
        self.console.print(text, style=style, highlight=False, markup=False)

    def stage_start(self, name: str, total: int | None = None) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                  MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)
        self._progress.start()
        self._stage = name
        self._task = self._progress.add_task(name, total=total)

    def set_total(self, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total)

    def progress(self, done: int, total: int, what: str = "") -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total, completed=done,
                                  description=f"{self._stage} {what}".strip())

    def document(self, name: str, status: str, error: str | None, sections: int, rows: int,
                 cached: bool = False) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)
            self._progress.update(self._task, description=f"ingest {name}")
        if status != "loaded":  # only problems need a line of their own here
            super().document(name, status, error, sections, rows, cached)

    def stage_end(self, name: str, seconds: float, ok: bool) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        super().stage_end(name, seconds, ok)
