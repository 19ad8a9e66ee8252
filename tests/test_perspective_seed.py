"""Every perspective name of seeds/activities_perspectives.csv is read by the readers its row
names: the segmenter makes a `chapter_heading` name a chapter heading, the activity reader
names an `activity_perspective` name as the perspective. A name added to the seed needs no code."""
from __future__ import annotations

import pytest

from ingest.extract.activities.context import perspective_of
from ingest.text.seeds import seed_rows
from test_segment import chapters_of

ROWS = seed_rows("activities_perspectives")
HEADINGS = [r["perspective_name"] for r in ROWS if r["chapter_heading"] == "true"]
ACTIVITIES = [r["perspective_name"] for r in ROWS if r["activity_perspective"] == "true"]


def _heads(name: str) -> list[str]:
    lines = ["Inledning", "", "Text om året.", "", name, "Text om perspektivet.", "", "Uppdrag: Ett uppdrag", ""]
    return [h.title for h in chapters_of(lines)]


def test_the_seed_has_names_for_both_readers():
    assert len(HEADINGS) >= 5 and len(ACTIVITIES) >= 5
    assert {r["chapter_heading"] for r in ROWS} | {r["activity_perspective"] for r in ROWS} <= {"true", "false"}


@pytest.mark.parametrize("name", HEADINGS)
def test_a_heading_name_alone_on_its_line_is_a_chapter(name):
    assert name in _heads(name)


@pytest.mark.parametrize("name", [r["perspective_name"] for r in ROWS if r["chapter_heading"] != "true"])
def test_a_name_for_the_activity_reader_only_is_no_chapter(name):
    assert name not in _heads(name)


@pytest.mark.parametrize("name", ACTIVITIES)
def test_an_activity_name_is_the_perspective(name):
    assert perspective_of(name) == name
    assert perspective_of(f"Perspektiv: {name} ") == name
    assert perspective_of(name.upper()) is not None  # case-blind, as printed in capitals


@pytest.mark.parametrize("name", [r["perspective_name"] for r in ROWS])
def test_a_perspective_word_inside_a_sentence_is_neither(name):
    sentence = f"Arbetet med {name.lower()} fortsätter under året."
    assert sentence not in _heads(sentence)
    assert perspective_of(sentence) is None
