"""The frames the build and its dbt process exchange (ingest/dbt_process.py): a frame cut
short - the other end died while writing - reads as the end of the stream, so the build
reports the process's exit instead of a pickle error."""
from __future__ import annotations

import io

import pytest

from ingest.dbt_process import _receive, _send


def test_a_whole_frame_reads_back():
    buf = io.BytesIO()
    _send(buf, ("progress", (1, 2, "model.x")))
    _send(buf, ("result", {"a": 1}))
    buf.seek(0)
    assert _receive(buf) == ("progress", (1, 2, "model.x"))
    assert _receive(buf) == ("result", {"a": 1})
    with pytest.raises(EOFError):
        _receive(buf)


@pytest.mark.parametrize("cut", [1, 5, 9, -1])
def test_a_frame_cut_short_is_the_end(cut):
    buf = io.BytesIO()
    _send(buf, ("result", list(range(100))))
    data = buf.getvalue()
    with pytest.raises(EOFError):
        _receive(io.BytesIO(data[:cut]))
