"""Which table row a figure stated in a sentence is compared with (economics.prose): labels
matched whatever their case, subjects printed in other words through the seed aliases
(subject_alias in economics_prose_phrases), no alias when the tables leave it ambiguous or
the phrase points back mid-sentence, and the same choice on every run. Invented excerpts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.document import Document, Section, SectionIndex
from ingest.extract import economics
from ingest.extract.economics.prose import label_key, subject_phrases
from tests.test_reconciliation import Table, one, reconcile

REPO = Path(__file__).resolve().parent.parent


def _doc(sentences: str, *tables: str) -> str:
    return sentences + "\n\n" + "\n\n".join(tables) + "\n"


INCOME = """Resultaträkning, mnkr
Resultaträkning\tUtfall jan-apr 2025\tUtfall jan-apr 2024
Verksamhetens nettokostnad\t-2 410\t-2 301
Skatteintäkter\t1 980\t1 904
Finansnetto\t-12\t-9
{result}\t{value}\t56"""


def prose(text: str) -> list[dict]:
    lines = tuple(text.split("\n"))
    doc = Document("doc1", "x.txt", "0", 0, text, lines=lines)
    idx = SectionIndex([Section("s1", "doc1", "interim_report", "t", 1, len(lines))])
    return [r for r in economics.extract(doc, idx)["financial_amount"] if r["source_kind"] == "prose"]


@pytest.mark.parametrize("sentence", [
    "Resultatet för perioden uppgår till 318 mnkr.",
    "Resultatet för perioden januari–april uppgår till 318 mnkr.",
    "Resultatet uppgick till 318 mnkr.",
    "PERIODENS RESULTAT uppgår till 318 mnkr.",
])
def test_subject_in_other_words_or_case_names_the_table_row(sentence):
    rows = prose(_doc(sentence, INCOME.format(result="Periodens resultat", value="318")))
    [r] = [r for r in rows if r["amount"] == 318]
    assert r["line_item"] == "Periodens resultat" and r["split_note"] is None
    assert r["statement"] == "income_statement"


def test_alias_to_the_years_result_when_that_is_the_row_printed():
    rows = prose(_doc("Årsresultatet blev 402 mnkr.", INCOME.format(result="Årets resultat", value="402")))
    [r] = [r for r in rows if r["amount"] == 402]
    assert r["line_item"] == "Årets resultat" and r["split_note"] is None


def test_bare_alias_is_not_matched_when_the_tables_print_both_results():
    both = INCOME.format(result="Periodens resultat", value="318") + "\nÅrets resultat\t640\t512"
    [r] = [r for r in prose(_doc("Resultatet uppgår till 318 mnkr.", both)) if r["amount"] == 318]
    assert r["split_note"] is not None and r["statement"] == "other"
    # the precise phrase still names one of them
    [r] = [r for r in prose(_doc("Resultatet för perioden uppgår till 318 mnkr.", both)) if r["amount"] == 318]
    assert r["line_item"] == "Periodens resultat"


def test_alias_mid_sentence_points_back_and_is_not_matched():
    text = _doc("Verksamhetens nettokostnad är 20 mnkr lägre än budget och resultatet är 99 mnkr.",
                INCOME.format(result="Periodens resultat", value="318"))
    [r] = [r for r in prose(text) if r["amount"] == 99]
    assert r["split_note"] is not None


def test_one_label_per_key_whatever_the_order_of_the_tables():
    a = subject_phrases(["ÅRETS RESULTAT", "Årets resultat", "Finansnetto"])
    b = subject_phrases(["Årets resultat", "Finansnetto", "ÅRETS RESULTAT"])
    assert a == b
    assert ("årets resultat", "Årets resultat", False) in a
    assert ("finansnettot", "Finansnetto", True) in a
    assert label_key("  Årets   Resultat: ") == "årets resultat"


def test_same_subjects_on_every_run_whatever_the_hash_seed():
    text = _doc("Resultatet för perioden uppgår till 318 mnkr. Skatteintäkterna har ökat med 4,0 procent.",
                INCOME.format(result="PERIODENS RESULTAT", value="318"),
                "Resultat i sammandrag, mnkr\nSammandrag\tUtfall jan-apr 2025\nPeriodens resultat\t318")
    script = ("import sys, json; from tests.test_prose_subjects import prose; "
              "print(json.dumps([(r['line_item'], r['statement'], r['amount']) for r in prose(sys.stdin.read())]))")
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.add(subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True,
                                cwd=REPO, env=env, check=True).stdout)
    assert len(outs) == 1 and "Periodens resultat" in outs.pop()


@pytest.mark.parametrize("printed_label", ["Periodens resultat", "PERIODENS  RESULTAT:"])
def test_reconciliation_compares_the_aliased_figure_and_finds_a_disagreement(printed_label):
    def run(stated: str):
        t = (Table("income_statement", [("Utfall jan-apr 2025", "outcome"), ("Utfall jan-apr 2024", "prior_outcome")])
             .row("Verksamhetens nettokostnad", "-2 410", "-2 301").row(printed_label, "318", "56"))
        lines = t.lines()
        # the figure as the extractor writes it for 'Resultatet för perioden uppgår till … mnkr'
        p = dict(lines[-2], financial_line_id="p1", line_item="Periodens resultat", source_kind="prose", table_id="p1", column_index=None,
                 column_label="figure 1 in the text", amount=float(stated), amount_text=f"{stated} mnkr",
                 sentence=f"Resultatet för perioden uppgår till {stated} mnkr.", source_line=3, row_index=0)
        t.lines = lambda: lines + [p]
        return one(reconcile([t]), rule="stated_amount_against_table")
    assert run("318")["status"] == "pass"
    r = run("381")
    assert r["status"] == "fail" and r["computed_value"] == 318


VR_TABLE = """Resultaträkning, mnkr
Resultaträkning\tUtfall jan-aug 2025\tPrognos 2025\tBudget 2025
Verksamhetens resultat\t612\t804\t610
Årets resultat\t590\t760\t600"""


@pytest.mark.parametrize("sentence,item,stated", [
    ("Det prognostiserade årsresultatet för verksamheten (före finansnetto) visar ett överskott på 804 "
     "miljoner kronor vilket är 194 miljoner kronor högre än budgeten.", "Verksamhetens resultat", 804),
    ("Det prognosticerade årsresultatet visar ett överskott på 760 miljoner kronor.", "Årets resultat", 760),
    # a typo in the text: the reconciliation is there to find it
    ("Det prognostiserade årsresultatet för verksamheten (före finansnetto) visar ett överskott på 840 "
     "miljoner kronor.", "Verksamhetens resultat", 840),
])
def test_forecast_subject_with_its_lead_words_and_a_parenthesis(sentence, item, stated):
    [r] = [r for r in prose(_doc(sentence, VR_TABLE)) if r["amount"] == stated]
    assert (r["line_item"], r["measure"], r["split_note"]) == (item, "forecast", None)


def test_other_words_before_an_alias_keep_it_unmatched():
    [r] = [r for r in prose(_doc("Det ekonomiska årsresultatet visar ett överskott på 590 miljoner kronor.", VR_TABLE))
           if r["amount"] == 590]
    assert r["split_note"] is not None
