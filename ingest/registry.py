"""Files -> document rows: content hash, size, region, title, date, genre, load status.

Everything but the file name is read from the text itself. A file that cannot be
read (empty, binary, not UTF-8, unknown genre) becomes a `failed` row with a
one-line reason instead of an exception, so the rest of the corpus still loads.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.document import Document
from ingest.values import month_end, parse_iso_date

# How far into a document its genre must show itself.
HEAD_LINES = 80

# `Region(?<!\wRegion)` is `\bRegion` with the literal first, so the search can skip to it
# (a leading \b made the regex engine try every position of the whole text)
_REGION = re.compile(r"Region(?<!\wRegion)[ \t]+([A-ZÅÄÖ][\wåäöéü-]+(?:\s+[Ll]äns?\b|[ \t]+[A-ZÅÄÖ][\wåäöéü-]+)?)")
_TID = re.compile(r"^\s*Tid:?\s*(\d{4}-\d{2}-\d{2})")
_PER_MONTH = re.compile(r"\bper (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) (\d{4})\b", re.I)
_PARAGRAPH_RANGE = re.compile(r"§§\s*(\d+\s*-\s*\d+|Paragrafer)")

GENRES = ("meeting_pack", "protocol_excerpts", "goal_follow_up", "plan_and_budget", "report", "unknown")


@dataclass(frozen=True)
class LoadOutcome:
    """What the registry knows about one file, whether or not it could be read."""

    source_file: str
    sha256: str
    size_bytes: int
    load_status: str  # loaded | partial | failed
    load_error: str | None
    document: Document | None

    @property
    def document_id(self) -> str:
        return document_id_for(self.sha256)


def document_id_for(sha256: str) -> str:
    # Stable across renames and rebuilds: the id is the content.
    return "doc_" + sha256[:16]


def read_document(path: Path) -> LoadOutcome:
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()

    def failed(reason: str) -> LoadOutcome:
        return LoadOutcome(path.name, sha, len(raw), "failed", reason, None)

    if not raw.strip():
        return failed("empty file" if not raw else "file holds only whitespace")
    nul = raw.find(b"\x00")
    if nul >= 0:
        return failed(f"binary content (NUL byte at offset {nul})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return failed(f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = split_lines(text)
    if _control_share(text) > 0.01:
        return failed("binary content (control characters in the text)")
    # The genre is a hint for titles and dates, never a gate: every readable document is
    # segmented by layout and every extractor runs on it.
    genre = detect_genre(lines) or "unknown"
    doc = Document(
        document_id=document_id_for(sha),
        source_file=path.name,
        sha256=sha,
        size_bytes=len(raw),
        text=text,
        lines=lines,
        region=detect_region(text),
        title=detect_title(lines, genre),
        document_date=detect_date(lines, genre),
        genre=genre,
    )
    return LoadOutcome(path.name, sha, len(raw), "loaded", None, doc)


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as `sed -n`/`awk NR` count them: split on LF only (a PDF form feed or a
    U+2028 inside a line must not shift every later line number), CR of CRLF dropped,
    a last line without newline kept."""
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    if "\r" not in text:
        return tuple(parts)
    return tuple(p[:-1] if p.endswith("\r") else p for p in parts)


def _control_share(text: str) -> float:
    sample = text[:20000]
    ctrl = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return ctrl / max(len(sample), 1)


def _head(lines: tuple[str, ...]) -> list[str]:
    return [ln.strip() for ln in lines[:HEAD_LINES] if ln.strip()]


def detect_genre(lines: tuple[str, ...]) -> str | None:
    head = _head(lines)
    joined = "\n".join(head)
    if re.search(r"^KALLELSE\b", joined, re.M) or (
        any(_TID.match(ln) for ln in head) and re.search(r"^(Ärenden|Föredragningslista)\b", joined, re.M)
    ):
        return "meeting_pack"
    if re.search(r"^PROTOKOLL\b", joined, re.M) or _PARAGRAPH_RANGE.search(joined):
        return "protocol_excerpts"
    first = " ".join(head[:3]).lower()
    if "måluppfyllelse" in first:
        return "goal_follow_up"
    if "verksamhetsplan" in first and "budget" in first:
        return "plan_and_budget"
    if re.search(r"rapport|berättelse|årsredovisning|bokslut", first):
        return "report"
    return None


def detect_region(text: str) -> str | None:
    """The region the document names most often (genitive forms folded in)."""
    counts: Counter[str] = Counter()
    for m in _REGION.finditer(text):
        name = "Region " + " ".join(m.group(1).split())
        name = re.sub(r" [Ll]äns?$", " län", name)
        counts[name] += 1
    if not counts:
        return None
    folded: Counter[str] = Counter()
    for name, n in counts.items():
        base = name[:-1] if name.endswith("s") and name[:-1] in counts else name
        # a name cut short (genitive, or wrapped before `län`) goes to its longer form
        longer = [c for c in counts if c.startswith(name + " ")]
        if longer:
            base = max(longer, key=lambda c: counts[c])
        folded[base] += n
    return folded.most_common(1)[0][0]


def detect_title(lines: tuple[str, ...], genre: str) -> str | None:
    head = _head(lines)
    if not head:
        return None
    if genre == "meeting_pack":
        body = _body_before_tid(head)
        when = detect_date(lines, genre)
        return f"Kallelse {body or ''} {when.isoformat() if when else ''}".replace("  ", " ").strip()
    if genre == "protocol_excerpts":
        for i, ln in enumerate(head):
            if _PARAGRAPH_RANGE.search(ln):
                # a body name wrapped over two lines: `Presidium - Nämnd för ... och` / `attraktivitet §§ 1-9`
                if ln[:1].islower() and i > 0 and not head[i - 1].startswith("PROTOKOLL"):
                    ln = f"{head[i - 1]} {ln}"
                return f"Protokollsutdrag {ln}"
    skip = {"PROTOKOLL", "KALLELSE"}
    for ln in head:
        if ln not in skip and not re.fullmatch(r"[\d\s()/]+", ln):
            return ln
    return head[0]


def _body_before_tid(head: list[str]) -> str | None:
    for i, ln in enumerate(head):
        if _TID.match(ln):
            for prev in reversed(head[:i]):
                if not re.match(r"^KALLELSE\b", prev):
                    return prev
    return None


def detect_date(lines: tuple[str, ...], genre: str) -> date | None:
    head = _head(lines)
    for ln in head:
        m = _TID.match(ln)
        if m:
            return parse_iso_date(m.group(1))
    m = _PER_MONTH.search(" ".join(head[:5]))
    if m:
        return month_end(m.group(1), int(m.group(2)))
    return None
