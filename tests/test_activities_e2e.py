"""The activities marts after a real build of the bundled corpus."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e  # reads or runs a real warehouse build

STATUSES = {"done", "in_progress", "delayed", "not_started", "not_achieved", "unknown"}


def _by_doc(wh, sql: str) -> dict[str, int]:
    return dict(wh.sql(sql).fetchall())


def test_every_document_with_activities_or_goals_has_rows(wh):
    n = _by_doc(wh, """select substr(d.source_file, 1, 3), count(*) from marts.fct_activity_status f
                       join marts.dim_document d using (document_id) group by 1""")
    assert n.get("000", 0) >= 350 and n.get("001", 0) >= 200 and n.get("004", 0) >= 350
    goals = _by_doc(wh, """select substr(d.source_file, 1, 3), count(*) from marts.fct_activity_status f
                           join marts.dim_document d using (document_id) where item_kind = 'goal' group by 1""")
    # the numbered goal tree of 002: 122 numbered headings + the unnumbered body heading
    assert goals == {"002": 123}


def test_statuses_evidence_and_sections(wh):
    rows = wh.sql("""select status, status_evidence, status_sentence, section_id from marts.fct_activity_status""").fetchall()
    assert {r[0] for r in rows} <= STATUSES
    assert all((s == "unknown") == (e is None) for s, e, _, _ in rows)
    assert all(e is None or e.lower() in sent.lower() for _, e, sent, _ in rows)
    orphans = wh.sql("""select count(*) from marts.fct_activity_status f
                        left join marts.dim_section s using (section_id) where s.section_id is null""").fetchall()[0][0]
    assert orphans == 0
    decided = wh.sql("select avg(case when status <> 'unknown' then 1 else 0 end) from marts.fct_activity_status"
                     ).fetchall()[0][0]
    assert decided > 0.45


def test_known_rows_from_the_documents(wh):
    def status_of(activity_like: str, doc: str) -> set[str]:
        return {r[0] for r in wh.sql(
            "select f.status from marts.fct_activity_status f join marts.dim_document d using (document_id) "
            "where f.activity like ? and d.source_file like ?", params=[activity_like, doc + "%"]).fetchall()}
    assert status_of("Museernas pedagogiska verksamhet%", "000") == {"not_started"}
    assert status_of("Inkluderande arbetssätt%", "000") == {"not_started"}
    assert status_of("Presentera och kommunicera nulägesrapporten%", "004") == {"done"}
    assert status_of("Omlokaliserade verksamheter", "002") >= {"not_started", "delayed"}


def test_repeated_chapters_are_one_row_with_their_printings(wh):
    # REGIONAL UTVECKLING is printed twice in document 000 (region report and unit report)
    rows = wh.sql("""select printed_count, printed_in from marts.fct_activity_status f
                     join marts.dim_document d using (document_id)
                     where d.source_file like '000%' and f.activity like 'Upprättande av projektgrupp för framtagande%'
                  """).fetchall()
    assert len(rows) == 1 and rows[0][0] == 2 and " | " in rows[0][1]
    raw = wh.sql("select count(*) from raw.activity_item").fetchall()[0][0]
    facts = wh.sql("select count(*) from marts.fct_activity_status where item_kind = 'activity'").fetchall()[0][0]
    assert facts < raw


def test_goal_hierarchy_rolls_up(wh):
    # every activity's goal exists, and a root goal counts at least the activities of its children
    assert wh.sql("""select count(*) from marts.fct_activity_status f left join marts.dim_goal g using (goal_id)
                     where f.goal_id is not null and g.goal_id is null""").fetchall()[0][0] == 0
    bad = wh.sql("""select count(*) from marts.fct_activity_status_summary p
                    join marts.dim_goal c on c.parent_goal_id = p.goal_id
                    join marts.fct_activity_status_summary cs on cs.goal_id = c.goal_id
                    where cs.item_count > p.item_count""").fetchall()[0][0]
    assert bad == 0
    tree = wh.sql("""select g.goal_number, p.goal_number from marts.dim_goal g
                     left join marts.dim_goal p on g.parent_goal_id = p.goal_id
                     where g.goal_kind = 'numbered_goal' and g.goal_number = '1.1.2.3'""").fetchall()
    assert tree == [("1.1.2.3", "1.1.2")]
    orgs = wh.sql("""select sum(item_count) from marts.fct_activity_status_summary where scope = 'organisation'"""
                  ).fetchall()[0][0]
    assert orgs == wh.sql("select count(*) from marts.fct_activity_status").fetchall()[0][0]
