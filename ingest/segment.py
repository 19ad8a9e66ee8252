"""Document text -> sections: the logical sub-documents of one file, nested.

`segment(doc)` returns depth-0 sections that tile the document in file order (every
non-blank line lies in exactly one of them; leftovers are `other`), plus depth-1
chapters (and depth-2 perspectives) inside reports, goal follow-ups and plans.

Everything is read from LAYOUT and generic Swedish document vocabulary (KALLELSE,
PROTOKOLL, `§§`, Tid:, Förslag till beslut, Delårsrapport, page footers such as
`<unit>, Delårsrapport 2 7(26)` ...). Names, dates and periods are read from the text.

How it works:
1. `_find_starts` scans the lines once and emits start events (kind, title,
   organisation, and for excerpts and letters an explicit last line).
2. `_tile` walks the events in order, merges continuations (a protocol page whose
   header repeats, KALLELSE 2(2), the next page of a diarium print-out), fills the
   gaps after explicitly ended sections (an e-mail after an excerpt) and classifies
   those gaps by their page footers.
3. `_split_reports` starts a new report where a report's `Inledning` comes round
   again (two unit reports printed back to back without a title page).
4. `ingest.segment_chapters.children` adds the nested chapter sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.document import Document, Section
from ingest.segment_layout import (
    FOOTER,
    PERSPECTIVE,
    Lines,
    clean_organisation,
    is_heading_like,
    kind_of_footer,
    looks_like_prose,
    name_key,
    period_of_span,
    sentence_case,
    strip_links,
)

SECTION_KINDS = (
    "agenda", "attendee_list", "protocol_excerpt", "monthly_report", "interim_report",
    "annual_report", "plan_and_budget", "goal_follow_up", "official_letter", "register",
    "calendar", "other",
)
REPORT_KINDS = ("monthly_report", "interim_report", "annual_report")

# --- markers (generic vocabulary only) -------------------------------------------
_KALLELSE = re.compile(r"^KALLELSE\b(?:\s*(\d+)\s*\((\d+)\))?")
_TID = re.compile(r"^Tid:?\s*\d{4}-\d{2}-\d{2}")
_AGENDA_HEAD = re.compile(r"^(Ärenden|Föredragningslista|Dagordning)\s*$", re.I)
_PROTOKOLL = re.compile(r"^PROTOKOLL\s*$")
_PARAS = re.compile(r"^(?P<body>.*?)\s*§§\s*(?P<range>\d+\s*[-–]\s*\d+|Paragrafer)\s*$")
_PARA = re.compile(r"^§\s*\d+\s*$")
_DECISION_PAGES = re.compile(r"^Beslutets antal sidor\s*$")
# other templates: a protocol titled without a `§§ N-M` + Tid: header, a call titled in
# title case or at the end of a page header, agenda headings in any case
_PROTOCOL_TITLE = re.compile(r"^(?:PROTOKOLL|Protokoll|Sammanträdesprotokoll|SAMMANTRÄDESPROTOKOLL)\s*$"
                             r"|^\S.*\s{2}(?:PROTOKOLL|SAMMANTRÄDESPROTOKOLL)$")
_CALL_TITLE = re.compile(r"^(?:Kallelse\b(?!\s+\d)|\S.*\s{2}KALLELSE$)")
_DATE_WORDS = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+\d{4})"
_HEADER_DATE = re.compile(r"^(?:Tid|Datum|Datum och tid|Dag och tid|Sammanträdesdatum|Sammanträdesdag)\b[^\n]*?" + _DATE_WORDS, re.I)
_HEADER_DATE_LABEL = re.compile(r"^(?:Tid|Datum|Datum och tid|Dag och tid|Sammanträdesdatum|Sammanträdesdag)\s*:?\s*$", re.I)
_AGENDA_HEAD_ANY = re.compile(r"^(?:Ärenden|Föredragningslista|Dagordning)\s*:?\s*$", re.I)
_ATTENDEE_LABEL = re.compile(r"^(?:Kallade|Ledamöter|Ordinarie ledamöter|Beslutande(?: ledamöter)?|Närvarande|"
                             r"Närvarolista)(?:\s*:|\s{2,}|\s*$)", re.I)
_ATTENDEES = re.compile(r"^(Kallade\b|Ordinarie ledamöter:)")
_SAMMANST = re.compile(r"^Sammanställning av (?:anmälda )?\S+(?: till)?\s+(?P<org>.+?)[,\s]+\d{4}-\d{2}-\d{2}\s*$")
_SAMMANST_START = re.compile(r"^Sammanställning av \S")
# The header row of a register listing (generic column vocabulary), or a listing row.
_REGISTER_HEADER = re.compile(
    r"^(?:Ärendetyp|Ärenderubrik|Ärende|Diarienummer|Dnr|Beslutsdatum|Datum|Handling|Handlingstyp|"
    r"Beslutsdelegat|Avsändare|Rubrik)(?:\t|\s{2,}|$)", re.I)
_LIST_ROW = re.compile(r"^(?:[•\-–]\s|\S[^\t]*\t\S|\d{4}-\d{2}-\d{2}\s|[A-ZÅÄÖ]{2,5}\s\d{4}/\d+)")
_UTSKRIFT = re.compile(r"^Utskriftsdatum:")
_REGISTER_TITLE = re.compile(r"^(Dokument|Delegeringsbeslut|Delegationsbeslut|Sidan\s+\d+\s+av\s+\d+)\s*$")
_LETTER_HEAD = re.compile(r"^(TJÄNSTESKRIVELSE|MISSIV)\b(?:\s*(\d+)\s*\((\d+)\))?")
_PROPOSAL = re.compile(r"^Förslag till beslut\s*$")
_SENT_TO = re.compile(r"^Beslut(?:et)? skickas till\s*$")
_MONTHLY = re.compile(r"^Månadsrapport\b\s*[-–]?\s*(?P<period>[a-zåäö]+\.? \d{4})?\s*,?\s*(?P<org>.*)$", re.I)
_INTERIM_TITLE = re.compile(r"^Delårsrapport(?: \d)?(?: [A-ZÅÄÖ]{2,6})?$")
_ANNUAL_TITLE = re.compile(r"^(Verksamhetsberättelse|Årsredovisning)(?: \d{4})?$")
_TERTIAL = re.compile(r"^Tertial ([1-3]) (\d{4})$")
_PLAN_TITLE = re.compile(r"^Verksamhetsplan(?: och|,)? budget (\d{4})$", re.I)
_GOAL_TITLE = re.compile(r"(?:Sammanställning|Uppföljning)(?: av)? måluppfyllelse(?: per (?P<period>[a-zåäö]+ \d{4}))?", re.I)
_TOC = re.compile(r"^Innehållsförteckning\s*$")
_INLEDNING = re.compile(r"^Inledning$")
_CAPS_LINE = re.compile(r"^[A-ZÅÄÖÉÜ][A-ZÅÄÖÉÜ &,.-]{3,}$")
_NAME_LINE = re.compile(r"^[^\d\t]{1,60}$")
_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")
_MONTH_HEADER = re.compile(r"^(?:(?:" + "|".join(_MONTHS) + r")\b[\s\t]*){3,}$", re.I)
_GRID_ROW = re.compile(r"^(M|Ti|O|To|F|L|S)([1-9]|[12]\d|3[01])\b")
_BODY_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class _Ev:
    start: int            # 0-based
    kind: str
    title: str | None = None
    organisation: str | None = None
    period: str | None = None
    end: int | None = None        # explicit last line (0-based, inclusive)
    key: str | None = None        # continuation key: same key + open -> same section
    cont: bool = False            # this event continues the previous section of its kind
    extra: dict = field(default_factory=dict)


# --- public ------------------------------------------------------------------------
def segment(doc: Document) -> list[Section]:
    """Split a document into nested sections (depth 0 tiles the file)."""
    lines = doc.lines or tuple(doc.text.splitlines())
    L = Lines(lines)
    events = _find_starts(L, doc)
    spans = _tile(events, L)
    spans = _split_reports(spans, L)
    top = _inherit(_finish(sp, L, doc) for sp in spans)
    from ingest.segment_chapters import children  # local: one job per module

    out: list[Section] = []
    for sec in top:
        out.append(sec)
        out.extend(children(sec, L, doc))
    titled = {sec.section_id: clean_organisation(sp.ev.organisation) for sp, sec in zip(spans, top)
              if sec.section_kind in REPORT_KINDS}
    return _one_name_per_unit(out, titled)


def _one_name_per_unit(secs: list[Section], titled: dict[str, str | None]) -> list[Section]:
    """One spelling per unit within a document.

    A unit report names its unit twice, on its title page and in its page footers, and
    the two may differ (a long and a short form); the region report may also give the
    unit a chapter. Where a chapter heading matches either form, the chapter's spelling
    is used for all of them; otherwise the footer's (the running name)."""
    chapter_names: dict[str, str] = {}
    for sec in secs:
        if sec.depth == 1 and sec.organisation and sec.section_kind in REPORT_KINDS:
            chapter_names.setdefault(name_key(sec.organisation), sec.organisation)
    rename: dict[str, str] = {}
    for sec in secs:
        if sec.depth or sec.section_kind not in REPORT_KINDS:
            continue
        forms = [f for f in (titled.get(sec.section_id), sec.organisation) if f]
        canon = next((chapter_names[name_key(f)] for f in forms if name_key(f) in chapter_names), None)
        canon = canon or sec.organisation
        if canon:
            for f in forms:
                rename.setdefault(name_key(f), canon)
    if not rename:
        return secs
    return [replace(sec, organisation=rename.get(name_key(sec.organisation), sec.organisation))
            if sec.organisation and sec.section_kind in REPORT_KINDS else sec for sec in secs]


def _inherit(secs) -> list[Section]:
    """An attendee list names no body: it is the call's (the agenda just before it)."""
    out: list[Section] = []
    for sec in secs:
        if sec.section_kind == "attendee_list" and sec.organisation is None and out \
                and out[-1].section_kind == "agenda":
            sec = replace(sec, organisation=out[-1].organisation)
        out.append(sec)
    return out


def section_id(document_id: str, line_start: int, kind: str, depth: int) -> str:
    return f"{document_id}:{line_start}:{kind}:{depth}"


# --- 1. start events ---------------------------------------------------------------
def _find_starts(L: Lines, doc: Document) -> list[_Ev]:
    s = L.s
    n = len(s)
    evs: list[_Ev] = []
    letter_heads: list[int] = []
    protocol_ranges: list[tuple[int, int]] = []
    call: dict = {}    # an open call in another template (see _governance_generic)
    i = 0
    while i < n:
        t = s[i]
        if not t:
            i += 1
            continue
        c = t[0]
        if c in "PpSK" and _PROTOCOL_TITLE.match(t) or t.endswith("KALLELSE") and _CALL_TITLE.match(t) \
                or t.endswith("PROTOKOLL") and _PROTOCOL_TITLE.match(t) \
                or c == "K" and _CALL_TITLE.match(t) or call:
            ev, nxt = _governance_generic(L, i, call, protocol_ranges)
            if ev is not None:
                evs.append(ev)
            if nxt is not None:
                i = nxt
                continue
        # protocol excerpt: a `Body §§ N-M` line followed by Tid:
        if "§§" in t:
            ev = _protocol(L, i)
            if ev:
                evs.append(ev)
                protocol_ranges.append((ev.start, ev.end if ev.end is not None else ev.extra["hdr"]))
                i = ev.extra["hdr"] + 1
                continue
        if c == "K" and _KALLELSE.match(t):
            m = _KALLELSE.match(t)
            ev = _agenda(L, i, i)
            if ev:
                ev.cont = bool(m.group(1) and int(m.group(1)) > 1)
                evs.append(ev)
                i = ev.extra["tid"] + 1
                continue
        if c == "T" and _TID.match(t) and not _in(i, protocol_ranges):
            ev = _agenda(L, None, i)
            if ev:
                evs.append(ev)
                i += 1
                continue
        if c in "KO" and _ATTENDEES.match(t):
            evs.append(_Ev(i, "attendee_list", title=t))
            j = L.next_nb(i)
            i = (j + 1) if (j is not None and t.startswith("Kallade") and _ATTENDEES.match(s[j])) else i + 1
            continue
        if c == "S" and _SAMMANST_START.match(t) and L.blank_before(i):
            title, last = L.join_wrapped(i)
            m = _SAMMANST.match(title)
            if m and _register_layout_after(L, last):
                evs.append(_Ev(i, "register", title=title, organisation=sentence_case(m.group("org")),
                               key="sammanst:" + title))
                i = last + 1
                continue
        if c == "U" and _UTSKRIFT.match(t):
            evs.append(_register_print(L, i))
            i += 1
            continue
        if c in "TM" and _LETTER_HEAD.match(t):
            m = _LETTER_HEAD.match(t)
            if m.group(2) and int(m.group(2)) > 1:
                i += 1
                continue  # page 2 of a letter: page furniture
            letter_heads.append(i)
            evs.append(_letter(L, i, i))
            i += 1
            continue
        if c == "F" and _PROPOSAL.match(t):
            # an indented proposal is part of an agenda item's description, not a letter
            if not any(0 <= i - h <= 40 for h in letter_heads) and not _in(i, protocol_ranges) \
                    and not L.raw[i][:1].isspace():
                start = _letter_start_before(L, i)
                if start is not None:
                    evs.append(_letter(L, start, i))
            i += 1
            continue
        if c == "M" and _MONTHLY.match(t) and len(t) <= 60 and L.blank_before(i):
            m = _MONTHLY.match(t)
            per = m.group("period")
            if per and len(per.split()[0].rstrip(".")) <= 4:
                per = per[0].upper() + per[1:]
            evs.append(_Ev(i, "monthly_report", title=t, organisation=(m.group("org").strip() or None), period=per))
            i += 1
            continue
        if c in "DVÅ" and (_INTERIM_TITLE.match(t) or _ANNUAL_TITLE.match(t)):
            ev = _report_title(L, i)
            if ev:
                evs.append(ev)
                i = ev.extra.get("next", i + 1)
                continue
        if c == "T" and _TERTIAL.match(t):
            m = _TERTIAL.match(t)
            org_i = L.next_nb(i)
            org = None
            if org_i is not None and is_heading_like(s[org_i]) and not _INLEDNING.match(s[org_i]):
                org, _ = L.join_wrapped(org_i)
            evs.append(_Ev(i, "interim_report", title=t, organisation=org, period=f"T{m.group(1)} {m.group(2)}"))
            i += 1
            continue
        if c == "V" and _PLAN_TITLE.match(t) and (i < 40 or L.find(_TOC, i, 15) is not None):
            j = L.next_nb(i)
            org = s[j] if j is not None and is_heading_like(s[j]) and not _TOC.match(s[j]) else None
            evs.append(_Ev(i, "plan_and_budget", title=t, organisation=org, period=_PLAN_TITLE.match(t).group(1)))
            i += 1
            continue
        if _GOAL_TITLE.search(t) and len(t) <= 90 and L.blank_before(i):
            m = _GOAL_TITLE.search(t)
            evs.append(_Ev(i, "goal_follow_up", title=t, period=m.group("period")))
            i += 1
            continue
        if _MONTH_HEADER.match(t):
            j = L.next_nb(i)
            if j is not None and _GRID_ROW.match(s[j]):
                evs.append(_Ev(i, "calendar", title=t, key="calendar"))
                i = j
                continue
        i += 1
    evs.sort(key=lambda e: e.start)
    return evs


def _in(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i <= b for a, b in ranges)


def _protocol(L: Lines, i: int) -> _Ev | None:
    s = L.s
    m = _PARAS.match(s[i])
    if not m:
        return None
    tid = L.find(_TID, i, 6)
    if tid is None:
        return None
    body = m.group("body").strip()
    top = i
    # a body name wrapped over two lines: the line above has no blank between (and is a
    # name, not a link or a sentence printed just before the header)
    if i > 0 and s[i - 1] and not L.raw[i][:1].isspace() and not _PROTOKOLL.match(s[i - 1]) \
            and (not body or body[0].islower()) and strip_links(s[i - 1]) == s[i - 1] \
            and not looks_like_prose(s[i - 1]):
        top = i - 1
        body = (s[i - 1] + " " + body).strip()
    start = top
    p = L.find_back(_PROTOKOLL, top, 10)
    if p is not None:
        start = p
    end = None
    for j in range(tid + 1, min(len(s), tid + 400)):
        t = s[j]
        if _DECISION_PAGES.match(t):
            k = L.next_nb(j)
            end = k if k is not None and s[k].isdigit() else j
            break
        if "§§" in t and _PARAS.match(t) and L.find(_TID, j, 6) is not None:
            break
    header = f"{body} §§ {m.group('range')}".strip()
    para = L.find(_PARA, tid, 20)
    return _Ev(start, "protocol_excerpt", title=header, organisation=body or None, end=end,
               key="prot:" + header, extra={"hdr": i, "para": para})


def _agenda(L: Lines, kall: int | None, i: int) -> _Ev | None:
    """A meeting call: body line, then Tid:, then (within a page) Ärenden."""
    s = L.s
    if kall is not None:
        tid = L.find(_TID, i, 14)
        if tid is None:
            return None
    else:
        tid = i
        if L.find(_AGENDA_HEAD, tid, 20) is None:
            return None
    b = L.prev_nb(tid)
    body = s[b] if b is not None and (kall is None or b > kall) else None
    if body and body.startswith("KALLELSE"):
        body = None
    start = kall if kall is not None else (b if b is not None else tid)
    if kall is None and b is not None:
        k = L.find_back(_KALLELSE, b, 8)
        if k is not None:
            start = k
    return _Ev(start, "agenda", title=s[kall] if kall is not None else body, organisation=body,
               key="agenda:" + (body or ""), extra={"tid": tid})


def _governance_generic(L: Lines, i: int, call: dict,
                        protocol_ranges: list[tuple[int, int]]) -> tuple[_Ev | None, int | None]:
    """Calls and protocols of other templates. Returns (event or None, next index or None
    to let the other rules look at the line).

    A protocol: `PROTOKOLL` / `Sammanträdesprotokoll` with a meeting date under a label
    within a page and a `§ N` heading further on (the bundled `Body §§ N-M` + Tid: header
    is left to _protocol). Its repeated page header continues it (same key), and its
    `Förslag till beslut` blocks are no letters.
    A call: `Kallelse` or a page header ending in `KALLELSE`, with a labelled meeting date
    within a page; while it is open, its attendee list and its agenda heading start the
    attendee_list and agenda sections, and repeated page headers are furniture."""
    s = L.s
    t = s[i]
    if _PROTOCOL_TITLE.match(t):
        hdr = _header_date_line(L, i, 12)
        if hdr is None or _bundled_protocol_near(L, i) or L.find(_PARA_ANY, i, 250) is None:
            return None, None
        call.clear()
        org, date_text = _generic_header(L, i)
        end = next((j - 1 for j in range(i + 1, len(s)) if _KALLELSE.match(s[j]) or _LETTER_HEAD.match(s[j])),
                   len(s) - 1)
        protocol_ranges.append((i, end))
        return _Ev(i, "protocol_excerpt", title=t, organisation=org,
                   key=f"protg:{org}:{date_text}"), i + 1
    if _CALL_TITLE.match(t) and not _KALLELSE.match(t) or (_KALLELSE.match(t) and L.find(_TID, i, 14) is None):
        if call:
            return None, i + 1          # the call's page header on its next page
        if _header_date_line(L, i, 16) is None:
            return None, None
        org, date_text = _generic_header(L, i)
        call.update(key=f"call:{org}:{date_text}", org=org, attendees=False)
        return _Ev(i, "agenda", title=t, organisation=org, key=call["key"], extra={"tid": i}), i + 1
    if call:
        if _PROTOCOL_TITLE.match(t) or _MONTHLY.match(t) or _LETTER_HEAD.match(t):
            call.clear()
            return None, None
        if not call["attendees"] and _ATTENDEE_LABEL.match(t):
            call["attendees"] = True
            return _Ev(i, "attendee_list", title=t), i + 1
        if _AGENDA_HEAD_ANY.match(t):
            return _Ev(i, "agenda", title=t, organisation=call["org"], key=call["key"], cont=True), i + 1
    return None, None


_LOOSE_DATE = re.compile(_DATE_WORDS + r"[^\n]{0,40}?\b(?:kl\.?|klockan)\s*\d{1,2}[.:]\d{2}", re.I)
_PARA_ANY = re.compile(r"^(?:§\s*\d{1,4}|Paragraf\s+\d{1,4})(?:\s|$)")


def _header_date_line(L: Lines, i: int, within: int) -> int | None:
    """A meeting date under a header label (on the label's line or the next one), or a
    date with a clock time in running text."""
    s = L.s
    for j in range(i, min(len(s), i + within)):
        if _HEADER_DATE.match(s[j]) or _LOOSE_DATE.search(s[j]):
            return j
        if _HEADER_DATE_LABEL.match(s[j]):
            k = L.next_nb(j)
            if k is not None and re.search(_DATE_WORDS, s[k], re.I):
                return k
    return None


def _bundled_protocol_near(L: Lines, i: int) -> bool:
    for j in range(i, min(len(L.s), i + 10)):
        if "§§" in L.s[j] and _PARAS.match(L.s[j]) and L.find(_TID, j, 6) is not None:
            return True
    return False


def _generic_header(L: Lines, i: int) -> tuple[str | None, str | None]:
    """Body and meeting date of a call or protocol header (read as the extractor reads it)."""
    from ingest.extract.governance.header import read_header  # one reader for both

    h = read_header(tuple(L.raw), i, i + 40)
    if h is None:
        return None, None
    return h.body, h.date_text


def _register_layout_after(L: Lines, last: int) -> bool:
    """A register title stands alone (a blank line below it) and a listing follows:
    its header row (Ärendetyp, Diarienummer ...) or list rows; not running text."""
    s = L.s
    if last + 1 < len(s) and s[last + 1] and not _REGISTER_HEADER.match(s[last + 1]):
        return False
    k = L.next_nb(last)
    if k is None or k - last > 8:
        return False
    return bool(_REGISTER_HEADER.match(s[k]) or _LIST_ROW.match(L.raw[k].lstrip()))


def _register_print(L: Lines, i: int) -> _Ev:
    """A register print-out (diarium search, delegeringsbeslut) around `Utskriftsdatum:`."""
    s = L.s
    start = i
    title = None
    j = i
    for _ in range(4):
        k = L.prev_nb(j)
        if k is None or i - k > 25 or not _REGISTER_TITLE.match(s[k]):
            break
        start = j = k
        if not s[k].startswith("Sidan"):
            title = s[k]
    if title is None:
        k = L.find(_REGISTER_TITLE, i, 4)
        title = s[k] if k is not None else s[i]
    org = None
    dn = L.find(re.compile(r"^Diarienummer:"), i, 30)
    if dn is not None:
        org = re.split(r"\*\*|\t|\s{2,}|Sekretess", s[dn][len("Diarienummer:"):].strip())[0].strip() or None
    bi = L.find(re.compile(r"^Beslutsinstans:\s*$"), i, 12)
    if bi is not None:
        org = _label_value(L, i, bi) or org
    return _Ev(start, "register", title=title, organisation=org, key="print:" + title)


def _label_value(L: Lines, first: int, label: int) -> str | None:
    """Labels printed in a column, their values in a second column below them."""
    s = L.s
    labels = []
    j = label
    while j > first and (not s[j - 1] or (s[j - 1].endswith(":") and len(s[j - 1]) < 40)):
        j -= 1
    while j < len(s) and len(labels) < 12:
        t = s[j]
        if t.endswith(":") and len(t) < 40:
            labels.append(j)
        elif t:
            break
        j += 1
    if label not in labels:
        return None
    idx = labels.index(label)
    values: list[str] = []
    cur: list[str] = []
    while j < len(s) and len(values) <= idx + 1 and j < first + 60:
        t = s[j]
        if not t:
            if cur:
                values.append(" ".join(cur))
                cur = []
        elif ":" not in t:
            cur.append(t)
        j += 1
    if cur:
        values.append(" ".join(cur))
    return values[idx] if idx < len(values) else None


def _letter_start_before(L: Lines, p: int) -> int | None:
    """Header-less letter: addressee block, title block, `Förslag till beslut`.

    A block stops at a blank line or at a page top (a line printed with a leading
    indent); a `<date> <case number>` line just above the addressee opens the letter."""
    s = L.s
    title_top = _block_top(L, p)
    if title_top == p:  # the title is the previous block
        k = L.prev_nb(p)
        if k is None or p - k > 4:
            return None
        title_top = _block_top(L, k)
        if p - title_top > 8:
            return None
    k = L.prev_nb(title_top)
    if k is None or title_top - k > 4:
        return title_top
    top = max(_block_top(L, k), k - 3)
    if not is_heading_like(s[top]) or any(_looks_like_prose(s[x]) for x in range(top, k + 1)):
        return title_top
    d = L.prev_nb(top)
    if d is not None and top - d <= 12 and _DATE_CASE.match(s[d]):
        return d
    return top


def _block_top(L: Lines, j: int) -> int:
    s, raw = L.s, L.raw
    while j > 0 and s[j - 1] and not raw[j][:1].isspace() and not s[j - 1].isdigit():
        j -= 1
    return j


def _looks_like_prose(t: str) -> bool:
    return len(t) > 90 or t.endswith((".", ";")) or "\t" in t


_DATE_CASE = re.compile(r"^\d{4}-\d{2}-\d{2}\s+\S.*\d{4}/\d+")


def _letter(L: Lines, start: int, at: int) -> _Ev:
    s = L.s
    p = at if _PROPOSAL.match(s[at]) else L.find(_PROPOSAL, at, 40)
    title = org = None
    if p is not None:
        # title block directly above the proposal, addressee block above that
        j = p - 1
        while j > start and not s[j]:
            j -= 1
        t_end = j
        while j > start and s[j - 1]:
            j -= 1
        title_lines = [s[x] for x in range(j, t_end + 1) if s[x]]
        if _LETTER_HEAD.match(title_lines[0] if title_lines else ""):
            title_lines = []
        title = " ".join(title_lines) or None
        k = L.prev_nb(j)
        if k is not None and k >= start and not _LETTER_HEAD.match(s[k]):
            a = max(_block_top(L, k), start)
            if is_heading_like(s[a]) and not _BODY_DATE.search(s[a]) \
                    and not any(_looks_like_prose(s[x]) for x in range(a, k + 1)):
                org = " ".join(s[a:k + 1])
    end = _signature_end(L, p if p is not None else at)
    head = s[start] if _LETTER_HEAD.match(s[start]) else None
    return _Ev(start, "official_letter", title=title or head, organisation=org, end=end)


_PERSON = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéü-]+(?: [A-ZÅÄÖÉÜ][a-zåäöéü-]+){1,3}$")


def _signature_end(L: Lines, frm: int, limit: int | None = None) -> int | None:
    """Last line of the signature block (UPPER-CASE office, then names and titles).

    Looked for after `Beslut skickas till`, or (with `limit`) anywhere before limit
    where an UPPER-CASE office line is followed by a person's name."""
    s = L.s
    sent = L.find(_SENT_TO, frm, 400)
    if sent is not None and limit is not None and sent >= limit:
        sent = None
    if sent is None and limit is not None:
        for j in range(frm, limit):
            if _CAPS_LINE.match(s[j]) and not _PROTOKOLL.match(s[j]) and not _LETTER_HEAD.match(s[j]):
                k = L.next_nb(j, limit)
                if k is not None and k - j <= 6 and _PERSON.match(s[k]):
                    sent = j - 1
                    break
    if sent is None:
        return None
    caps = None
    for j in range(sent + 1, min(len(s), sent + 20)):
        if _CAPS_LINE.match(s[j]) and not _PROTOKOLL.match(s[j]) and not _LETTER_HEAD.match(s[j]):
            caps = j
            break
        if _PARAS.match(s[j]) or _PROPOSAL.match(s[j]):
            return None
    if caps is None:
        return None
    end = caps
    j = caps + 1
    taken = 0
    while j < len(s) and taken < 8:
        raw = L.raw[j]
        t = s[j]
        if not t:
            if taken and all(not x for x in s[j:j + 3]):
                break  # three blank lines: the signature is over
            j += 1
            continue
        if raw[:1].isspace() or not _NAME_LINE.match(t) or len(t) > 60:
            break
        end = j
        taken += 1
        j += 1
    return end


def _report_title(L: Lines, i: int) -> _Ev | None:
    """`Delårsrapport 2` / `Tertial 2 2021` / `<unit>` (or Verksamhetsberättelse YYYY)."""
    s = L.s
    t = s[i]
    kind = "interim_report" if t.startswith("Delårsrapport") else "annual_report"
    j = L.next_nb(i)
    if j is None or j - i > 4:
        return None
    period = None
    org = None
    nxt = i + 1
    m = _TERTIAL.match(s[j])
    if m:
        period = f"T{m.group(1)} {m.group(2)}"
        k = L.next_nb(j)
        if k is not None and is_heading_like(s[k]) and not _TOC.match(s[k]) and not s[k].startswith("Dnr"):
            org, _ = L.join_wrapped(k)
        nxt = j + 1
    elif kind == "annual_report" and (L.find(_TOC, i, 12) is not None or L.find(re.compile(r"^Inledning$"), i, 12) is not None):
        y = re.search(r"\d{4}", t)
        period = y.group(0) if y else None
    else:
        return None
    return _Ev(i, kind, title=t, organisation=org, period=period, extra={"next": nxt})


# --- 2. tiling ---------------------------------------------------------------------
@dataclass
class _Span:
    start: int
    end: int
    ev: _Ev
    ended: bool = False


def _tile(evs: list[_Ev], L: Lines) -> list[_Span]:
    n = len(L.s)
    spans: list[_Span] = []
    first = L.next_nb(-1)
    if first is None:
        return []
    # drop events swallowed by an explicitly ended section before them
    kept: list[_Ev] = []
    for ev in evs:
        if kept and kept[-1].kind == "protocol_excerpt" and kept[-1].end is not None \
                and ev.start <= kept[-1].end and ev.kind != "protocol_excerpt":
            continue
        if kept and ev.start == kept[-1].start:
            continue
        kept.append(ev)
    if not kept or kept[0].start > first:
        kept.insert(0, _Ev(first, "other"))
    for idx, ev in enumerate(kept):
        nxt = kept[idx + 1].start if idx + 1 < len(kept) else n
        prev = spans[-1] if spans else None
        if prev is not None and _continues(prev, ev):
            prev.end = max(prev.end, min(nxt - 1, ev.end if ev.end is not None else nxt - 1))
            prev.ended = ev.end is not None and ev.end < nxt
            if ev.end is not None:
                prev.ev.end = ev.end
            _add_gap(spans, L, ev.end, nxt)
            continue
        end = nxt - 1
        ended = False
        if ev.end is not None and ev.end < nxt - 1:
            end, ended = ev.end, True
        spans.append(_Span(ev.start, end, ev, ended))
        if ended:
            _add_gap(spans, L, end, nxt)
    return [sp for sp in spans if L.last_nb(sp.start, sp.end) is not None]


def _continues(prev: _Span, ev: _Ev) -> bool:
    p = prev.ev
    if ev.kind == "protocol_excerpt" and p.kind == "protocol_excerpt":
        # the header repeats on page 2 of one excerpt: same body, no decision-end yet
        return p.key == ev.key and not prev.ended and p.end is None
    if ev.kind == "agenda" and p.kind == "agenda":
        return ev.cont or p.key == ev.key
    if ev.kind == "register" and p.kind == "register":
        return p.key == ev.key and (ev.key or "").startswith("print:")
    if ev.kind == "calendar" and p.kind == "calendar":
        return True
    return False


def _add_gap(spans: list[_Span], L: Lines, end: int | None, nxt: int) -> None:
    """Text after an explicitly ended section and before the next start."""
    if end is None or end + 1 > nxt - 1:
        return
    a = L.next_nb(end, nxt)
    if a is None:
        return
    b = nxt - 1
    # a letter without a proposal: addressee, title, text, `Beslut skickas till`, signature
    if is_heading_like(L.s[a]) and L.raw[a][:1].isspace() and len(L.s[a]) <= 60 and ":" not in L.s[a]:
        sig = _signature_end(L, a, min(b, a + 200))
        if sig is not None and sig < b:
            nb = L.prev_nb(a)
            title = L.s[L.next_nb(a)] if L.next_nb(a) is not None else None
            spans.append(_Span(a, sig, _Ev(a, "official_letter", title=title, organisation=L.s[a]), True))
            _add_gap(spans, L, sig, nxt)
            return
    kind, org = _classify_gap(L, a, b)
    spans.append(_Span(a, b, _Ev(a, kind, organisation=org)))


def _classify_gap(L: Lines, a: int, b: int) -> tuple[str, str | None]:
    """Untitled text between two sections: a report if its page footers say so."""
    for j in range(a, b + 1):
        t = L.s[j]
        if t and t[-1] == ")" and FOOTER.match(t):
            m = FOOTER.match(t)
            return kind_of_footer(m.group("rep")), clean_organisation(m.group("org"))
    return "other", None


# --- 3. report splitting -----------------------------------------------------------
def _split_reports(spans: list[_Span], L: Lines) -> list[_Span]:
    out: list[_Span] = []
    s = L.s
    for sp in spans:
        if sp.ev.kind not in REPORT_KINDS:
            out.append(sp)
            continue
        cur = sp
        seen_perspective = False
        orig_end = sp.end
        for j in range(sp.start, orig_end + 1):
            t = s[j]
            if not t:
                continue
            if PERSPECTIVE.match(t):
                seen_perspective = True
            elif seen_perspective and _INLEDNING.match(t) and j - cur.start > 30:
                cur.end = j - 1
                out.append(cur)
                cur = _Span(j, orig_end, _Ev(j, sp.ev.kind, title=None), sp.ended)
                seen_perspective = False
        out.append(cur)
    return out


# --- finishing ---------------------------------------------------------------------
def _finish(sp: _Span, L: Lines, doc: Document) -> Section:
    ev = sp.ev
    s = L.s
    start = L.next_nb(sp.start - 1, sp.end + 1)
    end = L.last_nb(sp.start, sp.end)
    start = sp.start if start is None else start
    end = sp.end if end is None else end
    kind = ev.kind
    org = clean_organisation(ev.organisation)
    period = ev.period
    title = strip_links(ev.title)
    if kind in REPORT_KINDS:
        f_org, f_kind = _footer_in(L, start, end)
        f_org = clean_organisation(f_org)
        if f_org:
            org = f_org
        if f_kind and kind != "monthly_report" and ev.title is None:
            kind = f_kind
        if period is None:
            period = period_of_span(L, start, min(end, start + 250), kind)
        if title is None:
            title = strip_links(s[start])
    elif kind == "calendar":
        period = _calendar_year(L, start, end, doc)
    if title is None and kind == "other":
        title = strip_links(s[start])
    return Section(
        section_id=section_id(doc.document_id, start + 1, kind, 0),
        document_id=doc.document_id,
        section_kind=kind,
        title=title.strip() if title else None,
        line_start=start + 1,
        line_end=end + 1,
        region=doc.region,
        organisation=org,
        report_period=period,
        parent_section_id=None,
        depth=0,
    )


def _footer_in(L: Lines, a: int, b: int) -> tuple[str | None, str | None]:
    for j in range(a, b + 1):
        t = L.s[j]
        if t and t[-1] == ")":
            m = FOOTER.match(t)
            if m:
                return m.group("org").strip(), kind_of_footer(m.group("rep"))
    return None, None


_WEEKDAY = {"M": 0, "Ti": 1, "O": 2, "To": 3, "F": 4, "L": 5, "S": 6}


def _calendar_year(L: Lines, a: int, b: int, doc: Document) -> str | None:
    """The year a weekday-letter grid belongs to: printed, or read off the weekdays."""
    import datetime as _dt

    years = set()
    for j in range(a, b + 1):
        for y in re.findall(r"\b(?:19|20)\d{2}\b", L.s[j]):
            if not _GRID_ROW.match(L.s[j]):
                years.add(int(y))
    if len(years) == 1:
        return str(years.pop())
    # month header + first grid row: first day of each month and its weekday letter
    constraints = []
    for j in range(a, b + 1):
        if _MONTH_HEADER.match(L.s[j]):
            months = [_MONTHS.index(w.lower()) + 1 for w in re.findall(r"[A-Za-zåäöÅÄÖ]+", L.s[j])
                      if w.lower() in _MONTHS]
            k = L.next_nb(j)
            if k is None:
                continue
            cells = re.findall(r"\b(M|Ti|O|To|F|L|S)1\b", L.raw[k])
            for mon, wd in zip(months, cells):
                constraints.append((mon, _WEEKDAY[wd]))
    if not constraints:
        return None
    base = doc.document_date.year if doc.document_date else None
    cands = range(base - 1, base + 3) if base else range(1990, 2100)
    hits = [y for y in cands if all(_dt.date(y, m, 1).weekday() == wd for m, wd in constraints)]
    if base:
        hits.sort(key=lambda y: abs(y - base))
    return str(hits[0]) if len(hits) == 1 or (base and hits) else None


def trim(sec: Section, **kw) -> Section:
    return replace(sec, **kw)
