"""benchmarks/run.py's argument parsing (the bench itself is `make bench`, not a test)."""
from __future__ import annotations

from benchmarks.run import scale_list


def test_scale_lists_and_an_empty_one():
    assert scale_list("1,20,100") == [1, 20, 100]
    assert scale_list(" 1, 20 ,") == [1, 20]
    assert scale_list("") == []  # `--incremental-scales=`: no rebuild measured (was int(''))
