"""Great Expectations suites for the warehouse and the code that runs them.

    from expectations import run_expectations
    run = run_expectations(db_path, run_id, data_docs_dir)   # -> ExpectationRun

Suites are declared as plain data in suites_raw.py (ingest contracts on raw tables) and
suites_marts.py (contract marts); runner.py turns them into GX 1.x suites. Importing
this package does not import GX (that happens inside run_expectations).
"""
from expectations.runner import ExpectationRun, run_expectations

__all__ = ["ExpectationRun", "run_expectations"]
