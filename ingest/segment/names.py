"""Names and headings: a short heading-shaped line, a sentence rather than a name, a unit
name cleaned of page furniture, and spelling-insensitive keys."""
from __future__ import annotations

import re

from ingest.text.page_furniture import FOOTER, PAGE_COUNTER, REPORT_WORD

_URL = re.compile(r"(?:https?://|file:///?|www\.)\S*", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Report-kind words and periods glued to a unit name by a footer or a title page.
_KIND_TAIL = re.compile(
    r"[,\s–-]*\b(?:" + REPORT_WORD + r")\b(?:\s+\d{1,4}\b|\s*[–-]\s*\d{4}\b|\s+[A-ZÅÄÖ]{2,6}\b)*.*$", re.I)
_TERTIAL_WORDS = re.compile(r"[,\s–-]*\bTertial\s+[1-3](?:\s+\d{4})?\b", re.I)
# Finite verbs and subject pronouns: a line carrying them is a sentence, not a name.
_PROSE_WORD = re.compile(r"\b(?:har|är|var|kan|ska|skall|blir|blev|finns|kommer|måste|bör|man|vi|jag)\b", re.I)
_MID_STOP = re.compile(r"[.!?]\s+[A-ZÅÄÖ]")
_HEADING = re.compile(r"^[A-ZÅÄÖÉÜ][^\t]{0,90}$")


def is_heading_like(t: str) -> bool:
    """A short line that starts upper-case and does not read as a sentence."""
    return bool(t) and len(t) <= 90 and bool(_HEADING.match(t)) and not t.endswith((".", ";")) \
        and "\t" not in t and not (t[-1] == ")" and PAGE_COUNTER.search(t)) \
        and not ("." in t and _MID_STOP.search(t))


def strip_links(t: str | None) -> str | None:
    """Text without URLs and e-mail addresses (a link line glued to a heading)."""
    if not t:
        return t
    if "@" in t or "/" in t or "www" in t:
        t = " ".join(_EMAIL.sub(" ", _URL.sub(" ", t)).split())
    return t or None


def looks_like_prose(t: str) -> bool:
    """A sentence rather than a name: a stop mid-text, a finite verb or pronoun, or too long."""
    return len(t) > 90 or len(t.split()) > 12 or t.endswith((".", ";", "?", "!")) \
        or bool(_MID_STOP.search(t)) or bool(_PROSE_WORD.search(t))


def clean_organisation(name: str | None) -> str | None:
    """A unit name as printed, without page furniture: URLs, e-mail addresses, the
    report kind (`, Verksamhetsberättelse`, `Delårsrapport 2 - 2022`), `Tertial 2 2022`
    and page counters. A sentence is not a name: None."""
    if not name:
        return None
    t = strip_links(name) or ""
    m = FOOTER.match(t)
    if m:
        t = m.group("org")
    t = PAGE_COUNTER.sub("", t)
    t = _KIND_TAIL.sub("", t)
    t = _TERTIAL_WORDS.sub("", t)
    t = " ".join(t.split()).strip(" ,;:–-")
    if not t or not any(ch.isalpha() for ch in t) or looks_like_prose(t):
        return None
    return t


def name_key(name: str) -> str:
    """Spelling-insensitive key of a name: case, punctuation and spacing folded."""
    return " ".join(re.sub(r"[^\w ]+", " ", name.casefold()).split())


def sentence_case(name: str) -> str:
    name = " ".join(name.split())
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]
