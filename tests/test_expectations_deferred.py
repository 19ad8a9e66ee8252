"""GX's statistics and charting libraries are imported only when an expectation uses them
(expectations/deferred.py). Each case runs in a fresh interpreter: the test process may
have imported them already."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(code: str, *args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.split()


@pytest.mark.e2e  # every suite, twice (a whole-stage test, as test_expectations' whole-suite ones)
def test_every_suite_runs_without_them(tmp_path):
    from tests.test_expectations import make_clean_warehouse

    db = make_clean_warehouse(tmp_path / "wh.duckdb")
    # run_expectations defers them itself; the rows must be those of a run with them imported
    # first (the stand-ins are then never put in)
    code = """
        import sys
        from pathlib import Path
        if sys.argv[3] == "imported":
            import altair, scipy.stats  # noqa: F401
        from expectations import deferred
        from expectations.runner import run_expectations
        run = run_expectations(Path(sys.argv[1]), "run-1", carry=False)
        run.results.write_parquet(sys.argv[2])
        print(run.results.height, deferred.loaded("scipy.stats"), deferred.loaded("altair"),
              "scipy.stats._stats_py" in sys.modules, "altair.vegalite" in sys.modules)
    """
    deferred = _run(code, str(db), str(tmp_path / "a.parquet"), "deferred")
    imported = _run(code, str(db), str(tmp_path / "b.parquet"), "imported")
    assert int(deferred[0]) > 50 and deferred[1:] == ["False"] * 4
    assert imported[1:] == ["True"] * 4

    import polars as pl

    assert pl.read_parquet(tmp_path / "a.parquet").equals(pl.read_parquet(tmp_path / "b.parquet"))


def test_an_expectation_that_uses_one_imports_it_on_first_use():
    out = _run("""
        from expectations import deferred
        print(deferred.defer())
        from expectations.runner import _context, _quiet
        with _quiet():
            import great_expectations as gx
            import great_expectations.expectations as gxe
            import pandas as pd
            print(deferred.loaded("scipy.stats"), deferred.loaded("altair"))
            batch = (_context(gx).data_sources.add_pandas("p").add_dataframe_asset("a")
                     .add_batch_definition_whole_dataframe("w")
                     .get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": ["a", "a", "a", "b"]})}))
            r = batch.validate(gxe.ExpectColumnKLDivergenceToBeLessThan(   # scipy.stats.entropy
                column="x", partition_object={"values": ["a", "b"], "weights": [0.5, 0.5]}, threshold=0.1))
        print(r.success, round(r.result["observed_value"], 4), deferred.loaded("scipy.stats"))
        import altair as alt
        print(alt.Chart.__module__, deferred.loaded("altair"))
    """)
    assert out[:2] == ["['altair',", "'scipy.stats']"]
    assert out[2:4] == ["False", "False"]  # GX imported, neither library
    assert out[4:7] == ["False", "0.1308", "True"]  # KL(0.75/0.25 || 0.5/0.5) = 0.1308 > 0.1, computed by scipy
    assert out[7].startswith("altair.vegalite") and out[8] == "True"
