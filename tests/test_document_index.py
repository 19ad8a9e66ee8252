"""SectionIndex answers from a per-line table; the rule it must keep is the scan's:
the innermost (deepest, latest-sorted on ties) section covering the line, None elsewhere."""
from __future__ import annotations

from ingest.document import Section, SectionIndex
from ingest.segment import segment


def _sec(sid: str, a: int, b: int, depth: int = 0, parent: str | None = None, org: str | None = None) -> Section:
    return Section(sid, "d", "other", None, a, b, organisation=org, parent_section_id=parent, depth=depth)


def test_nested_overlapping_and_gaps():
    secs = [
        _sec("top", 1, 50, 0, org="Nämnden"),
        _sec("ch1", 5, 20, 1, "top"),
        _sec("ch1a", 8, 12, 2, "ch1", org="Enheten"),
        _sec("ch2", 18, 30, 1, "top"),     # overlaps ch1 on 18-20: same depth, later start wins
        _sec("top2", 60, 70, 0),            # lines 51-59 are in no section
    ]
    ix = SectionIndex(secs)
    want = {1: "top", 5: "ch1", 8: "ch1a", 12: "ch1a", 13: "ch1", 18: "ch2", 20: "ch2", 31: "top",
            50: "top", 55: None, 60: "top2", 70: "top2", 71: None, 0: None, -3: None}
    for line, sid in want.items():
        got = ix.at(line)
        assert (got.section_id if got else None) == sid, line
    assert ix.organisation_at(10) == "Enheten"
    assert ix.organisation_at(14) == "Nämnden"     # from the parent
    assert ix.organisation_at(65) is None
    assert ix.organisation_at(55) is None


def test_same_span_deeper_wins_and_empty_index():
    ix = SectionIndex([_sec("a", 3, 9, 1), _sec("b", 3, 9, 0)])
    assert ix.at(5).section_id == "a"
    assert SectionIndex([]).at(1) is None


def test_table_agrees_with_scan_on_real_documents(bundled):
    for doc in bundled.values():
        ix = SectionIndex(segment(doc))
        for n in range(0, doc.line_count + 3):
            assert ix.at(n) is ix._scan(n), (doc.document_id, n)
