"""Every perspective name of seeds/activities_perspectives.csv is read by both of its readers:
the segmenter makes it a chapter heading, the activity reader names it as the perspective.
A name added to the seed needs no code."""
from __future__ import annotations

import pytest

from ingest.extract.activities.context import perspective_of
from ingest.text.seeds import seed_rows
from test_segment import chapters_of

NAMES = [r["perspective_name"] for r in seed_rows("activities_perspectives")]


def test_the_seed_has_names():
    assert len(NAMES) >= 5 and all(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_perspective_alone_on_its_line_is_a_heading_and_the_activities_perspective(name):
    lines = ["Inledning", "", "Text om året.", "", name, "Text om perspektivet.", "", "Uppdrag: Ett uppdrag", ""]
    heads = chapters_of(lines)
    assert name in [h.title for h in heads]
    assert perspective_of(name) == name
    assert perspective_of(f"Perspektiv: {name} ") == name
    assert perspective_of(name.upper()) is not None  # case-blind, as printed in capitals


@pytest.mark.parametrize("name", NAMES)
def test_a_perspective_word_inside_a_sentence_is_neither(name):
    sentence = f"Arbetet med {name.lower()} fortsätter under året."
    heads = chapters_of(["Inledning", "", sentence, ""])
    assert sentence not in [h.title for h in heads]
    assert perspective_of(sentence) is None
