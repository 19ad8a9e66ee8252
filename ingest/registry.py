"""Files -> document rows: content hash, size, region, title, date, genre, load status.

Everything but the file name is read from the text itself, from its first page
(ingest/first_page.py) and the seed vocabularies (ingest/genre.py). A file that cannot be
read (empty, binary, undecodable) becomes a `failed` row with a one-line reason instead of
an exception, so the rest of the corpus still loads. The genre is a hint, never a gate.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.document import Document
from ingest.first_page import cells, first_page, strip_page_number
from ingest.read.decode import Decoded, Undecodable, decode
from ingest.read.entry import max_line_chars, read_entry
from ingest.read.pdf_text import PdfUnreadable, is_pdf, pdf_to_text
from ingest.genre import body_words, detect_genre, genre_hit, names_a_genre
from ingest.values import MONTHS, month_end, parse_iso_date

# `Region(?<!\wRegion)` is `\bRegion` with the literal first, so the search can skip to it
# (a leading \b made the regex engine try every position of the whole text). A second name
# word follows after one space only: a wider gap is the next column of a page header.
_REGION = re.compile(r"(?:Region|REGION)(?<!\wRegion)(?<!\wREGION)[ \t]+([A-ZÅÄÖ][\wåäöéüÅÄÖÉÜ-]+"
                     r"(?:\s+(?:[Ll]äns?|LÄNS?)\b| [A-ZÅÄÖ][\wåäöéüÅÄÖÉÜ-]+)?)")
_REGION_ONLY = re.compile(r"region\s+\S+(?:\s+\S+)?", re.I)
_MONTH_NAMES = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
# A label that introduces the meeting date: 'Tid: 2021-10-13', 'Datum och tid: onsdag 14
# februari 2024', 'Tid   Onsdagen den 22 november 2023', 'Sammanträdesdatum' / '2023-09-27'.
_DATE_LABEL = re.compile(r"^\s*(?:tid|datum|datum och tid|dag och tid|sammanträdesdatum|mötesdatum|sammanträdestid)"
                         r"(?![\wåäö])(?P<rest>.*)$", re.I)
_ISO = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_LONG_DATE = re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_NAMES})\s+(?P<y>\d{{4}})\b", re.I)
_PER_MONTH = re.compile(rf"\bper ({_MONTH_NAMES}) (\d{{4}})\b", re.I)
_PER_DAY = re.compile(rf"\bper (?:den )?(?P<d>\d{{1,2}}) (?P<m>{_MONTH_NAMES}) (?P<y>\d{{4}})\b", re.I)
_PERIOD = re.compile(rf"(?<![\wåäö])(?:(?:{_MONTH_NAMES})\s*[-–]\s*)?(?P<m>{_MONTH_NAMES})\s+(?P<y>\d{{4}})\b", re.I)
_PARAGRAPH_RANGE = re.compile(r"§§\s*(\d+\s*[-–]\s*\d+|Paragrafer)")

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
    encoding: str | None = None  # as decoded: 'utf-8', 'utf-8-sig', 'utf-16', 'cp1252', 'pdf', ...
    # Set when the content id is taken (a duplicate, an entry with no content): from the name.
    id_override: str | None = None

    @property
    def document_id(self) -> str:
        return self.id_override or document_id_for(self.sha256)


def document_id_for(sha256: str) -> str:
    # Stable across renames and rebuilds: the id is the content.
    return "doc_" + sha256[:16]


def name_id_for(source_file: str) -> str:
    """Id of an entry whose content id is taken or that has no content (FIFO, directory)."""
    return "doc_" + hashlib.sha256(b"name:" + source_file.encode("utf-8", "surrogateescape")).hexdigest()[:16]


_NOTHING_READ = hashlib.sha256(b"").hexdigest()


def read_document(path: Path, folder: Path | None = None) -> LoadOutcome:
    entry = read_entry(path, folder)
    if entry.raw is None:
        # Nothing to hash (FIFO, directory, symlink not followed) or over the size bound.
        sha = entry.sha256 or _NOTHING_READ
        return LoadOutcome(path.name, sha, entry.size_bytes, "failed", entry.problem, None,
                           id_override=None if entry.sha256 else name_id_for(path.name))
    raw = entry.raw
    sha = hashlib.sha256(raw).hexdigest()

    def failed(reason: str, encoding: str | None = None) -> LoadOutcome:
        return LoadOutcome(path.name, sha, len(raw), "failed", reason, None, encoding)

    if not raw.strip():
        return failed("empty file" if not raw else "file holds only whitespace")
    if is_pdf(raw):
        try:
            decoded = Decoded(pdf_to_text(raw), "pdf")
        except PdfUnreadable as e:
            return failed(str(e), "pdf")
    else:
        try:
            decoded = decode(raw)
        except Undecodable as e:
            return failed(str(e))
    text = decoded.text
    if not text.strip():
        return failed("file holds only whitespace", decoded.encoding)
    if _control_share(text) > 0.01:
        return failed("binary content (control characters in the text)", decoded.encoding)
    lines = split_lines(text)
    longest = max(map(len, lines), default=0)
    if longest > max_line_chars():
        return failed(f"a line of {longest} characters is over the bound of {max_line_chars()} "
                      "(WAREHOUSE_MAX_LINE_CHARS)", decoded.encoding)
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
    return LoadOutcome(path.name, sha, len(raw), "loaded", None, doc, decoded.encoding)


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


# control characters other than tab, LF, CR and form feed (code points below 32)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _control_share(text: str) -> float:
    sample = text[:20000]
    ctrl = len(_CONTROL.findall(sample))   # counted by the regex engine, not a loop per character
    return ctrl / max(len(sample), 1)


def detect_region(text: str) -> str | None:
    """The region the document names most often: genitive forms folded in, upper case
    ('REGION NORRBOTTEN') as the name is spelt, a page-header column after the name
    ('Region X   Delårsrapport') not part of it."""
    counts: Counter[str] = Counter()
    for m in _REGION.finditer(text):
        words = m.group(1).split()
        if len(words) == 2 and not re.fullmatch(r"[Ll]äns?|LÄNS?", words[1]) and names_a_genre(words[1]):
            words = words[:1]  # 'Region Gävleborg Tertialrapport': the second word is the title
        name = "Region " + " ".join(_name_case(w) for w in words)
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


def _name_case(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "län" if word in ("LÄN", "LÄNS") else word[0] + word[1:].lower()
    return word


def detect_title(lines: tuple[str, ...], genre: str) -> str | None:
    page = first_page(lines)
    if not page:
        return None
    hit = genre_hit(lines)
    if genre == "meeting_pack":
        body = _body(page) or _body_before_tid(page)
        when = detect_date(lines, genre)
        return " ".join(p for p in ("Kallelse", body, when.isoformat() if when else None) if p)
    if genre == "protocol_excerpts":
        for i, ln in enumerate(page):
            m = _PARAGRAPH_RANGE.search(ln)
            if m and re.search(r"[A-Za-zÅÄÖåäö]", ln[: m.start()]):
                # a body name wrapped over two lines: `Presidium - Nämnd för ... och` / `attraktivitet §§ 1-9`
                if ln[:1].islower() and i > 0 and not re.match(r"protokoll\b", page[i - 1], re.I):
                    ln = f"{page[i - 1]} {ln}"
                # the range of the whole extract names its body; a note such as 'N N, direktör, §§ 4-5' does not
                if body_words().search(ln):
                    return f"Protokollsutdrag {ln}"
        when = detect_date(lines, genre)
        return " ".join(p for p in ("Protokoll", _body(page), when.isoformat() if when else None) if p)
    # a cell as printed, its spacing evened (PDF layout text widens gaps after bold words)
    if hit is not None:
        return " ".join((strip_page_number(hit.cell) or hit.cell).split())
    for ln in page:
        for cell in cells(ln):
            text = strip_page_number(cell)
            if text and not re.fullmatch(r"[\d\s()/]+", text) and not _REGION_ONLY.fullmatch(text):
                return " ".join(text.split())
    return page[0]


def _body(page: list[str]) -> str | None:
    """The first short line (or page-header cell) of the first page that names a body and
    no genre: 'Regionstyrelsen', 'Nämnd för ...', 'Hälso- och sjukvårdsnämnden'."""
    pattern = body_words()
    for ln in page:
        for cell in cells(ln):
            cell = strip_page_number(cell)
            if (cell and len(cell.split()) <= 8 and not cell.endswith(".") and ":" not in cell
                    and pattern.search(cell) and not names_a_genre(cell) and not _PARAGRAPH_RANGE.search(cell)):
                return cell
    return None


def _body_before_tid(head: list[str]) -> str | None:
    for i, ln in enumerate(head):
        if _DATE_LABEL.match(ln):
            for prev in reversed(head[:i]):
                if not re.match(r"^KALLELSE\b", prev, re.I):
                    return prev
    return None


def detect_date(lines: tuple[str, ...], genre: str) -> date | None:
    """The date the document states for itself: the meeting date after a label ('Tid:',
    'Datum och tid', 'Sammanträdesdatum', on the line or the next two), else 'per <month>
    <year>' / 'per den <d> <month> <year>' near the top."""
    page = first_page(lines)
    for i, ln in enumerate(page):
        m = _DATE_LABEL.match(ln)
        if not m:
            continue
        when = _date_in(m.group("rest"))
        if when is None and not m.group("rest").strip(" :"):
            for nxt in page[i + 1: i + 3]:
                when = _date_in(nxt)
                if when:
                    break
        if when:
            return when
        if _ISO.search(m.group("rest")):
            return None  # an impossible ISO date after the label: say nothing rather than guess
    if genre in ("report", "goal_follow_up"):
        # 'Månadsrapport oktober 2023', 'Delårsrapport januari–augusti 2023', or the period on
        # the lines under the title: the end of the period reported on
        hit = genre_hit(lines)
        if hit is not None:
            at = page.index(hit.line)
            for ln in page[at: at + 4]:
                m = _PERIOD.search(ln)
                if m:
                    return month_end(m.group("m"), int(m.group("y")))
    top = " ".join(page[:5])
    m = _PER_DAY.search(top)
    if m:
        return _long_date(m)
    m = _PER_MONTH.search(top)
    if m:
        return month_end(m.group(1), int(m.group(2)))
    return None


def _date_in(text: str) -> date | None:
    m = _ISO.search(text)
    if m:
        return parse_iso_date(m.group(0))
    m = _LONG_DATE.search(text)
    return _long_date(m) if m else None


def _long_date(m: re.Match) -> date | None:
    try:
        return date(int(m.group("y")), MONTHS[m.group("m").lower()], int(m.group("d")))
    except ValueError:
        return None
