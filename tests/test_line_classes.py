"""The shared line classification: every class of an invented page, and that every
reader of one document gets the same classification object."""
from __future__ import annotations

from ingest.text.line_classes import LineClasses, classes_of
from ingest.text.page_furniture import furniture_lines

PAGE = (
    "Region Nordby   Delårsrapport 2031   3",      # running header ending in a page number
    "",
    "Resultaträkning, mnkr",
    "                 Utfall 2031   Budget 2031",  # a header laid out in spaces, indented
    "Intäkter\t120\t130",                          # a TSV row
    "| Kostnader | -90 | -95 |",                   # a pipe row
    "Nettokostnaden har ökat med 4 procent.",      # prose with a number
    "   ",                                         # white space only
    "Region Nordby   Delårsrapport 2031   4",
)


def test_each_class_of_each_line():
    c = LineClasses(PAGE)
    assert c.stripped[3] == "Utfall 2031   Budget 2031" and c.stripped[7] == ""
    assert c.blank == [False, True, False, False, False, False, False, True, False]
    assert c.indented == [False, False, False, True, False, False, False, True, False]
    assert c.tabbed == [False, False, False, False, True, False, False, False, False]
    assert c.piped == [False, False, False, False, False, True, False, False, False]
    assert c.spaced_columns == [True, False, False, True, False, False, False, False, True]
    assert c.has_digit == [True, False, False, True, True, True, True, False, True]
    assert c.last_word == ["3", "", "mnkr", "2031", "130", "|", "procent.", "", "4"]
    assert c.furniture == frozenset({1, 9})
    assert [c.table_like(i) for i in range(len(PAGE))] == \
        [True, False, False, True, True, True, False, False, True]


def test_page_break_moved_and_other_encodings():
    # the same content with the page break one line later, CRLF remnants and NBSP gaps
    moved = ("", "Resultaträkning, mnkr\r", "Region Nordby   Delårsrapport 2031   3",
             "Utfall\u00a02031   Budget\u00a02031", "Region Nordby   Delårsrapport 2031   4")
    c = LineClasses(moved)
    assert c.stripped[1] == "Resultaträkning, mnkr"
    assert c.furniture == frozenset({3, 5})
    # str.split treats NBSP as white space, as every reader splitting words does
    assert c.spaced_columns[3] and c.last_word[3] == "2031"


def test_one_classification_per_document_shared_by_every_reader():
    lines = tuple(PAGE)
    assert classes_of(lines) is classes_of(lines)
    assert furniture_lines(lines) is classes_of(lines).furniture
    other = tuple(PAGE)[:-1]
    assert classes_of(other) is not classes_of(lines)
    assert furniture_lines(other) == frozenset()             # one header left: no repetition


def test_nothing_is_computed_before_it_is_asked_for():
    c = LineClasses(PAGE)
    assert "spaced_columns" not in vars(c) and "furniture" not in vars(c)
    c.spaced_columns
    assert "spaced_columns" in vars(c) and "stripped" in vars(c) and "furniture" not in vars(c)


def test_runs_and_the_tsv_blocks_read_from_them():
    from ingest.tables.tsv import tsv_blocks

    lines = ("Titel", "Mått\tUtfall\tMål", "Andel\t12\t15", "", "Antal\t3\t4", "Antal\t5\t6", "slut")
    assert classes_of(lines).runs("tabbed") == [(2, 3), (5, 6)]
    whole = tsv_blocks(lines)
    assert [(b.line_start, b.line_end) for b in whole] == [(2, 3), (5, 6)]
    # a range cutting a run reads only its part; the rows are the same objects for every reader
    part = tsv_blocks(lines, 3, 5)
    assert [(b.line_start, b.line_end) for b in part] == [(3, 3), (5, 5)]
    assert part[0].rows[0] is whole[0].rows[1]
    assert part[1].rows[0].cells == ("Antal", "3", "4")


def test_pipe_tables_found_from_the_piped_class():
    from ingest.tables.pipe import read_pipe_tables
    from ingest.tables.vocabulary import header_words

    lines = ("Ekonomi, mnkr", "| Post | Utfall 2031 | Budget 2031 |", "|---|---|---|",
             "| Intäkter | 120 | 130 |", "| Kostnader | -90 | -95 |", "Text efter | med en bar")
    assert classes_of(lines).piped == [False, True, True, True, True, False]
    (t,) = read_pipe_tables(lines, header_words())
    assert [r.label for r in t.rows] == ["Intäkter", "Kostnader"] and t.end_line == 5


def test_prose_lines_and_their_runs():
    c = LineClasses(PAGE)
    # not blank, no tab, no gap of three spaces
    assert c.prose == [False, False, True, False, False, True, True, False, False]
    assert c.runs("prose") == [(3, 3), (6, 7)]
    # a run reaching the last line, and a class with no run at all
    assert LineClasses(("a", "", "b", "c")).runs("prose") == [(1, 1), (3, 4)]
    assert LineClasses(("", " ")).runs("prose") == []


def test_word_lines_ask_each_distinct_word_once_and_are_kept():
    lines = ("Utfall 2031", "Budget 2031", "", "Utfall 2032", "   Utfall 2033", "utfall")
    c = LineClasses(lines)
    asked = []

    def test(w):
        asked.append(w)
        return w == "Utfall"

    assert c.word_lines("first_word", test, "utfall") == [1, 4, 5]
    assert sorted(asked) == ["Budget", "Utfall", "utfall"]          # once per word, never ''
    assert c.word_lines("first_word", lambda w: False, "utfall") == [1, 4, 5]   # kept under its key
    assert c.word_lines("last_word", lambda w: w.endswith("2"), "ends in 2") == [4]


def test_word_lines_from_the_word_index_equal_a_scan_of_every_line():
    # the first test of an attribute scans the words, later ones use a word -> lines index
    lines = ("Utfall 2031", "Budget  2031", "", "Utfall 2032", "   Utfall 2033", "utfall", "Budget", "\t2031")
    c = LineClasses(lines)
    tests = {"U": lambda w: w.startswith("U"), "digit": lambda w: w[:1].isdecimal(), "none": lambda w: False,
             "any": lambda w: True, "budget": lambda w: w.lower() == "budget"}
    for attr in ("first_word", "last_word"):
        words = getattr(c, attr)
        for key, test in tests.items():
            scan = [n for n, w in enumerate(words, 1) if w and test(w)]
            assert c.word_lines(attr, test, key) == scan, (attr, key)
    assert c.memo[("where", "first_word")] is not None   # the index was built for the later tests


def test_digit_first_lines_are_what_a_leading_digit_pattern_needs():
    import re

    lines = ("1. Mål", "  12 Aktivitet", "Mål 1", "", "\u0661\u0662 arabic-indic", "²superscript", "\t3\tTSV")
    c = LineClasses(lines)
    assert c.digit_first_lines() == [1, 2, 5, 7]
    # the same lines as `^\s*\d` (a Unicode decimal digit after white space)
    assert c.digit_first_lines() == [n for n, ln in enumerate(lines, 1) if re.match(r"^\s*\d", ln)]
