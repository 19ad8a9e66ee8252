"""The space-aligned table reader: tokens, thousands splits, headers, tables over page breaks."""
from __future__ import annotations

import itertools

from hypothesis import assume, given, settings, strategies as st

from ingest.tables.aligned import (
    column_specs, find_tables, join_header_lines, solve_row, solve_table, split_candidates,
    split_labels, value_tokens,
)

KW = ("avvikelse", "diff", "förändr", "prognos", "budget", "tertialutfall", "tertialbokslut", "utfall",
      "bokslut", "tertial", "period-", "totalt", "årsarbetare")
RR = ["Utfall Tertial 2:2022", "Prognos 2022", "Avvikelse årsbudget", "Utfall Tertial 2:2021", "Bokslut 2021"]
VOL = ["Utfall 2022-08", "Utfall 2021-08", "Utfall 2020-08", "Utfall 2019-08",
       "Förändring % 2022-2021", "Förändring % 2022-2019"]


def texts(cells):
    return [c.text if c is not None else None for c in cells]


def solved(line, labels, empty=None):
    _, toks, _ = value_tokens(line)
    return solve_row(toks, column_specs(labels, empty))


# ---------------------------------------------------------------- rows from the documents

def test_result_row_leading_zero_rule_gives_the_only_split():
    sol = solved("Verksamhetens resultat  882 1 003 448 490 756  ", RR)
    assert texts(sol.cells) == ["882", "1 003", "448", "490", "756"]
    assert not sol.ambiguous


def test_year_result_row_is_not_greedy():
    sol = solved("Årets resultat  166 230 -530 845 1 274  ", RR)
    assert [c.value for c in sol.cells] == [166, 230, -530, 845, 1274]


def test_double_space_marks_the_empty_deviation_cell():
    sol = solved("Intäkter  2 161 3 348  2 280 3 581  ", RR)
    assert texts(sol.cells) == ["2 161", "3 348", None, "2 280", "3 581"]


def test_percent_change_columns_settle_eight_three_digit_groups():
    sol = solved("Antal besök, läkare 285 994 274 291 264 374 530 866 4,3 % -46,1 %", VOL)
    assert [c.value for c in sol.cells[:4]] == [285994, 274291, 264374, 530866]
    assert len(sol.candidates) > 10


def test_thousands_inside_a_percentage_and_null_markers():
    sol = solved("25 223 746 7 629 u.s.  3 281 %   -  ", VOL)
    assert texts(sol.cells) == ["25 223", "746", "7 629", "u.s.", "3 281 %", "-"]
    assert sol.cells[3].value is None and sol.cells[4].value == 3281


def test_row_total_column_settles_a_project_budget_row():
    sol = solved("Personal: Projektledare 218 400 218 400 187 200       624 000",
                 ["2023", "2024", "2025", "Totalt"])
    assert [c.value for c in sol.cells] == [218400, 218400, 187200, 624000]


def test_decimal_rows_missing_the_deviation_value():
    labels = ["Tertialutfall 2022T2", "Prognosutfall 2022", "Diff mot budget", "Tertialutfall 2021T2", "Utfall 2021"]
    sol = solved("Verksamhetens intäkter 2 161,0 3 347,8 2 279,8 3 580,9", labels, empty={2})
    assert texts(sol.cells) == ["2 161,0", "3 347,8", None, "2 279,8", "3 580,9"]


def test_ragged_row_keeps_values_but_not_positions():
    sol = solved("Rörelsekapital 8 566 7 879 8 290", ["Tertialutfall 2022T2", "Prognosutfall 2022",
                                                    "Tertialutfall 2021T2", "Utfall 2021"])
    assert [c.value for c in sol.cells if c] == [8566, 7879, 8290]
    assert sol.positions_known is False


def test_split_candidates_never_start_a_number_with_a_zero_group():
    _, toks, _ = value_tokens("x 1 003 448")
    cands = split_candidates(toks, 2)
    assert [[c.text for c in cand] for cand in cands] == [["1 003", "448"]]


# ---------------------------------------------------------------- totals

def test_state_grant_table_resolved_by_its_sum_row():
    rows = solve_table([
        "Inkomstutjämningsbidrag 1 343 2 014 82 1 220 1 830",
        "Kostnadsutjämningsavgift -56 -84 -12 -54 -80",
        "Regleringsbidrag 160 241 79 169 253",
        "Läkemedelsbidrag 790 1 185 -26 765 1 140",
        "Generellt bidrag  3 3 3 0 0",
        "Summa 2 240 3 359 126 2 100 3 143",
    ], RR, empty_prone={2})
    assert [c.value for c in rows[2].solution.cells] == [160, 241, 79, 169, 253]
    assert [c.value for c in rows[3].solution.cells] == [790, 1185, -26, 765, 1140]
    assert "column totals" in rows[2].solution.note


def test_variant_numbers_changed_identities_kept():
    # every number changed, the Summa row still adds up: a deviation of 79 169 is impossible
    rows = solve_table([
        "Post A 1 111 2 222 15 1 000 1 500",
        "Post B 300 450 79 169 253",
        "Summa 1 411 2 672 94 1 169 1 753",
    ], RR, empty_prone={2})
    assert [c.value for c in rows[1].solution.cells] == [300, 450, 79, 169, 253]


def _render(v: int) -> str:
    return f"{v:,}".replace(",", " ")


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 4), st.data())
def test_property_random_thousands_split_correctly_given_the_totals(ncols, data):
    nrows = data.draw(st.integers(2, 4))
    grid = [[data.draw(st.integers(0, 2_000_000)) for _ in range(ncols)] for _ in range(nrows)]
    totals = [sum(col) for col in zip(*grid)]
    lines = [f"Rad {chr(65 + i)} " + " ".join(_render(v) for v in row) for i, row in enumerate(grid)]
    lines.append("Summa " + " ".join(_render(v) for v in totals))
    labels = [f"Utfall {2010 + j}" for j in range(ncols)]
    # only tables whose totals admit one reading can be asked to come out right
    cands = [[tuple(c.value for c in cand) for cand in split_candidates(value_tokens(l)[1], ncols)] for l in lines]
    consistent = [combo for combo in itertools.islice(itertools.product(*cands), 200000)
                  if all(sum(r[j] for r in combo[:-1]) == combo[-1][j] for j in range(ncols))]
    assume(len(consistent) == 1)
    rows = solve_table(lines, labels)
    got = [[c.value for c in r.solution.cells] for r in rows]
    assert got == [list(map(float, row)) for row in grid] + [list(map(float, totals))]


# ---------------------------------------------------------------- headers and tables

def test_header_split_over_lines_one_word_per_line():
    text = join_header_lines(["  Utfall ", "Tertial ", "2:2022 ", "", "Prognos ", "2022 ", "", "Avvikelse   ",
                              "årsbudget ", "", "Utfall  ", "Tertial ", "2:2021 ", "", "Bokslut  ", "", "2021 "])
    assert split_labels(text, KW) == ("", RR)


def test_header_with_broken_words_and_hyphenation():
    text = join_header_lines(["Egenproducerad vård (inkl såld vård) Utfall ", "2022-08 ", "", "Förändr",
                              "ing % ", "2022-", "2021 "])
    assert split_labels(text, KW) == ("Egenproducerad vård (inkl såld vård)", ["Utfall 2022-08", "Förändring % 2022-2021"])
    assert split_labels(join_header_lines(["Nämnd Period-", "avvikelse ", "", "Prognos-avvikelse "]), KW) == \
        ("Nämnd", ["Period-avvikelse", "Prognos-avvikelse"])


REAL_TABLE = """Tabell: Statsbidrag och utjämning

Belopp i miljoner kronor Tertial 2 
2022 

Prognos 
2022 

Avvikelse 
årsbudget 

Tertial 2 
2021 

Bokslut  
2021 

Inkomstutjämningsbidrag 1 343 2 014 82 1 220 1 830 

Regleringsbidrag 160 241 79 169 253 

Summa 1 503 2 255 161 1 389 2 083 

 
Anslaget för kommunalekonomisk utjämning, vilket är beslutat för 2022, blir 2 171 miljoner kronor men det är en mening.
""".split("\n")


def test_find_table_real_excerpt():
    tables = find_tables(REAL_TABLE, KW)
    assert len(tables) == 1
    t = tables[0]
    assert t.stub == "Belopp i miljoner kronor"
    assert t.labels == ["Tertial 2 2022", "Prognos 2022", "Avvikelse årsbudget", "Tertial 2 2021", "Bokslut 2021"]
    assert [r.label for r in t.rows] == ["Inkomstutjämningsbidrag", "Regleringsbidrag", "Summa"]
    assert [c.value for c in t.rows[1].solution.cells] == [160, 241, 79, 169, 253]
    assert t.rows[1].line == 20


VOLUME = """Verksamhetsmått

Länstrafiken (tusental) Utfall 
2022-08 

Utfall 
2021-08 

Förändring
 % 2022-

2021 

Antal resor- buss och 
tågtrafik 

9 924 5 542  +79%  
 Länstrafiken (tusental) Utfall 
2022-08 

Utfall 
2021-08 

Förändring
 % 2022-

2021 

Antal serviceresor 428 365  +17%  

- Varav sjukresor 76 77  -1%  

Strategiska mål: Enklare vardag för patienter och medarbetare
""".split("\n")


def test_table_continues_over_a_page_break_with_repeated_header():
    t = find_tables(VOLUME, KW)[0]
    assert t.labels == ["Utfall 2022-08", "Utfall 2021-08", "Förändring % 2022-2021"]
    assert [r.label for r in t.rows] == ["Antal resor- buss och tågtrafik", "Antal serviceresor", "- Varav sjukresor"]
    assert t.rows[2].is_subitem and not t.rows[1].is_subitem
    assert t.repeated_headers == [18]
    assert [c.value for c in t.rows[0].solution.cells] == [9924, 5542, 79]


def test_interleaved_two_line_header_and_account_codes():
    lines = ["Tertialutfall Prognosutfall Diff mot Tertialutfall Utfall",
             "Resultaträkning fullfond 2022T2 2022 budget 2021T2 2021",
             "Skatteintäkter 6 747,2 10 120,8 269,8 6 373,5 9 644,1",
             "ÅRETS RESULTAT 165,5 230,0 -530,0 845,5 1 274,0",
             "",
             " BALANSRÄKNING FULLFOND (miljoner kronor) Tertialbokslut Bokslut",
             "2022-08-31 2021", "", "Tillgångar", "Anläggningstillgångar",
             "   1. Mark och byggnader 11xx 4 616,1 4 605,2",
             "Fordringar 15xx-17xx 1 321,2 1 398,8"]
    rr, br = find_tables(lines, KW)
    assert rr.labels == ["Tertialutfall 2022T2", "Prognosutfall 2022", "Diff mot budget", "Tertialutfall 2021T2", "Utfall 2021"]
    assert rr.title == "Resultaträkning fullfond"
    assert br.labels == ["Tertialbokslut 2022-08-31", "Bokslut 2021"]
    assert [(r.label, r.account_code, r.section_label) for r in br.rows] == [
        ("1. Mark och byggnader", "11xx", "Anläggningstillgångar"), ("Fordringar", "15xx-17xx", "Anläggningstillgångar")]


def test_variant_column_removed():
    lines = ["Verksamhetsområde Utfall  Avvikelse ",
             "Privata vårdgivare -50,2 -7,7 ",
             "Medicinsk vård -1 962,1 -57,7 ",
             "Totalt -2 012,3 -65,4 "]
    t = find_tables(lines, KW)[0]
    assert t.labels == ["Utfall", "Avvikelse"]
    assert [[c.value for c in r.solution.cells] for r in t.rows] == [[-50.2, -7.7], [-1962.1, -57.7], [-2012.3, -65.4]]


def test_prose_ending_in_a_keyword_is_not_a_table():
    lines = ["Det är 52 miljoner kronor lägre än budget", "", "Nästa stycke handlar om annat och slutar här.", ""]
    assert find_tables(lines, KW) == []
