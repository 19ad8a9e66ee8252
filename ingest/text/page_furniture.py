"""Page furniture: report page footers (`<unit>, Delårsrapport 2 7(26)`) and page counters
(`5(41)`) printed on every page. Never a name, a heading or an amount."""
from __future__ import annotations

import re

# `<unit>, Delårsrapport 2 ABC 7(101)` / `<unit>, Verksamhetsberättelse 10(22)`; the unit
# may itself contain a comma, so the report word is found from the right.
REPORT_WORD = r"Verksamhetsberättelse|Delårsrapport|Årsredovisning|Månadsrapport"
FOOTER = re.compile(
    r"^(?P<org>[^,\d\s][^\t]{1,100}?),?\s+(?P<rep>" + REPORT_WORD + r")\b[^()]{0,20}\s\d+\s?\(\d+\)$"
)
# A page counter `5(41)` / `5 (41)` at the end of a line: page furniture, never a name.
PAGE_COUNTER = re.compile(r"\s*\b\d{1,3}\s?\(\d{1,3}\)\s*$")


def kind_of_footer(rep: str) -> str:
    """The section kind a footer's report word names."""
    return {
        "Verksamhetsberättelse": "annual_report",
        "Årsredovisning": "annual_report",
        "Delårsrapport": "interim_report",
        "Månadsrapport": "monthly_report",
    }[rep]
