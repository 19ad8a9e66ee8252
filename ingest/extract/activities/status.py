"""Status of an activity or goal from its prose: a lexicon of Swedish phrases, applied
with negation handling and precedence.

The lexicon is the dbt seed `seeds/activities_status_lexicon.csv` (phrase, status,
priority, notes), read at runtime so analysts extend one file and both the ingest and
the warehouse see the same phrases. Phrase syntax: lower-case words; `*` = any word
ending (`påbörja*`); a leading `^` = only at the start of a sentence. Status rows use
the contract's statuses; `hedge` rows flag estimates (`sannolikt`), `negator` rows are
negation words.

Deciding (no guessing from length or tone):
1. Leftmost-longest matching, so an explicit negative phrase (`inte påbörjat`,
   `pågår inte`) consumes the positive phrase inside it.
2. A remaining positive match (done / in_progress) with a negator among the three
   words before or two words after it, in the same clause, is dropped.
3. The highest priority wins (paused / stopped beat in progress; a generic `har
   genomförts` about a step loses to `pågår`); a phrase that opens the text gets a
   bonus, because an analysis that starts `Ej påbörjat …` states its status first.
   Ties go to the earliest phrase.
4. Nothing left: `unknown`, evidence NULL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest.text.seeds import csv_rows, seed_path

LEXICON_PATH = seed_path("activities_status_lexicon")
STATUSES = ("done", "in_progress", "delayed", "not_started", "not_achieved", "unknown")
POSITIVE = ("done", "in_progress")   # the statuses a negation can cancel
OPENING_BONUS = 15                   # a status phrase that opens the analysis
_NEG_BEFORE, _NEG_AFTER = 3, 2       # negation window in words
_MAX_WORDS = 8                       # longest phrase + negation window

_WORD = re.compile(r"[\wåäöÅÄÖéÉ]+")
_CLAUSE_END = re.compile(r"[.,;:!?()•]")
_SENTENCE_END = re.compile(r"[.!?:;•]\s|\n")


@dataclass(frozen=True)
class Entry:
    phrase: str
    status: str
    priority: int
    notes: str = ""


@dataclass(frozen=True)
class StatusResult:
    status: str                  # one of STATUSES
    evidence: str | None         # the phrase as printed that decided
    start: int | None            # offset of the evidence in the classified text
    sentence: str | None         # the sentence holding the evidence
    hedged: bool                 # a hedge word in that sentence
    phrase: str | None           # the lexicon phrase that matched
    negated: tuple[str, ...] = ()  # positive phrases dropped because negated


@dataclass(frozen=True)
class _Phrase:
    entry: Entry
    words: tuple[str, ...]     # lower-case words; a trailing '*' = any ending
    anchored: bool


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    by_first: dict[str, tuple[_Phrase, ...]]     # exact first word -> one-word phrases and wildcard second words
    by_two: dict[tuple[str, str], tuple[_Phrase, ...]]  # exact first two words -> phrases, longest first
    wild_first: tuple[_Phrase, ...]              # phrases whose first word has a '*'
    hedges: tuple[tuple[str, ...], ...]
    negators: frozenset[str]
    first_re: re.Pattern         # any word that can open a status phrase
    # exact first word -> words to read after it (longest phrase it opens + negation window)
    reach: dict[str, int] = field(default_factory=dict)


def read_lexicon(path: Path | str = LEXICON_PATH) -> list[Entry]:
    rows = csv_rows(path)
    out = []
    for r in rows:
        phrase = (r.get("phrase") or "").strip().lower()
        status = (r.get("status") or "").strip()
        if not phrase or not status:
            continue
        if status not in STATUSES + ("hedge", "negator"):
            raise ValueError(f"{path}: unknown status {status!r} for phrase {phrase!r}")
        out.append(Entry(phrase, status, int(r.get("priority") or 0), (r.get("notes") or "").strip()))
    return out


def compile_lexicon(entries: list[Entry]) -> Lexicon:
    # '=' phrases are status marks (whole cells), never matched in prose: see marks.py
    phrases = [_Phrase(e, tuple(e.phrase.lstrip("^").split()), e.phrase.startswith("^"))
               for e in entries if e.status in STATUSES and not e.phrase.startswith("=")]
    phrases.sort(key=lambda p: (-len(p.words), -len(p.entry.phrase)))
    by_first: dict[str, list[_Phrase]] = {}
    by_two: dict[tuple[str, str], list[_Phrase]] = {}
    wild: list[_Phrase] = []
    for p in phrases:
        if p.words[0].endswith("*"):
            wild.append(p)
        elif len(p.words) > 1 and not p.words[1].endswith("*"):
            by_two.setdefault((p.words[0], p.words[1]), []).append(p)
            by_first.setdefault(p.words[0], [])
        else:
            by_first.setdefault(p.words[0], []).append(p)
    hedges = tuple(tuple(e.phrase.split()) for e in entries if e.status == "hedge")
    negators = frozenset(e.phrase for e in entries if e.status == "negator")
    first_re = re.compile(r"(?<!\w)" + _trie_pattern(set(by_first), {p.words[0][:-1] for p in wild}) + r"(?!\w)",
                          re.I)
    reach: dict[str, int] = {}
    for p in phrases:
        if not p.words[0].endswith("*"):
            reach[p.words[0]] = max(reach.get(p.words[0], 0), len(p.words) + _NEG_AFTER)
    return Lexicon(tuple(p.entry for p in phrases), {k: tuple(v) for k, v in by_first.items()},
                   {k: tuple(v) for k, v in by_two.items()}, tuple(wild), hedges, negators, first_re,
                   {k: min(v, _MAX_WORDS) for k, v in reach.items()})


def _trie_pattern(words: set[str], prefixes: set[str]) -> str:
    """An alternation of `words` and `prefix\\w*`, factored by shared prefixes.

    A flat alternation of ~100 words is tried word by word at every word start; the
    factored one rejects on the first letters. Between the lookarounds a match always
    spans one whole run of word characters (every word is word characters only), so the
    factoring finds the same spans as the flat list."""
    trie: dict = {}
    for w, wild in [(w, False) for w in words] + [(p, True) for p in prefixes]:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node["\0wild" if wild else "\0end"] = True

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if not ch.startswith("\0")]
        if node.get("\0wild"):
            alts.append(r"\w*")
        elif node.get("\0end"):
            alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(trie) if trie else "(?!)"


@lru_cache(maxsize=4)
def load_lexicon(path: str = str(LEXICON_PATH)) -> Lexicon:
    return compile_lexicon(read_lexicon(path))


def _word_ok(pat: str, word: str) -> bool:
    return word.startswith(pat[:-1]) if pat.endswith("*") else word == pat


def _words_after(text: str, start: int, limit: int = _MAX_WORDS) -> tuple[list[str], list[tuple[int, int]], list[bool]]:
    """Up to `limit` lower-case words from `start`, their spans, and whether a clause
    boundary lies before each (the first word: False)."""
    words, spans, boundary = [], [], []
    prev_end = start
    for m in _WORD.finditer(text, start, min(len(text), start + 160)):
        a, b = m.span()
        if words:
            gap = text[prev_end:a]
            boundary.append(gap != " " and _CLAUSE_END.search(gap) is not None)
        else:
            boundary.append(False)
        words.append(m.group(0).lower())
        spans.append((a, b))
        prev_end = b
        if len(words) >= limit:
            break
    return words, spans, boundary


def _words_before(text: str, start: int) -> list[str]:
    """The words of the same clause just before `start`, nearest last."""
    before = text[max(0, start - 80):start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    return [w.lower() for w in _WORD.findall(before[cut:])][-_NEG_BEFORE:]


def _sentence_initial(text: str, start: int) -> bool:
    head = text[:start].rstrip(" \t")
    return not head.strip(" •-–") or head[-1] in ".!?:;•\n"


def _negated(lex: Lexicon, before: list[str], after: list[str], after_boundary: list[bool]) -> bool:
    if lex.negators.intersection(before):
        return True
    for w, cut in list(zip(after, after_boundary))[:_NEG_AFTER]:
        if cut:
            break
        if w in lex.negators:
            return True
    return False


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    return a, (m.start() + 1 if m else len(text))


def _has_hedge(lex: Lexicon, sentence: str) -> bool:
    ws = [w.lower() for w in _WORD.findall(sentence)]
    firsts = {h[0] for h in lex.hedges}
    for i, w in enumerate(ws):
        if w not in firsts:
            continue
        for h in lex.hedges:
            if h[0] == w and len(h) <= len(ws) - i and all(_word_ok(h[k], ws[i + k]) for k in range(len(h))):
                return True
    return False


def classify(text: str | None, lexicon: Lexicon | None = None) -> StatusResult:
    """The status a careful reader would take from `text`, with the phrase that decided."""
    lex = lexicon or load_lexicon()
    if not text or not text.strip():
        return StatusResult("unknown", None, None, None, False, None)
    # chapters printed twice repeat their texts; the result is immutable, so reuse it
    memo = _MEMO.get(id(lex))
    if memo is None or memo[0] is not lex:
        memo = _MEMO[id(lex)] = (lex, {})
    done = memo[1].get(text)
    if done is None:
        if len(memo[1]) >= _MEMO_SIZE:
            memo[1].clear()
        done = memo[1][text] = _classify(text, lex)
    return done


_MEMO: dict[int, tuple[Lexicon, dict[str, StatusResult]]] = {}
_MEMO_SIZE = 4096


def _classify(text: str, lex: Lexicon) -> StatusResult:
    best = None  # (score, entry, char start, char end)
    negated: list[str] = []
    lead = len(text) - len(text.lstrip(" \t•-–"))
    consumed = 0
    for c in lex.first_re.finditer(text):
        if c.start() < consumed:
            continue
        # most openers ('har', 'är', 'under') only start two-word phrases: when the pair is
        # not in the lexicon there is nothing to match, so read two words, not eight
        w01 = _words_after(text, c.start(), 2)[0]
        if lex.by_first.get(w01[0], True) == () and (len(w01) < 2 or (w01[0], w01[1]) not in lex.by_two):
            continue
        # a phrase of k words and its negation window need k + 2 words; the first word
        # (the whole match: it spans one word run) says how long its phrases get
        words, spans, boundary = _words_after(text, c.start(), lex.reach.get(c.group(0).lower(), _MAX_WORDS))
        initial = None
        hit = None
        cands = lex.by_two.get((words[0], words[1]), ()) if len(words) > 1 else ()
        cands += lex.by_first.get(words[0], ())
        if words[0] not in lex.by_first:
            cands += tuple(p for p in lex.wild_first if words[0].startswith(p.words[0][:-1]))
        for p in cands:
            k = len(p.words)
            if k > len(words) or (hit is not None and k <= len(hit.words)):
                continue
            if not all(_word_ok(p.words[j], words[j]) and not boundary[j] for j in range(k)):
                continue
            if p.anchored:
                initial = _sentence_initial(text, c.start()) if initial is None else initial
                if not initial:
                    continue
            hit = p
        if hit is None:
            continue
        k = len(hit.words)
        a, b = spans[0][0], spans[k - 1][1]
        consumed = b
        e = hit.entry
        if e.status in POSITIVE and _negated(lex, _words_before(text, a), words[k:], boundary[k:]):
            negated.append(text[a:b])
            continue
        score = e.priority + (OPENING_BONUS if a <= lead else 0)
        if best is None or score > best[0]:
            best = (score, e, a, b)
    if best is None:
        return StatusResult("unknown", None, None, None, False, None, tuple(negated))
    _, e, a, b = best
    sa, sb = _sentence(text, a, b)
    sentence = text[sa:sb].strip()
    return StatusResult(e.status, text[a:b], a, sentence, _has_hedge(lex, sentence), e.phrase, tuple(negated))


def classify_item(analysis: str | None, title: str | None = None,
                  lexicon: Lexicon | None = None) -> tuple[StatusResult, str | None]:
    """Status from the analysis; from the title only when the analysis decides nothing.
    Returns the result and where it came from ('analysis' / 'title' / None)."""
    r = classify(analysis, lexicon)
    if r.status != "unknown":
        return r, "analysis"
    t = classify(title, lexicon)
    if t.status != "unknown":
        return t, "title"
    return r, None
