"""Registers in a meeting pack -> one row per entry.

Three layouts, recognised by their column headers (tab-separated or space-aligned):
- diarium print-out, records of 3+ lines:   `Id I/U/K Beskrivning Ansvarig` /
  `Datum Avsändare/Mottagare Avdelning` / `Ärendenummer Ärendemening Dokumenttyp`
- delegation decisions: the same record layout with `Paragraf` / `Beslutsfattare`, or a
  one-row-per-decision table `Ärendetyp Ärenderubrik Diarienummer Beslutsdatum Beslutsdelegat`
- information lists (`Ärendetyp Ärenderubrik`): a category per row or heading, items
  separated by bullets.
Space-aligned cells whose boundary is lost (sender vs department) are left NULL.
"""
from __future__ import annotations

import re

from ingest.extract.governance.text import is_blank, norm
from ingest.values import find_case_numbers, parse_iso_date
from ingest.text.page_furniture import PAGE_OF

_RECORD_ID = re.compile(r"^\s*(?P<id>\d{4}\.\d{3,})\b\s*(?P<rest>.*)$")
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_DATE_START = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$")
_CASE_START = re.compile(r"^\s*(?P<case>(?:[A-ZÅÄÖ](?:\s?[A-ZÅÄÖ]){1,5}\s?)?\d{2,4}/\d{1,5}|[A-ZÅÄÖ]{1,6}/\d{1,5}/\d{4})\b\s*(?P<rest>.*)$")
_DOCTYPE_TAIL = re.compile(r"\s+(?P<t>[A-ZÅÄÖ]{3,})\s*$")
_CATEGORY_TAIL = re.compile(r"\s+(?P<c>[A-ZÅÄÖ]{2,6}\s+\d+(?:\.\d+)+)\s*$")
_PAGE_END = re.compile(r"^\s*(" + PAGE_OF + r"|Dokument|Utskriftsdatum:?.*)\s*$", re.I)
_DIRECTION = {"I", "U", "K"}


def _cells(line: str) -> list[str]:
    return [norm(c) for c in line.split("\t")]


def _header_kind(line: str) -> str | None:
    low = norm(line.replace("\t", " ")).lower()
    if low.startswith("id ") and "i/u/k" in low:
        return "diarium"
    if low.startswith("id ") and ("paragraf" in low or "beslutsfattare" in low):
        return "delegation_decision"
    if low.startswith("ärendetyp") and "diarienummer" in low and "beslutsdatum" in low:
        return "delegation_table"
    if low.startswith("ärendetyp") and "ärenderubrik" in low:
        return "information"
    return None


def parse_registers(lines: tuple[str, ...], start: int, end: int, prefix: str | None) -> list[dict]:
    """Entries of every register table in lines[start-1 .. end-1] (1-based, inclusive)."""
    lo, hi = start - 1, min(end, len(lines))
    title = norm(lines[lo]) if lo < hi else None
    # the register's own date: the print date, else a date in its title lines
    reg_date = None
    for k in range(lo, min(hi, lo + 40)):
        if lines[k].strip().lower().startswith("utskriftsdatum"):
            m = _ISO.search(" ".join(lines[k:k + 6]))
            reg_date = parse_iso_date(m.group(1)) if m else None
            break
    if reg_date is None:
        m = _ISO.search(" ".join(lines[lo:min(hi, lo + 3)]))
        reg_date = parse_iso_date(m.group(1)) if m else None
    out: list[dict] = []
    kind: str | None = None
    k = lo
    category: str | None = None
    while k < hi:
        raw = lines[k]
        hk = _header_kind(raw)
        if hk:
            kind, category = hk, None
            k += 1
            continue
        if kind in ("diarium", "delegation_decision") and _RECORD_ID.match(raw):
            j = k + 1
            while j < hi and not _RECORD_ID.match(lines[j]) and not _header_kind(lines[j]) \
                    and not _PAGE_END.match(lines[j]):
                j += 1
            out.append(_record(lines, k, j, kind, title, reg_date, prefix))
            k = j
            continue
        if kind == "delegation_table" and "\t" in raw and not is_blank(raw):
            c = _cells(raw) + [""] * 5
            d = parse_iso_date(c[3]) if c[3] else None
            cases = find_case_numbers(c[2], prefix) if c[2] else []
            issues = [] if d or not c[3] else [f"impossible date '{c[3]}'"]
            if c[2] and not cases:
                issues.append(f"case number '{c[2]}' not in a normalisable form")
            out.append(_row(k, "delegation_decision", title, reg_date, entry_date_text=c[3] or None,
                            entry_date=d, title=c[1] or None, case_text=c[2] or None,
                            case=cases[0] if cases else None, decided_by=c[4] or None,
                            category=c[0] or None, issue="; ".join(issues) or None))
            k += 1
            continue
        if kind == "information" and not is_blank(raw):
            if "\t" in raw:
                c = _cells(raw)
                category = c[0] or category
                items = _bullets(" ".join(c[1:]))
                for it in items:
                    out.append(_info(k, it, category, title, reg_date, prefix))
            elif raw.strip().startswith("•"):
                for it in _bullets(raw):
                    out.append(_info(k, it, category, title, reg_date, prefix))
            elif not _CASE_START.match(raw):
                category = norm(raw)
        k += 1
    return out


def _bullets(text: str) -> list[str]:
    text = re.sub(r"<[^<>@]*>", " ", text)  # <ul ...> residue; never e-mail addresses
    return [norm(p) for p in text.split("•") if norm(p)]


def _row(k: int, kind: str, reg_title: str | None, reg_date, **kw) -> dict:
    return {
        "source_line": k + 1, "register_kind": kind, "register_title": reg_title, "register_date": reg_date,
        "entry_ref": kw.get("ref"), "entry_date_text": kw.get("entry_date_text"),
        "entry_date": kw.get("entry_date"), "direction": kw.get("direction"), "title": kw.get("title"),
        "counterpart": kw.get("counterpart"), "case_number_text": kw.get("case_text"),
        "case_number": kw.get("case"), "document_type": kw.get("document_type"),
        "decided_by": kw.get("decided_by"), "category": kw.get("category"), "parse_issue": kw.get("issue"),
    }


def _info(k: int, item: str, category: str | None, title: str | None, reg_date, prefix: str | None) -> dict:
    cases = find_case_numbers(item, prefix)
    m = _ISO.search(item)
    return _row(k, "information", title, reg_date, title=item, case_text=cases[0] if cases else None,
                case=cases[0] if cases else None, category=category,
                entry_date_text=m.group(1) if m else None,
                entry_date=parse_iso_date(m.group(1)) if m else None)


def _record(lines: tuple[str, ...], k: int, j: int, kind: str, title, reg_date, prefix) -> dict:
    """One diarium / delegation record spanning lines[k:j]."""
    first = _RECORD_ID.match(lines[k])
    tsv = "\t" in lines[k]
    cells = _cells(lines[k]) if tsv else []
    direction = None
    if tsv and len(cells) > 1 and cells[1] in _DIRECTION:
        direction = cells[1]
    elif not tsv:
        tok = first.group("rest").split(" ", 1)[0]
        direction = tok if tok in _DIRECTION else None
    date_text = counterpart = case_text = doc_type = decided_by = entry_title = category = None
    issues: list[str] = []
    m = 0
    while m < j - k:
        t = lines[k + m]
        if date_text is None and _DATE_START.match(t):
            date_text = _DATE_START.match(t).group(1)
            if tsv:
                c = _cells(t) + [""] * 4
                counterpart = c[2] or None
                if kind == "delegation_decision":
                    decided_by = c[3] or None
        elif case_text is None and date_text is not None and _CASE_START.match(t):
            cm = _CASE_START.match(t)
            case_text = norm(cm.group("case"))
            if tsv:
                c = _cells(t) + [""] * 4
                entry_title, last = (c[2] or None), (c[3] or None)
            else:
                # the title may wrap until a blank line
                parts = [cm.group("rest")]
                while m + 1 < j - k and not is_blank(lines[k + m + 1]) and not _DATE_START.match(lines[k + m + 1]):
                    m += 1
                    parts.append(lines[k + m])
                entry_title, last = norm(" ".join(parts)), None
            if kind == "delegation_decision":
                cat = _CATEGORY_TAIL.search(" " + (last or entry_title or ""))
                if last:
                    category = last
                elif cat:
                    category, entry_title = cat.group("c"), norm((entry_title or "")[: -len(cat.group("c"))])
            else:
                dt = _DOCTYPE_TAIL.search(" " + (last or entry_title or ""))
                if last:
                    doc_type = last
                elif dt:
                    doc_type, entry_title = dt.group("t"), norm((entry_title or "")[: -len(dt.group("t"))])
        elif case_text is not None and doc_type is None and kind == "diarium" and \
                re.fullmatch(r"[A-ZÅÄÖ]{3,}", norm(t)):
            doc_type = norm(t)
        m += 1
    d = parse_iso_date(date_text) if date_text else None
    if date_text and d is None:
        issues.append(f"impossible date '{date_text}'")
    if case_text is None:
        issues.append("no case number in record")
    cases = find_case_numbers(case_text, prefix) if case_text else []
    return _row(k, kind, title, reg_date, ref=first.group("id"), entry_date_text=date_text, entry_date=d,
                direction=direction, title=entry_title, counterpart=counterpart, case_text=case_text,
                case=cases[0] if cases else None, document_type=doc_type, decided_by=decided_by,
                category=category, issue="; ".join(issues) or None)
