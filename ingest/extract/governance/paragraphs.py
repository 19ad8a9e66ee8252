"""Protocol paragraphs in any template -> one record per `§`.

Layouts read:
    § 112  Title                      number and title on one line (`§112 Title`,
    Dnr RS300871                      `Paragraf 30 Title`), the case number on the heading
                                      line, on its own line or after `Dnr` / `Diarienummer`
    § 33                              number alone, the title on the next line
    Title
    Dnr HSN 2030-00123
    Ärendebeskrivning / Beslutsunderlag / Förslag till beslut / Yrkanden / Beslutsgång /
    Propositionsordning / Omröstning / <Body>s beslut / <Body> beslutar / Beslut /
    Reservation / Protokollsanteckning / Beslutet skickas till
A heading stands after a blank line (or a page break); a `§ 33` inside an attendance
cell or `Omröstningslista § 116` is not one. Page furniture (`Justerandes signatur`,
`Utdragsbestyrkande`, `Sida`, `3(10)`) and the repeated page header are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.governance.cases import LABEL as DNR_LABEL
from ingest.extract.governance.cases import find_cases, normalise
from ingest.extract.governance.text import norm
from ingest.text.page_furniture import PROTOCOL_PAGE_FURNITURE

HEADING = re.compile(r"^\s*(?:§\s*|Paragraf\s+)(?P<num>\d{1,4})(?:\s+(?P<title>\S.*?))?\s*$")
_GAP = re.compile(r"\t|\s{2,}")

# block labels (whole line, case-insensitive) -> block name
LABELS: dict[str, str] = {
    "beslut": "decision", "beslutet": "decision", "beslut i korthet": "decision",
    "ärendebeskrivning": "summary", "sammanfattning": "summary", "ärendet": "summary",
    "bakgrund": "summary", "ärendet i korthet": "summary",
    "beslutsunderlag": "basis", "handlingar": "basis",
    "förslag till beslut": "proposal", "förvaltningens förslag till beslut": "proposal",
    "arbetsutskottets förslag till beslut": "proposal",
    "yrkanden": "motions", "yrkande": "motions", "yrkanden/förslag till beslut på sammanträde": "motions",
    "beslutsgång": "procedure", "propositionsordning": "procedure", "proposition": "procedure",
    "omröstning": "vote", "votering": "vote",
    "reservation": "reservations", "reservationer": "reservations",
    "protokollsanteckning": "note", "protokollsanteckningar": "note", "jäv": "note",
    "beslutet skickas till": "sent_to", "beslut skickas till": "sent_to", "expedieras till": "sent_to",
    "beslutets antal sidor": "pages",
}
# '<Body>s beslut' ('Regionstyrelsens beslut', 'Hälso- och sjukvårdsnämndens beslut'),
# '<Body> beslutar' standing alone
_BODY_DECIDES = re.compile(r"^[A-ZÅÄÖ][\w\s,-]{2,70}?(?:s beslut|\sbeslutar)\s*:?$")


def block_of(line: str) -> str | None:
    t = norm(line).rstrip(":")
    lab = LABELS.get(t.lower())
    if lab:
        return lab
    if _BODY_DECIDES.match(t) and len(t.split()) <= 8:
        return "decision"
    return None


@dataclass
class GenericParagraph:
    paragraph: int
    line: int                     # 1-based line of the heading
    title: str | None = None
    title_line: int | None = None
    case_text: str | None = None
    case_number: str | None = None
    case_line: int | None = None
    blocks: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        rows = self.blocks.get(name)
        return (norm(" ".join(t for _, t in rows)) or None) if rows else None


def split_case(text: str, prefix: str | None) -> tuple[str, str | None, str | None]:
    """A title with a case number in its last cell ('Title    RS 2030/12', 'Title, Dnr 12')."""
    cells = [c for c in _GAP.split(text.strip()) if c.strip()]
    if len(cells) >= 2:
        last = DNR_LABEL.sub("", cells[-1])
        found = find_cases(last)
        if found and found[0].start == 0:
            return norm(" ".join(cells[:-1])), cells[-1].strip(), normalise(found[0], prefix)
    m = re.search(r"[,\s]\s*(?:Dnr|Diarienummer)\.?\s*:?\s*(?P<c>\S.*)$", text)
    if m:
        found = find_cases(m.group("c"))
        if found:
            return norm(text[: m.start()]).rstrip(","), m.group("c"), normalise(found[0], prefix)
    return norm(text), None, None


def case_line(text: str, prefix: str | None) -> tuple[str, str] | None:
    """A line that is a case number: 'Dnr RS300871', 'Diarienummer: 2030-000345', 'RS 2030/12'."""
    t = text.strip()
    m = DNR_LABEL.match(t)
    rest = t[m.end():] if m else t
    found = find_cases(rest)
    if not found:
        return None
    c = found[0]
    if m or (c.start == 0 and c.end >= len(rest.rstrip()) - 1):
        return rest.strip(), normalise(c, prefix)
    return None


def parse_paragraphs(lines: tuple[str, ...], lo: int, hi: int, prefix: str | None,
                     furniture: set[str] | None = None) -> list[GenericParagraph]:
    """Paragraphs in lines[lo:hi] (0-based, hi exclusive), in file order."""
    furniture = furniture or set()
    out: list[GenericParagraph] = []
    cur: GenericParagraph | None = None
    block: str | None = None
    hi = min(hi, len(lines))
    k = lo
    blank_before = True
    while k < hi:
        raw = lines[k]
        t = raw.strip()
        if not t:
            blank_before = True
            k += 1
            continue
        if PROTOCOL_PAGE_FURNITURE.match(t) or norm(t) in furniture:
            blank_before = True       # a page break counts as a blank line
            k += 1
            continue
        m = HEADING.match(t)
        last = out[-1].paragraph if out else None
        if m and blank_before and (last is None or int(m.group("num")) > last):
            cur = GenericParagraph(int(m.group("num")), k + 1)
            out.append(cur)
            block = None
            k = _read_title(lines, k, hi, m.group("title"), cur, prefix, furniture)
            blank_before = False
            continue
        blank_before = False
        if cur is None:
            k += 1
            continue
        lab = block_of(t)
        if lab:
            block = lab
            cur.blocks.setdefault(block, [])
            if lab == "decision" and t.rstrip(":").endswith("beslutar"):
                cur.blocks[block].append((k + 1, t))
            k += 1
            continue
        if cur.case_text is None and block is None:
            c = case_line(t, prefix)
            if c:
                cur.case_text, cur.case_number, cur.case_line = c[0], c[1], k + 1
                k += 1
                continue
        cur.blocks.setdefault(block or "decision", []).append((k + 1, t))
        k += 1
    return out


def _read_title(lines, k, hi, on_line: str | None, p: GenericParagraph, prefix, furniture) -> int:
    """The title on the heading line, or the next text lines up to a case number, a block
    label or a blank line; a case number on the line after the title is the paragraph's."""
    parts: list[str] = []
    if on_line:
        title, ctext, cnum = split_case(on_line, prefix)
        parts.append(title)
        p.title_line = k + 1
        if cnum:
            p.case_text, p.case_number, p.case_line = ctext, cnum, k + 1
    j = k + 1
    while j < hi:
        t = lines[j].strip()
        if not t or PROTOCOL_PAGE_FURNITURE.match(t) or norm(t) in furniture:
            break
        c = case_line(t, prefix)
        if c and p.case_text is None:
            p.case_text, p.case_number, p.case_line = c[0], c[1], j + 1
            j += 1
            break
        if block_of(t) or HEADING.match(t) or (parts and not _continues(parts[-1], t)):
            break
        title, ctext, cnum = split_case(t, prefix)
        parts.append(title)
        p.title_line = p.title_line or j + 1
        if cnum and p.case_text is None:
            p.case_text, p.case_number, p.case_line = ctext, cnum, j + 1
        j += 1
    p.title = norm(" ".join(parts)) or None
    if p.title is None:
        p.issues.append("no title under the paragraph line")
    return j


def _continues(prev: str, t: str) -> bool:
    """A wrapped title goes on in lower case or after a line ending in a connecting word."""
    return t[:1].islower() or prev.rstrip().endswith((",", "-", "–", " och", " för", " av", " om", " i", " till"))
