"""Nested sections inside one depth-0 section: report chapters (depth 1) and
perspectives (depth 2), the body-level goal headings of a goal follow-up, and the
chapters of a plan listed in its table of contents. Layout only."""
from __future__ import annotations

import re

from ingest.document import Document, Section
from ingest.segment.lines import Lines
from ingest.segment.markers import PERSPECTIVE, PERSPECTIVE_NAMES
from ingest.segment.names import clean_organisation, is_heading_like, looks_like_prose, sentence_case, strip_links
from ingest.text.contents import TOC_ENTRY, TOC_HEADING
from ingest.text.people import is_person_line

_CAPS = re.compile(r"^[A-ZÅÄÖÉÜ][A-ZÅÄÖÉÜ ,&-]{3,60}$")
# Chapters every report has, whatever the organisation: never an organisation name.
_GENERIC = re.compile(
    r"^(?:Perspektiv:?\s+)?(Inledning|Hållbarhet|Bilagor|Bilaga|Sammanfattning|Medarbetare|Ekonomi)$", re.I)
_CLOSING = re.compile(r"^(?:Perspektiv:?\s+)?(Inledning|Hållbarhet|Bilagor)$", re.I)
_GOAL_L1 = re.compile(r"^(?:(?P<num>\d+)\s+)?Mål\s+(?P<body>[A-ZÅÄÖ][^\d\t]{2,80})$")
_GOAL_L2 = re.compile(r"^(?P<a>\d+)\.(?P<b>\d+)\s+(?P<title>[A-ZÅÄÖ][^\t]{2,100})$")
_NOT_UNIT = re.compile(r"^(Strategiska mål|Framgångsfaktorer|Uppdrag|Mätetal|Aktiviteter|Måluppfyllelse)\b", re.I)

REPORTISH = ("interim_report", "annual_report")


def children(sec: Section, L: Lines, doc: Document) -> list[Section]:
    a, b = sec.line_start - 1, sec.line_end - 1
    if sec.section_kind in REPORTISH:
        heads = _report_heads(L, a, b)
    elif sec.section_kind == "goal_follow_up":
        heads = _goal_heads(L, a, b)
    elif sec.section_kind == "plan_and_budget":
        toc, toc_end = _toc(L, a, b)
        heads = [(j, 1, L.s[j], None) for j in _find_toc_heads(L, toc, toc_end + 1, b)]
    else:
        return []
    return _build(sec, heads, L, doc)


# --- reports -----------------------------------------------------------------------
def _report_heads(L: Lines, a: int, b: int) -> list[tuple[int, int, str, str | None]]:
    """(line, depth, title, organisation) for chapters and perspectives, in order."""
    s = L.s
    toc, toc_end = _toc(L, a, b)
    toc_titles = {t: after_caps for t, after_caps in toc}
    heads: list[tuple[int, int, str, str | None]] = []
    container = False  # the open chapter groups perspectives (a unit, an UPPER-CASE chapter)
    j = (toc_end + 1) if toc_end is not None else a
    while j <= b:
        t = s[j]
        if t and t[0] in _PERSPECTIVE_INITIALS and _is_perspective_line(L, j, b):
            # a perspective name alone on its line is a heading, whatever the blank lines
            heads.append((j, 2 if container else 1, t, None))
            j += 1
            continue
        if not t or not L.blank_before(j) or not is_heading_like(t):
            j += 1
            continue
        if not _ends_block(L, j) and not (L.raw[j][:1].isspace()
                                          and (_CAPS.match(t) or _CLOSING.match(t) or PERSPECTIVE.match(t))):
            j += 1
            continue
        if _CAPS.match(t) and sum(ch.isalpha() for ch in t) >= 4:
            if _signature_below(L, j, b):
                j += 1
                continue
            org = None if (_GENERIC.match(t) or PERSPECTIVE.match(t)) else clean_organisation(sentence_case(t))
            heads.append((j, 1, t, org))
            container = True
        elif _CLOSING.match(t):
            heads.append((j, 1, t, None))
            container = False
        elif PERSPECTIVE.match(t):
            heads.append((j, 2 if container else 1, t, None))
        elif t in toc_titles:
            if container and toc_titles[t]:
                heads.append((j, 2, t, None))
            else:
                heads.append((j, 1, t, None))
                container = False
        else:
            unit, org, last = _unit_heading(L, j)
            if unit:
                heads.append((j, 1, unit, org))
                container = True
                j = last
        j += 1
    return heads


# first letters of the perspective names (and `Perspektiv:`), capitalised as a heading is
# (_is_perspective_line): a cheap pre-filter per line
_PERSPECTIVE_INITIALS = frozenset(n[0].upper() for n in PERSPECTIVE_NAMES) | {"P"}


def _is_perspective_line(L: Lines, j: int, b: int) -> bool:
    """Exactly a perspective name, capitalised as a heading (not `medarbetare` in a
    sentence, not a row label of a table: content follows, not a number)."""
    t = L.s[j]
    if not PERSPECTIVE.match(t) or t.isupper():
        return False
    k = L.next_nb(j, b + 1)
    return k is not None and not L.s[k][:1].isdigit()


def _signature_below(L: Lines, j: int, b: int) -> bool:
    """`OFFICE` / `First Last` / `Title`: the signature closing a report."""
    k = L.next_nb(j, b + 1)
    if k is None or k - j > 3 or not is_person_line(L.s[k]):
        return False
    r = L.next_nb(k, b + 1)
    return r is None or (r - k <= 2 and len(L.s[r]) <= 40 and not PERSPECTIVE.match(L.s[r]))


def _ends_block(L: Lines, j: int) -> bool:
    """A heading stands alone: a blank line (or a wrapped second line, then a blank) below."""
    s = L.s
    if j + 1 >= len(s) or not s[j + 1]:
        return True
    return j + 2 >= len(s) or (not s[j + 2] and s[j + 1][:1].islower())


def _unit_heading(L: Lines, j: int) -> tuple[str | None, str | None, int]:
    """A unit heading: a short heading directly followed by the first perspective."""
    s = L.s
    t = s[j]
    if _NOT_UNIT.match(t) or _GENERIC.match(t) or t.endswith(":"):
        return None, None, j
    last = j
    name = t
    if j + 1 < len(s) and s[j + 1] and s[j + 1][:1].islower():
        last = j + 1
        name = f"{t} {s[j + 1]}"
    k = L.next_nb(last)
    if k is None or k - last > 3 or not PERSPECTIVE.match(s[k]) or len(name) > 80 or name.endswith((".", ",")):
        return None, None, j
    # a heading, not the first line of a paragraph: no sentence, and a name left after cleaning
    name = " ".join(name.split())
    org = None if looks_like_prose(name) else clean_organisation(name)
    return (name, org, last) if org else (None, None, j)


def _toc(L: Lines, a: int, b: int) -> tuple[list[tuple[str, bool]], int | None]:
    """Entries of a table of contents near the start: (title, listed after an UPPER-CASE entry)."""
    s = L.s
    t0 = None
    for j in range(a, min(b, a + 80) + 1):
        if TOC_HEADING.match(s[j]):
            t0 = j
            break
    if t0 is None:
        return [], None
    out: list[tuple[str, bool]] = []
    seen_caps = False
    last = t0
    j = t0 + 1
    while j <= b:
        t = s[j]
        if not t:
            if out and (j + 1 > b or not s[j + 1] or not TOC_ENTRY.match(s[j + 1])):
                break
            j += 1
            continue
        m = TOC_ENTRY.match(t)
        if not m:
            break
        title = m.group("title").rstrip(". ").strip()
        if ":" not in title and not PERSPECTIVE.match(title):
            out.append((title, seen_caps))
        if _CAPS.match(title):
            seen_caps = True
        last = j
        j += 1
    return out, last


def _find_toc_heads(L: Lines, toc: list[tuple[str, bool]], a: int, b: int) -> list[int]:
    want = [t for t, _ in toc]
    found: list[int] = []
    k = 0
    for j in range(a, b + 1):
        if k >= len(want):
            break
        if L.s[j] == want[k] or (L.s[j] in want[k:] and L.blank_before(j)):
            k = want.index(L.s[j], k) + 1
            found.append(j)
    return found


# --- goal follow-up ----------------------------------------------------------------
def _goal_heads(L: Lines, a: int, b: int) -> list[tuple[int, int, str, str | None]]:
    s = L.s
    heads: list[tuple[int, int, str, str | None]] = []
    level = 0
    for j in range(a + 1, b + 1):
        t = s[j]
        if not t or t[0] not in "M0123456789":
            continue
        m = _GOAL_L1.match(t)
        if m and L.blank_before(j):
            num = int(m.group("num")) if m.group("num") else level + 1
            if num == level + 1:
                level = num
                heads.append((j, 1, t, " ".join(m.group("body").split())))
            continue
        m = _GOAL_L2.match(t)
        if m and level and int(m.group("a")) == level and L.blank_before(j):
            heads.append((j, 2, t, None))
    return heads


# --- assembly ----------------------------------------------------------------------
def _build(sec: Section, heads: list[tuple[int, int, str, str | None]], L: Lines, doc: Document) -> list[Section]:
    out: list[Section] = []
    b = sec.line_end - 1
    parent1: Section | None = None
    for idx, (j, depth, title, org) in enumerate(heads):
        # ends before the next head of the same or a shallower depth
        end = b
        for k in range(idx + 1, len(heads)):
            if heads[k][1] <= depth:
                end = heads[k][0] - 1
                break
        if depth == 2 and parent1 is not None:
            end = min(end, parent1.line_end - 1)
        last = L.last_nb(j, end)
        end = j if last is None else last
        parent = parent1 if (depth == 2 and parent1 is not None) else None
        d = 2 if parent is not None else 1
        s = Section(
            section_id=f"{doc.document_id}:{j + 1}:{sec.section_kind}:{d}",
            document_id=doc.document_id,
            section_kind=sec.section_kind,
            title=strip_links(title),
            line_start=j + 1,
            line_end=end + 1,
            region=doc.region,
            organisation=clean_organisation(org),
            report_period=sec.report_period,
            parent_section_id=(parent.section_id if parent else sec.section_id),
            depth=d,
        )
        if d == 1:
            parent1 = s
        out.append(s)
    return out
