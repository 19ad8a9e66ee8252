"""The perspectives of a balanced scorecard (seeds/activities_perspectives.csv): the segmenter
reads the names that head a report's chapters, the activity extractor those an activity
stands under; each row says which reader reads it."""
from __future__ import annotations

import re

from ingest.text.seeds import seed_rows


def perspective_names(reader: str) -> tuple[str, ...]:
    """The names whose `reader` column ('chapter_heading', 'activity_perspective') is true."""
    return tuple(r["perspective_name"] for r in seed_rows("activities_perspectives") if r[reader] == "true")


def first_word_pattern(names: tuple[str, ...], *extra: str) -> re.Pattern:
    """What (fullmatch) the first word of a line holding one of `names` alone is, or one of
    `extra`: a necessary condition asked per word (the names' words are separated by plain
    spaces, which no letter matches under re.I)."""
    return re.compile("|".join(map(re.escape, sorted(set(extra) | {n.split()[0] for n in names}))), re.I)
