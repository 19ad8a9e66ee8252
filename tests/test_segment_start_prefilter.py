"""The start scan skips a line by its first character (starts._QUIET_FIRST) when no anchored
marker can start with it. That list is kept by hand beside the markers: if a rule is added on
another initial, the skip would hide its lines. The scan must find the same starts with the
skip switched off, on every document we have and on variants whose initials change."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import DOCUMENTS, write_variety_corpus
from ingest.registry import read_document
from ingest.segment import starts
from ingest.segment.lines import Lines


def _documents(folder: Path) -> list:
    out = []
    for p in sorted(folder.iterdir()):
        doc = read_document(p, folder).document
        if doc is not None:
            out.append(doc)
    return out


def _starts(doc, monkeypatch, skip: bool) -> list:
    monkeypatch.setattr(starts, "_QUIET_FIRST", starts._QUIET_FIRST if skip else frozenset())
    lines = doc.lines or tuple(doc.text.splitlines())
    return starts.find_starts(Lines(lines), doc)


def _initials_swapped(doc):
    """Every line's first letter in the other case: titles and headers in capitals or not."""
    lines = tuple((t[:1].swapcase() + t[1:]) if t[:1].isalpha() else t
                  for t in (doc.lines or tuple(doc.text.splitlines())))
    return replace(doc, lines=lines, text="\n".join(lines))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list:
    variety = tmp_path_factory.mktemp("variety")
    write_variety_corpus(variety)
    return _documents(DOCUMENTS) + _documents(variety)


def test_the_corpus_has_documents_of_every_template(corpus):
    assert len(corpus) >= 10


def test_the_first_character_skip_finds_the_starts_every_line_would(corpus, monkeypatch):
    found = 0
    for doc in corpus:
        for d in (doc, _initials_swapped(doc)):
            with_skip = _starts(d, monkeypatch, skip=True)
            assert with_skip == _starts(d, monkeypatch, skip=False), d.source_file
            found += len(with_skip)
    assert found > len(corpus)  # the scan found starts, so the comparison compared something
