"""End to end: the build yields every meeting, agenda item, § and attendee the
inventories list for the five bundled documents (the documents' inventories)."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.document import SectionIndex
from ingest.extract import governance
from ingest.segment import segment

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build


def _count(wh, table: str) -> dict[str, int]:
    rows = wh.sql(f"""
        select left(d.source_file, 3), count(t.document_id)
        from marts.dim_document d left join marts.{table} t using (document_id)
        group by 1 order by 1""").fetchall()
    return dict(rows)


def test_meetings_per_document(wh):
    rows = wh.sql("""
        select left(d.source_file, 3), m.body, m.meeting_date, m.start_time, m.place
        from marts.fct_meeting m join marts.dim_document d using (document_id)""").fetchall()
    per_doc: dict[str, int] = {}
    for doc, *_ in rows:
        per_doc[doc] = per_doc.get(doc, 0) + 1
    assert per_doc == {"000": 2, "001": 5, "004": 10}
    got = {(b, d) for _, b, d, _, _ in rows}
    assert ("Regionstyrelsens arbetsutskott", date(2021, 3, 2)) in got
    assert ("Regionfullmäktiges presidium", date(2020, 3, 23)) in got
    assert ("Kulturutskott - Nämnd för arbetsmarknad, näringsliv och attraktivitet", date(2022, 9, 29)) in got
    assert ("Presidium - Nämnd för folkhälsa och sjukvård", date(2022, 4, 20)) in got
    call = [r for r in rows if r[0] == "004" and r[2] == date(2022, 10, 12)]
    assert call == [("004", "Nämnd för arbetsmarknad, näringsliv och attraktivitet", date(2022, 10, 12),
                     "10:00", "Regionens hus, sal A")]


def test_meeting_in_many_excerpts_is_one_row(wh):
    (n, mentions, lo, hi), = wh.sql("""
        select count(*), max(mention_count), min(paragraph_from), max(paragraph_to) from marts.fct_meeting
        where body = 'Regionstyrelsens arbetsutskott' and meeting_date = date '2021-03-02'""").fetchall()
    assert (n, mentions, lo, hi) == (1, 8, 18, 41)


def test_unfilled_paragraph_range_is_a_finding_not_a_loss(wh):
    (pfrom, issue), = wh.sql("""
        select paragraph_from, parse_issue from marts.fct_meeting
        where body = 'Regionfullmäktiges presidium' and meeting_date = date '2020-03-23'""").fetchall()
    assert pfrom is None and "Paragrafer" in issue
    (para, in_range), = wh.sql("""
        select paragraph, paragraph_in_range from marts.fct_decision
        where body = 'Regionfullmäktiges presidium' and meeting_date = date '2020-03-23'""").fetchall()
    assert para == 12 and in_range is None


def test_agenda_items(wh):
    assert {k: v for k, v in _count(wh, "fct_agenda_item").items() if v} == {"000": 17, "004": 25}
    cases = wh.sql("""
        select left(d.source_file, 3), item_number, case_number from marts.fct_agenda_item
        join marts.dim_document d using (document_id) where case_number is not null order by 1, 2""").fetchall()
    assert [(i, c) for doc, i, c in cases if doc == "000"] == [
        (4, "RJL 2021/18"), (5, "RJL 2021/15"), (12, "RJL 2021/134"), (13, "RJL 2021/136"),
        (14, "RJL 2021/136"), (15, "RJL 2021/832"), (16, "RJL 2021/1358")]
    assert [i for doc, i, _ in cases if doc == "004"] == [4, 5, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]
    titles = dict(wh.sql("""select item_number, title from marts.fct_agenda_item a
        join marts.fct_meeting m using (meeting_id) where m.meeting_date = date '2022-10-12'""").fetchall())
    assert titles[9] == "RSS - Strategi för audiovisuell produktion i sydsverige"
    assert titles[18] == "Projekt - Internationell acceleration Jönköpings län och Gotland"
    assert titles[12] == "Internkontroll 1 - Delårsrapport 2 -2022"


def test_decisions_every_paragraph(wh):
    rows = wh.sql("""
        select left(d.source_file, 3), paragraph from marts.fct_decision
        join marts.dim_document d using (document_id)""").fetchall()
    paras = {doc: sorted(p for dd, p in rows if dd == doc) for doc in {r[0] for r in rows}}
    assert paras["000"] == [139, 140]
    assert paras["001"] == sorted([41, 123, 12, 36, 28, 27, 29, 34, 35, 37, 36, 228])
    assert paras["004"] == sorted([124, 138, 128, 100, 91, 69, 36, 30, 23, 129, 18, 130, 131, 132, 133,
                                   134, 135, 136, 120, 137])
    # § 36 of two different meetings are two decisions
    assert wh.sql("select count(distinct decision_id) from marts.fct_decision d join marts.dim_document "
                  "using (document_id) where paragraph = 36 and source_file like '001%'").fetchone()[0] == 2
    (case, date_, title, lead), = wh.sql("""select case_number, meeting_date, title, decision_lead
        from marts.fct_decision where paragraph = 228""").fetchall()
    assert (case, date_, title, lead) == ("RJL 2020/2313", date(2020, 11, 24), "Medverkan vid Almedalsveckan 2021",
                                          "Regionstyrelsen")
    assert wh.sql("select count(*) from marts.fct_decision where paragraph_in_range = false").fetchone()[0] == 0


def test_attendance(wh):
    rows = wh.sql("""
        select left(d.source_file, 3), role, count(*) from marts.fct_attendance
        join marts.dim_document d using (document_id) group by all""").fetchall()
    roles = {(doc, role): n for doc, role, n in rows}
    for doc in ("000", "004"):
        assert roles[(doc, "member")] == 15 and roles[(doc, "substitute")] == 15
        assert roles[(doc, "official")] == 5 and roles[(doc, "staff_representative")] == 2
        assert roles[(doc, "regional_councillor")] == 11
    chair = wh.sql("""select party, role_title from marts.fct_attendance a join marts.fct_meeting m
        using (meeting_id) where m.meeting_date = date '2022-10-12' and a.role = 'member'
        and a.role_title = 'ordf.'""").fetchall()
    assert chair == [("C", "ordf.")]
    vacant = wh.sql("select person_name, party, role from marts.fct_attendance where is_vacant").fetchall()
    assert vacant == [(None, "V", "substitute")]
    assert wh.sql("select count(*) from marts.fct_attendance where person_name like '% ' "
                  "or person_name like '%(%' or person_name like '%  %'").fetchone()[0] == 0


def test_case_history_of_a_motion(wh):
    rows = wh.sql("""select event_date, body, paragraph, event_kind from marts.fct_case_event
        where case_number = 'RJL 2020/545' order by event_date""").fetchall()
    assert rows == [
        (date(2020, 3, 23), "Regionfullmäktiges presidium", 12, "referred"),
        (date(2020, 4, 7), "Regionfullmäktige", 36, "reported"),
        (date(2020, 5, 26), "Regionstyrelsens arbetsutskott", 123, "prepared"),
        (date(2021, 3, 2), "Regionstyrelsens arbetsutskott", 41, "prepared"),
    ]
    kinds = [k for (k,) in wh.sql("""select event_kind from marts.fct_case_event
        where case_number = 'RJL 2021/1342' and event_source = 'decision' order by event_date""").fetchall()]
    assert kinds == ["referred", "reported", "prepared", "prepared", "prepared", "referred", "prepared"]
    # register steps: an incoming remiss is 'received', a delegation decision 'decided'
    assert wh.sql("""select event_kind from marts.fct_case_event where case_number = 'RJL 2022/2018'
        and event_source = 'register'""").fetchall() == [("received",)]
    assert wh.sql("""select event_kind, event_date from marts.fct_case_event where case_number = 'RJL 2021/1730'
        """).fetchall() == [("decided", date(2021, 9, 7))]


def test_register_entries(wh):
    assert {k: v for k, v in _count(wh, "fct_register_entry").items() if v} == {"000": 18, "004": 18}
    kinds = dict(wh.sql("""select register_kind || ':' || left(d.source_file, 3), count(*)
        from marts.fct_register_entry join marts.dim_document d using (document_id) group by 1""").fetchall())
    assert kinds["diarium:000"] == 9 and kinds["diarium:004"] == 6
    assert kinds["delegation_decision:000"] == 3 and kinds["delegation_decision:004"] == 6


def test_extractor_on_other_documents_yields_nothing_false(bundled):
    # the Jämtland documents hold no meeting calls or protocol excerpts
    for key in ("002", "003"):
        doc = bundled[key]
        out = governance.extract(doc, SectionIndex(segment(doc)))
        assert not out["governance_decision"] and not out["governance_agenda_item"]
        assert all(r["source_line"] >= 1 for rows in out.values() for r in rows)
