"""A person's name alone on a line (`Anna Berg`, `Anna Ek Sand`): two to four
capitalised words, no digits. Signature blocks put one under an UPPER-CASE office."""
from __future__ import annotations

import re

PERSON_LINE = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéü-]+(?: [A-ZÅÄÖÉÜ][a-zåäöéü-]+){1,3}$")


def is_person_line(t: str) -> bool:
    """The stripped line is exactly a person's name."""
    return PERSON_LINE.match(t) is not None
