"""One classification pass over a document's lines, shared by the segmenter, the table
readers and the extractors.

Each reader used to walk every line again and strip, regex-match and split it for the same
questions: is it blank, page furniture, laid out in columns (tabs, `|`, gaps of spaces),
does it carry a number, what is its last word. `classes_of(lines)` answers them once per
document. Each class is computed the first time any reader asks for it (a reader that
needs none of them pays nothing) and then shared by all; the last few documents' results
are kept, keyed by the identity of their line tuple (every extractor receives the same
`doc.lines`).

Per line (0-based lists, like `doc.lines`):
- `stripped`        the text without surrounding white space
- `blank`           nothing but white space
- `indented`        printed with leading white space (a page top in pdftotext output)
- `tabbed`          holds a tab (a TSV row)
- `piped`           holds two or more `|` (a pipe-separated row)
- `spaced_columns`  text, a gap of three or more spaces, text (a space-aligned row)
- `has_digit`       any digit (every amount, period and page number has one)
- `first_word`      the first white-space separated word ('' for a blank line)
- `last_word`       the last white-space separated word ('' for a blank line)
- `prose`           text not laid out in columns: not blank, no tab, no gap of three spaces
- `gapped`          a gap of two spaces inside the text, no tab, no full stop at the end
                    (what a space-aligned header line needs before its cells are read)
and `furniture`: the 1-based numbers of page-furniture lines (running headers, page numbers;
the rule is ingest.text.page_furniture).
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Callable, Hashable

_SPACED = re.compile(r"\S {3,}\S")
_DIGIT = re.compile(r"\d")
_RUN = re.compile(b"\x01+")
_NO_WORD = ("",)   # the word of a blank line


def _starts_with_digit(word: str) -> bool:
    return word[:1].isdecimal()


class LineClasses:
    """The classes of every line of one document, each computed once on first use."""

    def __init__(self, lines: tuple[str, ...] | list[str]):
        self.lines = lines
        # readers keep per-document results derived from the classes here (e.g. TSV runs)
        self.memo: dict = {}

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def stripped(self) -> list[str]:
        return [ln.strip() for ln in self.lines]

    @cached_property
    def blank(self) -> list[bool]:
        return [not s for s in self.stripped]

    @cached_property
    def indented(self) -> list[bool]:
        return [ln[:1].isspace() for ln in self.lines]

    @cached_property
    def tabbed(self) -> list[bool]:
        return ["\t" in ln for ln in self.lines]

    @cached_property
    def piped(self) -> list[bool]:
        # most documents print no `|` at all: one search of the whole text settles every line
        if "|" not in "\n".join(self.lines):
            return [False] * len(self.lines)
        return [ln.count("|") >= 2 for ln in self.lines]

    @cached_property
    def spaced_columns(self) -> list[bool]:
        # most lines have no run of three spaces at all: settle those without the regex
        return ["   " in s and _SPACED.search(s) is not None for s in self.stripped]

    @cached_property
    def prose(self) -> list[bool]:
        return [not (b or t or sp) for b, t, sp in zip(self.blank, self.tabbed, self.spaced_columns)]

    @cached_property
    def has_digit(self) -> list[bool]:
        search = _DIGIT.search
        return [search(ln) is not None for ln in self.lines]

    @cached_property
    def first_word(self) -> list[str]:
        return [(ln.split(None, 1) or _NO_WORD)[0] for ln in self.lines]

    @cached_property
    def gapped(self) -> list[bool]:
        return ["  " in s and not tab and not s.endswith(".") for s, tab in zip(self.stripped, self.tabbed)]

    @cached_property
    def last_word(self) -> list[str]:
        return [(ln.rsplit(None, 1) or _NO_WORD)[-1] for ln in self.lines]

    @cached_property
    def furniture(self) -> frozenset[int]:
        from ingest.text.page_furniture import furniture_lines_of  # the rule lives there

        return frozenset(furniture_lines_of(self.lines, self.stripped))

    def runs(self, flag: str) -> list[tuple[int, int]]:
        """Maximal runs of consecutive lines having a class (1-based, inclusive)."""
        key = ("runs", flag)
        if key not in self.memo:
            # one byte per line: the runs are found by the regex engine, not a Python loop
            flags = bytes(map(bool, getattr(self, flag)))
            self.memo[key] = [(m.start() + 1, m.end()) for m in _RUN.finditer(flags)]
        return self.memo[key]

    def digit_first_lines(self) -> list[int]:
        """1-based numbers of the lines whose first printed character is a digit (what a
        pattern `^\\s*\\d` needs: `\\d` is a Unicode decimal digit, as str.isdecimal)."""
        return self.word_lines("first_word", _starts_with_digit, "digit_first")

    def word_lines(self, attr: str, test: Callable[[str], bool], key: Hashable) -> list[int]:
        """The 1-based numbers of the lines whose `attr` word ('first_word' or 'last_word')
        is not empty and passes `test`, a pure test asked once per distinct word instead of
        once per line; kept under `key` (one key per test) for the other readers."""
        memo_key = ("word_lines", attr, key)
        found = self.memo.get(memo_key)
        if found is None:
            where = self._where(attr)
            if where is None:   # the first test of this attribute: one scan, no index
                words = getattr(self, attr)
                hits = {w for w in set(words) if w and test(w)}
                found = [n for n, w in enumerate(words, 1) if w in hits] if hits else []
            else:
                found = sorted(n for w in where if w and test(w) for n in where[w])
            self.memo[memo_key] = found
        return found

    def _where(self, attr: str) -> dict[str, list[int]] | None:
        """word -> the 1-based numbers of the lines whose `attr` word it is, built when a
        second test of the attribute comes (None for the first, which scans the words once):
        each test then visits the distinct words and only its hits' lines."""
        key = ("where", attr)
        where = self.memo.get(key)
        if where is None:
            if key not in self.memo:
                self.memo[key] = None   # asked once
                return None
            where = self.memo[key] = {}
            add = where.setdefault
            for n, w in enumerate(getattr(self, attr), 1):
                add(w, []).append(n)
        return where

    def table_like(self, i: int) -> bool:
        """Line i (0-based) is laid out in columns: a tab, `|` cells or a gap of spaces."""
        return self.tabbed[i] or self.piped[i] or self.spaced_columns[i]


_LAST: list[tuple[object, LineClasses]] = []   # the last documents asked about
_KEEP = 2


def classes_of(lines: tuple[str, ...] | list[str]) -> LineClasses:
    """The shared classification of a document's lines (the same object for the same lines)."""
    for seen, found in _LAST:
        if seen is lines:
            return found
    found = LineClasses(lines)
    _LAST[:] = ([(lines, found)] + _LAST)[:_KEEP]
    return found
