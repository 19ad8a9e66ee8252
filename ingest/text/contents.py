"""Table-of-contents lines: the `Innehållsförteckning` heading, an entry ending in its page
number, and the dot leaders that mark a contents line anywhere."""
from __future__ import annotations

import re

TOC_HEADING = re.compile(r"^Innehållsförteckning\s*$")
# `Inledning .......... 3`, `Ekonomi<TAB>12`, `Bilagor  40`: a title, then its page
TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)(?:\s*\.{2,}\s*|\t+|\s{2,}|\s)(?P<page>\d{1,3})$")
# a run of leader dots: a contents line, never a heading or a table row
DOT_LEADER = r"\.{4,}"
