"""The status classifier: real sentences from the documents and constructed variants
(negations, two statuses in one analysis, status only in the title, hedges)."""
from __future__ import annotations

import csv

import pytest

from ingest.extract.activities.status import (
    LEXICON_PATH,
    STATUSES,
    classify,
    classify_item,
    compile_lexicon,
    load_lexicon,
    read_lexicon,
)

REAL = [
    # (analysis as printed in the bundled documents, status, evidence)
    ("Pågår enligt plan, projektgrupp påbörjar arbetet i november.", "in_progress", "Pågår enligt plan"),
    ("Ej påbörjad.", "not_started", "Ej påbörjad"),
    ("Påbörjas enligt plan i september.", "not_started", "Påbörjas"),
    ("Ej påbörjat då pandemin medfört att ordinarie verksamhet pausats.", "not_started", "Ej påbörjat"),
    ("Aktivitet har inte startat", "not_started", "har inte startat"),
    ("Påbörjas senare under planperioden.", "not_started", "Påbörjas senare"),
    ("Arbetet har stannat av då utvecklaren har varit ledig men arbetet intensifieras återigen i augusti.",
     "delayed", "stannat av"),
    ("På grund av Corona pågår inte någon dialog med de verksamheter som berörs.", "delayed", "pågår inte"),
    ("Aktiviteten är slutförd. Arbetet är presenterat för Regional utveckling, Folkhälsa och Qulturum.",
     "done", "Aktiviteten är slutförd"),
    ("Utveckla godsstrategin. Arbetet avbröts på grund av pandemin.", "not_achieved", "avbröts"),
    ("Målet kommer inte att nås, 2019 hade 73% tillgång till bredband.", "not_achieved", "kommer inte att nås"),
    ("Arbetet är inte påbörjat och kan med anledning av Coronapandemiin bli svårt att kunna prioritera.",
     "not_started", "inte påbörjat"),
    ("Aktiviteten påbörjades enligt plan, men arbetet har nu pausats och det är troligt att bli försenat.",
     "delayed", "pausats"),
    ("Arbetet pågår enligt plan och dialog med kommunerna har påbörjats.", "in_progress", "pågår enligt plan"),
    ("Löper på enligt plan. Kulturutvecklingschefen tillträder i början av oktober.", "in_progress",
     "Löper på enligt plan"),
]


@pytest.mark.parametrize("text,status,evidence", REAL)
def test_real_sentences(text, status, evidence):
    r = classify(text)
    assert (r.status, r.evidence) == (status, evidence)
    assert r.sentence and evidence in r.sentence


def test_nothing_decides_is_unknown_without_evidence():
    for text in ("Museernas pedagogiska verksamhet.", "Svårigheter med fysisk närvaro. Omställning till digitala upplägg.",
                 "", None, "En lång text " * 40):
        r = classify(text)
        assert r.status == "unknown" and r.evidence is None and r.sentence is None


@pytest.mark.parametrize("text,status", [
    ("Arbetet pågår inte längre.", "delayed"),
    ("Projektet pågår ej.", "delayed"),
    ("Inget arbete pågår.", "unknown"),            # negated progress, nothing else decides
    ("Arbetet är ännu inte påbörjat.", "not_started"),
    ("Aktiviteten har inte påbörjats.", "not_started"),
    ("Ej startat.", "not_started"),
    ("Utbildningen är inte genomförd och inget har gjorts.", "unknown"),
    ("Arbetet har inte genomförts under året.", "not_started"),
    ("Det är inte klart när arbetet startar.", "unknown"),
])
def test_negations(text, status):
    assert classify(text).status == status


def test_negated_positive_phrase_is_reported():
    r = classify("Inget arbete pågår.")
    assert r.negated == ("pågår",)


@pytest.mark.parametrize("text,status,evidence", [
    # paused / stopped beats in progress, wherever it stands
    ("Arbetet pågår enligt plan men har nu pausats i väntan på beslut.", "delayed", "pausats"),
    ("Pausat. Planering pågår för nästa år.", "delayed", "Pausat"),
    # a finished step does not make the activity done: 'pågår' wins
    ("Kartläggningen är klar. Arbetet med analysen pågår.", "in_progress", "pågår"),
    ("Upphandlingen har genomförts och införandet pågår.", "in_progress", "pågår"),
    # an explicit statement about the activity itself beats 'pågår' about other work
    ("Aktiviteten är genomförd. Uppföljning pågår i linjen.", "done", "Aktiviteten är genomförd"),
    ("Klart. Arbetet pågår nu med nästa steg.", "done", "Klart"),
    # the status that opens the analysis is the author's statement
    ("Ej påbörjad eftersom verksamheten har pausats.", "not_started", "Ej påbörjad"),
    # will not be carried out beats everything
    ("Arbetet pågick men kommer inte att genomföras under perioden.", "not_achieved", "kommer inte att genomföras"),
])
def test_two_statuses_precedence(text, status, evidence):
    r = classify(text)
    assert (r.status, r.evidence) == (status, evidence)


def test_status_in_title_when_analysis_silent():
    r, source = classify_item("Se kommentar ovan.", "Utbildningsinsatsen pausad i väntan på ny chef")
    assert (r.status, r.evidence, source) == ("delayed", "pausad", "title")
    # an analysis that decides wins over the title
    r, source = classify_item("Pågår enligt plan.", "Projektet avslutades enligt plan")
    assert (r.status, source) == ("in_progress", "analysis")
    # an imperative title ('Genomföra', 'Påbörja') is not a status
    r, source = classify_item("Beskrivning saknas.", "Påbörja arbetet med att genomföra en förstudie")
    assert (r.status, source) == ("unknown", None)


def test_hedge_flagged_in_evidence_sentence_only():
    r = classify("Det är sannolikt att även årets mål nås.")
    assert r.status == "done" and r.hedged
    r = classify("Sannolikt blir hösten lugn. Projektet är avslutat.")
    assert r.status == "done" and not r.hedged


def test_sentence_initial_anchor():
    assert classify("Klart.").status == "done"
    # 'klart' inside a sentence is not the sentence-initial phrase
    assert classify("Vi ser klart och tydligt behovet.").status == "unknown"


def test_lexicon_is_the_seed_and_extensible(tmp_path):
    rows = read_lexicon()
    assert {r.status for r in rows} <= set(STATUSES) | {"hedge", "negator"}
    with open(LEXICON_PATH, encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    assert classify("Insatsen är vilande tills vidare.").status == "delayed"
    # an analyst adds a phrase: the classifier follows the file
    extra = tmp_path / "lexicon.csv"
    extra.write_text(LEXICON_PATH.read_text(encoding="utf-8") + "i mål,done,60,test\n", encoding="utf-8")
    lex = compile_lexicon(read_lexicon(extra))
    assert classify("Projektet är i mål.", lex).status == "done"
    assert classify("Projektet är i mål.", load_lexicon()).status == "unknown"


def test_unknown_status_in_lexicon_is_rejected(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("phrase,status,priority,notes\nfärdig,finished,50,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="finished"):
        read_lexicon(bad)
