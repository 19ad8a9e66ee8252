"""Protocol excerpts (PROTOKOLL) -> one record per paragraph (§).

Layout read (generic for Swedish protocol excerpts):
    [PROTOKOLL]
    <body, may wrap>  §§ <from>-<to> | §§ Paragrafer (an unfilled template)
    Tid: YYYY-MM-DD kl. HH:MM
    Plats: <place>
    Protokollsutdrag, bestyrkande / Justerare, signatur   (page furniture)
    § <n>
    <title, may wrap>
    Diarienummer: <case>[ och <case>]
    Beslut / Sammanfattning / Beslutsunderlag / Yrkanden... / Beslutsgång /
    Reservationer / Beslutet skickas till / Beslutets antal sidor + <n>

A header that repeats on the next page of the same excerpt (no `§ n` follows) is a
continuation, not a new excerpt. The whole document is scanned once, so the parser
does not depend on how the segmenter cut the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.governance.paragraphs import split_case as split_title_case
from ingest.extract.governance.paragraphs import block_of
from ingest.extract.governance.text import is_blank, norm, parse_plats, parse_tid, Tid
from ingest.values import find_case_numbers
from ingest.text.page_furniture import ATTESTATION_LINE

_RANGE_HDR = re.compile(r"^(?P<body>.*?)\s*§§\s*(?P<range>\S.*?)\s*$")
_RANGE = re.compile(r"^(\d{1,4})\s*[-–]\s*(\d{1,4})$")
_PARA = re.compile(r"^\s*§\s*(\d{1,4})\s*$")
# the other heading forms: '§12', '§ 12  Title', 'Paragraf 12' (title on the line or below)
_PARA_ANY = re.compile(r"^\s*(?:§\s*|Paragraf\s+)(\d{1,4})(?:\s+(?P<title>\S.*?))?\s*$")
_PROTOKOLL = re.compile(r"^\s*PROTOKOLL\s*$")
_DNR = re.compile(r"^\s*(?:Diarienummer|Dnr|Ärendenummer)\s*:?\s*(?P<rest>.*)$", re.I)
_PAGES_VALUE = re.compile(r"^\s*(\d{1,3})\s*$")

# block labels of a protocol paragraph -> block name (whole line, case-insensitive)
LABELS: dict[str, str] = {
    "beslut": "decision",
    "beslutet": "decision",
    "sammanfattning": "summary",
    "ärendebeskrivning": "summary",
    "beslutsunderlag": "basis",
    "yrkanden/förslag till beslut på sammanträde": "motions",
    "yrkanden": "motions",
    "yrkande": "motions",
    "beslutsgång": "procedure",
    "reservationer": "reservations",
    "reservation": "reservations",
    "protokollsanteckning": "note",
    "protokollsanteckningar": "note",
    "jäv": "note",
    "beslutet skickas till": "sent_to",
    "beslut skickas till": "sent_to",
    "beslutets antal sidor": "pages",
}


def _label(line: str) -> str | None:
    lab = LABELS.get(norm(line).rstrip(":").lower())
    if lab is None and block_of(line) == "decision":
        return "decision"      # '<Body>s beslut', '<Body> beslutar'
    return lab


@dataclass
class Header:
    line: int                 # 1-based line of the `§§` header
    body: str | None
    range_text: str
    paragraph_from: int | None
    paragraph_to: int | None
    tid: Tid | None
    tid_line: int | None
    place: str | None
    end: int                  # 0-based index of the last header line consumed
    issues: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.body, self.tid.date_text if self.tid else None)


@dataclass
class Paragraph:
    header: Header
    paragraph: int | None
    line: int                          # the `§ n` line (or the header line if none)
    title: str | None = None
    title_line: int | None = None
    case_text: str | None = None
    case_line: int | None = None
    blocks: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    pages_stated: int | None = None
    issues: list[str] = field(default_factory=list)


def _header_at(lines: tuple[str, ...], i: int) -> Header | None:
    """A `<body> §§ <range>` line at index i followed within a few lines by `Tid:`."""
    t = lines[i]
    if "§§" not in t:
        return None
    m = _RANGE_HDR.match(t.strip())
    if not m:
        return None
    tid = tid_line = None
    place = None
    end = i
    j = _next_content(lines, i + 1)
    # Tid: within the next few text lines (some templates put a blank or two between)
    for _ in range(3):
        if j is None:
            break
        tid = parse_tid(lines[j])
        if tid:
            tid_line, end = j + 1, j
            break
        j = _next_content(lines, j + 1)
    if tid is not None:
        k = _next_content(lines, end + 1)
        if k is not None and lines[k].strip().lower().startswith("plats"):
            place, end = parse_plats(lines[k]), k
    if tid is None:
        return None  # '§§' in running text, not an excerpt header
    body = norm(m.group("body"))
    # a body that wraps: '... näringsliv och' / 'attraktivitet §§ 123-140'
    if (not body or body[0].islower()) and i > 0 and not is_blank(lines[i - 1]) \
            and not _PROTOKOLL.match(lines[i - 1]):
        body = norm(lines[i - 1] + " " + body)
    rng = norm(m.group("range"))
    issues = []
    r = _RANGE.match(rng)
    p_from = p_to = None
    if r:
        p_from, p_to = int(r.group(1)), int(r.group(2))
    else:
        issues.append(f"paragraph range not filled in: '§§ {rng}'")
    if tid.meeting_date is None:
        issues.append(f"impossible meeting date '{tid.date_text}'")
    return Header(i + 1, body or None, rng, p_from, p_to, tid, tid_line, place, end, issues)


def parse_protocols(lines: tuple[str, ...]) -> list[Paragraph]:
    """Every protocol paragraph of a document, in file order."""
    out: list[Paragraph] = []
    n = len(lines)
    header: Header | None = None
    cur: Paragraph | None = None
    block: str | None = None
    closed = True          # the current excerpt printed 'Beslutets antal sidor' + n
    pending_pages = False
    i = 0
    while i < n:
        t = lines[i]
        if "§§" in t:
            h = _header_at(lines, i)
            if h is not None:
                nxt = _next_content(lines, h.end + 1)
                continues = (not closed and header is not None and h.key == header.key
                             and (nxt is None or not _PARA.match(lines[nxt])))
                if not continues:
                    header, cur, block, closed = h, None, None, False
                i = h.end + 1
                continue
        if header is None or closed:
            i += 1
            continue
        if pending_pages:
            if is_blank(t):
                i += 1
                continue
            m = _PAGES_VALUE.match(t)
            if m and cur is not None:
                cur.pages_stated = int(m.group(1))
            pending_pages = False
            closed = True
            i += 1
            continue
        if is_blank(t) or ATTESTATION_LINE.match(t) or _PROTOKOLL.match(t):
            i += 1
            continue
        pm = _PARA.match(t) or _PARA_ANY.match(t)
        if pm:
            cur = Paragraph(header, int(pm.group(1)), i + 1)
            out.append(cur)
            if pm.re is _PARA_ANY and pm.group("title"):
                title, ctext, _ = split_title_case(pm.group("title"), None)
                cur.title, cur.title_line = title, i + 1
                if ctext:
                    cur.case_text, cur.case_line = ctext, i + 1
                i += 1
            else:
                i = _read_title(lines, i + 1, cur)
            block = "decision"   # text before any label is the decision (e.g. '... anmäls')
            continue
        if cur is None:
            # content before any `§ n`: keep it, the paragraph number is unknown
            cur = Paragraph(header, None, header.line, issues=["no '§ n' line under the header"])
            out.append(cur)
            block = "decision"
        lab = _label(t)
        if lab == "pages":
            pending_pages = True
            i += 1
            continue
        if lab:
            block = lab
            cur.blocks.setdefault(block, [])
            i += 1
            continue
        dm = _DNR.match(t) if cur.case_text is None else None
        if dm and cur.case_line is None:
            cur.case_text, cur.case_line = norm(dm.group("rest")), i + 1
            i += 1
            continue
        cur.blocks.setdefault(block or "decision", []).append((i + 1, t))
        i += 1
    return out


def _next_content(lines: tuple[str, ...], j: int) -> int | None:
    while j < len(lines):
        if not is_blank(lines[j]) and not ATTESTATION_LINE.match(lines[j]):
            return j
        j += 1
    return None


def _read_title(lines: tuple[str, ...], j: int, p: Paragraph) -> int:
    """Title = the first run of consecutive text lines after `§ n` (it may wrap),
    ending at a blank line, a Diarienummer line or a block label."""
    n = len(lines)
    while j < n and is_blank(lines[j]):
        j += 1
    parts: list[str] = []
    while j < n and not is_blank(lines[j]) and not _DNR.match(lines[j]) and not _label(lines[j]) \
            and not _PARA.match(lines[j]) and "§§" not in lines[j]:
        if p.title_line is None:
            p.title_line = j + 1
        parts.append(lines[j])
        j += 1
    p.title = norm(" ".join(parts)) or None
    if p.title is None:
        p.issues.append("no title under the paragraph line")
    return j


def block_text(p: Paragraph, name: str) -> str | None:
    rows = p.blocks.get(name)
    return norm(" ".join(t for _, t in rows)) or None if rows else None


def decision_lead(p: Paragraph) -> str | None:
    """The line naming who decides or proposes ('Regionstyrelsen föreslås', 'Presidiet
    föreslår nämnden'): the first run of decision lines (at most two, wrapped) when a
    blank line separates it from the items, and it is neither a sentence nor an item."""
    rows = p.blocks.get("decision") or []
    run = rows[:1]
    for prev, nxt in zip(rows, rows[1:]):
        if nxt[0] != prev[0] + 1:
            break
        run.append(nxt)
    if not run or len(run) > 2 or len(run) == len(rows):
        return None
    first = run[0][1]
    s = norm(" ".join(t for _, t in run))
    if first[:1].isspace() or s[:1] in "•-–*" or s[:1].isdigit() or s.endswith((".", ":", ",", ";")):
        return None
    return s if len(s) <= 120 else None


def case_numbers(p: Paragraph, default_prefix: str | None) -> list[tuple[int, str, str]]:
    """(line, normalised case number, kind) for the paragraph's own Diarienummer, and for
    case numbers printed in its decision and basis blocks."""
    out: list[tuple[int, str, str]] = []
    seen: set[tuple[str, str]] = set()
    if p.case_text:
        for c in find_case_numbers(p.case_text, default_prefix):
            if ("diarienummer", c) not in seen:
                seen.add(("diarienummer", c))
                out.append((p.case_line, c, "diarienummer"))
    for block, kind in (("decision", "decision_text"), ("basis", "basis")):
        rows = p.blocks.get(block) or []
        # join wrapped lines so 'ABC' / '2030/545' split over two lines is one number
        for k, (ln, t) in enumerate(rows):
            nxt = rows[k + 1][1].split() if k + 1 < len(rows) else []
            text = t + " " + nxt[0] if nxt else t
            for c in find_case_numbers(text, default_prefix):
                if (kind, c) not in seen:
                    seen.add((kind, c))
                    out.append((ln, c, kind))
    return out
