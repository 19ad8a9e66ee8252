"""End to end on the invented other-template variants (tests/fixtures/templates/): one
real build of calls, protocols and follow-ups in other regions' layouts. Checks what only
the warehouse shows: presence in fct_attendance, votes in fct_vote / fct_vote_cast,
reservations on fct_decision, listed activities in fct_activity_status, and an attendee
list without a meeting kept out of fct_attendance but reported in dq_finding."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest


pytestmark = pytest.mark.e2e
FIX = Path(__file__).parent / "fixtures" / "templates"


def documents(docs: Path) -> list[str]:
    """This file's documents in the shared `variety` build (conftest.VARIETY)."""
    for p in FIX.glob("*.txt"):
        shutil.copy(p, docs / p.name)
    return [p.name for p in FIX.glob("*.txt")]


# the shared build holds other documents too: these tests read the rows of the templates'
TEMPLATES = ("document_id in (select document_id from marts.dim_document where source_file in "
             f"({', '.join(repr(p.name) for p in sorted(FIX.glob('*.txt')))}))")


@pytest.fixture(scope="module")
def con(variety):
    c = variety.connect()
    yield c
    c.close()


def _q(con, sql: str) -> list[tuple]:
    return con.sql(sql).fetchall()


def test_meetings_of_every_template(con):
    got = set(_q(con, f"""select d.source_file, m.body, m.meeting_date from marts.fct_meeting m
                          join marts.dim_document d using (document_id) where m.{TEMPLATES}"""))
    assert got == {("call_inline.txt", "Regionstyrelsen", date(2031, 5, 13)),
                   ("call_two_columns.txt", "Miljönämnden", date(2031, 2, 6)),
                   ("protocol_label_value.txt", "Kulturnämnden", date(2031, 3, 11)),
                   ("protocol_cells.txt", "Tekniska nämnden", date(2031, 9, 17)),
                   ("protocol_page_header.txt", "Fastighetsnämnden", date(2031, 12, 8))}


def test_attendance_with_presence(con):
    rows = dict(((n, r), p) for n, r, p in _q(con, f"""
        select a.person_name, a.role, a.presence from marts.fct_attendance a
        join marts.fct_meeting m using (meeting_id) where m.body = 'Tekniska nämnden' and m.{TEMPLATES}"""))
    assert rows[("Maja Tell", "member")] == "absent"
    assert rows[("Eskil Vang", "substitute")] == "present"
    presence = dict(_q(con, f"""select m.body, string_agg(distinct a.presence, ',') from marts.fct_attendance a
                                join marts.fct_meeting m using (meeting_id) where m.{TEMPLATES} group by 1"""))
    assert presence["Miljönämnden"] == "called" and presence["Kulturnämnden"] == "present"


def test_list_without_meeting_is_a_finding_not_a_row(con):
    assert _q(con, """select count(*) from marts.fct_attendance a join marts.dim_document d using (document_id)
                      where d.source_file = 'orphan_attendees.txt'""") == [(0,)]
    (n,), = _q(con, """select count(*) from marts.dq_finding f join marts.dim_document d using (document_id)
                       where d.source_file = 'orphan_attendees.txt' and f.subject like 'attendance:%'""")
    assert n == 2


def test_votes_and_reservations(con):
    assert _q(con, f"select paragraph, yes_count, no_count, abstain_count from marts.fct_vote where {TEMPLATES}"
              ) == [(41, 5, 2, 0)]
    assert _q(con, "select paragraph, reserved_by from marts.fct_decision "
                   f"where reserved_by is not null and {TEMPLATES}") == [(22, "Malte Rosén (SD)")]


def test_listed_activities_and_case_numbers(con):
    st = dict(_q(con, f"select activity, status from marts.fct_activity_status where {TEMPLATES}"))
    assert st["Utreda gemensam journal med kommunerna"] == "not_achieved"
    assert st["Bygga om entrén vid länssjukhuset"] == "in_progress"
    assert st["Öppna en ny sporthall i Norrby"] == "delayed"
    assert st["Minskat antal konsulter inom IT"] == "delayed"
    cases = dict(_q(con, f"select title, case_number from marts.fct_agenda_item where {TEMPLATES}"))
    assert cases["Evenemangsstöd Cup FS"] == "EX 2031/94"     # FS is a word of the title
    assert cases["Tillsynsplan 2031"] == "31MN0004"
