"""What the start scan emits (an Event: a section starting at a line) and what tiling makes
of it (a Span: the lines the section covers)."""
from __future__ import annotations

from dataclasses import dataclass, field

@dataclass
class Event:
    start: int            # 0-based
    kind: str
    title: str | None = None
    organisation: str | None = None
    period: str | None = None
    end: int | None = None        # explicit last line (0-based, inclusive)
    key: str | None = None        # continuation key: same key + open -> same section
    cont: bool = False            # this event continues the previous section of its kind
    extra: dict = field(default_factory=dict)


@dataclass
class Span:
    start: int
    end: int
    ev: Event
    ended: bool = False
