"""Statuses in every form on invented variants (tests/fixtures/templates/): capitalised
marks at the line end, alone on a line and after `Status:`, prose, colours read through
the document's legend, a status column, and resumed work."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import SectionIndex
from ingest.extract import activities
from ingest.extract.activities.listings import listed_activities, status_of
from ingest.extract.activities.marks import activity_legend, cell_status, line_mark, mark_of
from ingest.extract.activities.status import classify
from ingest.registry import read_document
from ingest.segment import segment

FIX = Path(__file__).parent / "fixtures" / "templates"


def _rows(name: str) -> dict[str, dict]:
    doc = read_document(FIX / name).document
    items = activities.extract(doc, SectionIndex(segment(doc)))["activity_item"]
    return {r["activity"]: r for r in items}


@pytest.mark.parametrize("mark, status", [
    ("GENOMFÖRD", "done"), ("AVSLUTAT", "done"), ("KLAR", "done"), ("PÅGÅR", "in_progress"),
    ("PÅGÅENDE", "in_progress"), ("EJ PÅBÖRJAD", "not_started"), ("FÖRSENAD", "delayed"),
    ("EJ GENOMFÖRT", "not_achieved"),          # holds the word for done
    ("Delvis uppfyllt", "in_progress"), ("Ej uppfyllt", "not_achieved"), ("uppfyllt", "done"),
])
def test_marks(mark, status):
    assert mark_of(mark).status == status


def test_colours_follow_the_legend_and_never_prose():
    legend = {"grön": "Pågår enligt plan", "röd": "Ej påbörjad"}
    assert cell_status("Grön", legend).status == "in_progress"
    assert cell_status("Röd", legend).status == "not_started"
    assert cell_status("Röd").status == "delayed"                 # no legend: the seed's meaning
    assert classify("Arbetet med grön omställning i regionens kök.").status == "unknown"


def test_mark_positions():
    assert line_mark("1.1  Starta en mottagning                 PÅGÅR")[1].status == "in_progress"
    assert line_mark("     EJ PÅBÖRJAD") == ("", mark_of("EJ PÅBÖRJAD"))
    assert line_mark("     Status: FÖRSENAD")[1].status == "delayed"
    assert line_mark("Vi har inte startat ÄNNU") is None


def test_resumed_work_is_not_delayed():
    assert classify("Arbetet pausades i höstas men har återupptagits under våren.").status == "in_progress"


def test_numbered_assignments_with_marks_and_prose():
    rows = _rows("followup_marks.txt")
    got = {name: r["status"] for name, r in rows.items()}
    assert got == {
        "Starta en mottagning för sömnbesvär i norra länsdelen": "in_progress",
        "Utreda gemensam journal med kommunerna": "not_achieved",
        "Ta fram en plan för fler vårdplatser i länet": "not_started",   # wrapped name read whole
        "Införa digital kallelse till screening": "delayed",
        "Bygga om entrén vid länssjukhuset": "in_progress",
        "Anta en strategi för friluftsliv": "done",
    }
    assert rows["Ta fram en plan för fler vårdplatser i länet"]["status_evidence_line"] == 25
    assert rows["Starta en mottagning för sömnbesvär i norra länsdelen"]["layout"] == "numbered_list"
    assert rows["Införa digital kallelse till screening"]["status_source"] == "status_mark"
    # every decided status keeps the printed line it was read from
    assert all(r["status_sentence"] for r in rows.values())


def test_one_cell_per_line_table_with_colour_legend():
    doc = read_document(FIX / "goals_colours.txt").document
    assert activity_legend(doc.lines)["grön"] == "Genomförd"
    rows = _rows("goals_colours.txt")
    assert {n: (r["status"], r["status_source"]) for n, r in rows.items()} == {
        "Öppna en ny sporthall i Norrby": ("delayed", "legend"),
        "Erbjuda simskola till alla sjuåringar": ("done", "legend"),
        "Starta spontanidrott på lördagar": ("in_progress", "legend"),
    }
    assert rows["Starta spontanidrott på lördagar"]["analysis"] == "Två orter av fem har startat."


def test_status_column():
    rows = _rows("actions_column.txt")
    assert {n: r["status"] for n, r in rows.items()} == {
        "Samordnad schemaläggning i slutenvården": "in_progress", "Översyn av hyrda lokaler": "done",
        "Gemensam inköpsorganisation": "not_started", "Minskat antal konsulter inom IT": "delayed",
        "Uppföljning av övertid": "done"}
    assert all(r["layout"] == "status_column" and r["header_line"] == 5 for r in rows.values())


def test_a_numbered_agenda_is_no_activity_list():
    lines = ("1. Val av justerare", "2. Budget 2032", "   Förslag till beslut: nämnden antar budgeten.",
             "3. Övriga frågor")
    assert listed_activities(lines, {}) == []


def test_status_of_prose_only_item():
    lines = ("1.1  Alfa                 PÅGÅR", "     Text.", "", "1.2  Beta                 KLAR",
             "     Text.", "", "1.3  Gamma", "     Arbetet är försenat.")
    items = listed_activities(lines, {})
    assert [status_of(i)[0] for i in items] == ["in_progress", "done", "delayed"]


@pytest.mark.parametrize("mark, status", [
    ("Delvis genomförd", "in_progress"), ("Uppnått", "done"), ("Ej uppnått", "not_achieved"),
    ("Genomförs", "in_progress")])
def test_more_marks(mark, status):
    assert mark_of(mark).status == status


def test_title_case_marks_at_line_end_and_alone():
    lines = ("1.1  Alfa                 Pågår", "     Text.", "", "1.2  Beta", "     Klar", "",
             "1.3  Gamma", "     Genomförd under våren.")
    items = listed_activities(lines, {})
    assert [status_of(i)[0] for i in items] == ["in_progress", "done", "done"]
    assert items[0].name == "Alfa"
