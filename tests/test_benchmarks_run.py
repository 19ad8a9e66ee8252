"""benchmarks/run.py's argument parsing (the bench itself is `make bench`, not a test)."""
from __future__ import annotations

from benchmarks.run import scale_list


def test_scale_lists_and_an_empty_one():
    assert scale_list("1,20,100") == [1, 20, 100]
    assert scale_list(" 1, 20 ,") == [1, 20]
    assert scale_list("") == []  # `--incremental-scales=`: no rebuild measured (was int(''))


def test_a_failed_build_is_printed_with_the_figures_of_the_others(capsys):
    from benchmarks.run import print_table

    entry = {"documents": 5, "mb": 1.7, "full_build_s": {"median": 10.0}, "mode": "local",
             "stages_s": {"ingest": 1.0, "raw load": 0.5, "dbt build": 6.0, "checks": 2.0},
             "ingest_mb_per_s_per_process": 1.0, "ingest_mb_per_s_wall": 0.9, "peak_rss_mib_largest_process": 300,
             "peak_rss_mib_process_tree": 700, "peak_rss_mib_after_stage": {"ingest": 100}, "ingest_steps_cpu_s": {}}
    print_table({"one_model_dbt_build_s": {"median": 2.0, "runs": [2.0]}, "load_average_at_start": (0.1,),
                 "load_average_at_end": (0.2,), "corpora": {"x1": entry},
                 "failed": {"x100 dask2": "warehouse build ... failed:\nOut of Memory Error"}})
    out = capsys.readouterr().out
    assert "x1 " in out and "5.00 (10)" in out  # the build that ran, as a multiple of the floor
    assert "x100 dask2: BUILD FAILED" in out and "Out of Memory Error" in out
