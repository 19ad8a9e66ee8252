"""Reading one printed KPI cell (target or result) and one KPI name.

A cell becomes: the text as printed, a number, the contract unit plus the printed unit,
a comparison operator ('<', '>=', ...) and a status glyph if one survived. Text targets
('Öka jfm 2020', 'Fler avtal än hösten 2020') keep their text and get no number.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.extract.indicators.lexicon import lexicon
from ingest.text.wrapping import join_broken_words

NO_VALUE = {"—", "–", "-", "u.s.", "u.s", "us"}

_NUM = r"[+\-−–]?\s?(?:\d{1,3}(?: \d{3})+|\d+)(?:[,.]\d+)?"
_SPACED_GLYPH = re.compile(r"\s+([₀-₉²³])")   # a sub/superscript printed after a space
_LEAD = re.compile(r"^(?P<num>" + _NUM + r")(?P<rest>.*)$")
_TRAIL = re.compile(r"^(?P<head>[^\d]*?)\s(?P<num>" + _NUM + r")(?![\d,])\s*(?P<rest>[^\d\s].*)$")
_PAREN = re.compile(r"\s*\((?P<note>[^()]*)\)\s*$")
_DECIMAL_POINT = re.compile(r"^[+\-−–]?\d+\.\d+$")
_MAX_UNIT_WORDS = 4


@dataclass(frozen=True)
class Cell:
    text: str | None              # as printed (glyphs removed), None when the cell is empty
    value: float | None
    unit: str | None              # contract enum value
    unit_text: str | None         # the printed unit
    operator: str | None
    direction: str | None         # implied by the operator
    glyph: str | None
    note: str | None = None       # trailing parenthetical, e.g. '(totalt i RJH)'

    @property
    def empty(self) -> bool:
        return self.text is None


EMPTY = Cell(None, None, None, None, None, None, None)


def tidy(text: str) -> str:
    """NFC, folded spaces, sub/superscripts glued back ('CO ₂' -> 'CO₂', 'm ²' -> 'm²')."""
    s = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    s = _SPACED_GLYPH.sub(r"\1", s)
    # \s and str.split() are the same (Unicode) white space: runs folded, ends trimmed
    return " ".join(s.split())


def map_unit(unit_text: str | None) -> str | None:
    if not unit_text:
        return None
    u = unit_text.strip().lower().rstrip(".")
    return lexicon().units.get(u, "other")


def split_glyphs(text: str) -> tuple[str, str | None]:
    """Remove status glyphs anywhere in the text; return (text, first glyph)."""
    glyphs = lexicon().glyph_status
    if not any(g in text for g in glyphs):
        return text, None
    found = None
    out = []
    for ch in text:
        if ch in glyphs:
            found = found or ch
            out.append(" ")
        else:
            out.append(ch)
    return re.sub(r"\s+", " ", "".join(out)).strip(), found


def _unit_ok(unit: str) -> bool:
    """A printed unit is short and is not a phrase ('tillfällen och 48 chefer' is not)."""
    words = unit.split()
    return len(words) <= _MAX_UNIT_WORDS and not re.search(r"(?<!\w)(och|samt|eller|än|jfm)(?!\w)", unit, re.I)


_WHOLE_NUMBER = re.compile(r"^(?P<sign>[+\-−–]\s?)?(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:,(?P<dec>\d+))?$")


def _number(s: str) -> float | None:
    """A whole Swedish number ('1 343', '-9 935,8', '- 90'); chart exports' '5.5' too.
    (ingest.values.parse_number reads '26,48' as 6.48: its sign class is a range.)"""
    s = s.strip()
    if _DECIMAL_POINT.match(s):
        s = s.replace(".", ",")
    m = _WHOLE_NUMBER.match(s)
    if not m:
        return None
    v = float(m.group("int").replace(" ", "") + ("." + m.group("dec") if m.group("dec") else ""))
    return -v if m.group("sign") and m.group("sign").strip() != "+" else v


def parse_cell(raw: str | None) -> Cell:
    """'3,7 ■' -> 3.7 + glyph; '<1,93 CO2-ekv/kg livsmedel' -> ('<', 1.93, other);
    'Inte öka mer än index 22,4 kr/km' -> ('<=', 22.4, 'kr/km'); '—' -> no value."""
    if raw is None:
        return EMPTY
    text, glyph = split_glyphs(tidy(raw))
    if not text:
        return Cell(None, None, None, None, None, None, glyph) if glyph else EMPTY
    if text.lower() in NO_VALUE:
        return Cell(text, None, None, None, None, None, glyph)
    lex = lexicon()
    body, operator, direction = text, None, None
    m = lex.operator_re.match(body)
    if m:
        operator, direction = lex.operators[m.group(1).lower()]
        body = body[m.end():].strip()
    note = None
    pm = _PAREN.search(body)
    if pm and pm.start() > 0:
        note, body = pm.group("note"), body[: pm.start()].strip()
    value = unit_text = None
    lm = _LEAD.match(body)
    if lm:
        rest = lm.group("rest").strip()
        num = _number(lm.group("num"))
        if num is not None and (not rest or _unit_ok(rest)):
            value, unit_text = num, (rest or None)
    if value is None:
        # a number at the end of a short phrase, but only with a unit ('index 22,4 kr/km')
        tm = _TRAIL.match(body)
        if tm and _unit_ok(tm.group("rest")) and len(tm.group("head").split()) <= 3:
            num = _number(tm.group("num"))
            unit = tm.group("rest").strip()
            known = unit.lower() in lexicon().units or ("/" in unit and not re.search(r"\d", re.sub(r"[A-Za-z]\d", "", unit)))
            if num is not None and known:
                value, unit_text = num, tm.group("rest").strip()
    if value is None:
        note = None
    return Cell(text, value, map_unit(unit_text), unit_text, operator, direction, glyph, note)


# ---- names ---------------------------------------------------------------------------

_LEADING_MARK = re.compile(r"^[^\w(\"'«»]+")


def join_wrapped(lines: list[str]) -> str:
    """A cell wrapped over lines, joined by the trailing-space rule (ingest.text.wrapping), tidied."""
    return tidy(join_broken_words(lines))


def clean_name(name: str) -> tuple[str, str | None, str | None]:
    """Printed name -> (name, prefix, glyph): leading icons, glyphs and prefixes such as
    'VO ' come off; the name itself is otherwise kept as printed."""
    s, glyph = split_glyphs(tidy(name))
    s = _LEADING_MARK.sub("", s).strip()
    prefix = None
    for p in lexicon().name_prefixes:
        if s.startswith(p + " ") and len(s) > len(p) + 1:
            prefix, s = p, s[len(p) + 1:].strip()
            break
    s = s.rstrip("*").strip()
    return s, prefix, glyph


_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_KEY_DROP = re.compile(r"[\"'“”«»*]")


def name_key(name: str, mask_values: tuple[float, ...] = ()) -> str:
    """Matching key of a measure name: case, spacing, dash style, sub/superscripts and a
    final full stop do not matter. Numbers equal to the row's own target are masked, since
    a plan restates its target inside the name ('högst 204,7 kWh/m2')."""
    s = unicodedata.normalize("NFKC", _SPACED_GLYPH.sub(r"\1", name)).lower()
    s = _KEY_DROP.sub("", s)
    s = _DASHES.sub("-", s)
    for v in mask_values:
        for form in _number_forms(v):
            s = re.sub(r"(?<![\d,])" + re.escape(form) + r"(?![\d,])", "#", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;:")
    return s


def _number_forms(v: float) -> set[str]:
    out = set()
    if v == int(v):
        i = int(abs(v))
        out |= {str(i), f"{i:,}".replace(",", " ")}
    else:
        txt = f"{abs(v):.6f}".rstrip("0").rstrip(".")
        out.add(txt.replace(".", ","))
    return {f for f in out if len(f.replace(" ", "")) >= 2}
