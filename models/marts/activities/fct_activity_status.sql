-- One row per activity (deduplicated on meaning) and per numbered goal, with the status
-- its prose states and the phrase that decided it.
with activities as (
    select
        a.activity_status_id,
        'activity' as item_kind,
        a.document_id,
        a.section_id,
        a.organisation,
        a.goal_id,
        a.goal_title as goal,
        a.goal_path,
        a.activity,
        cast(null as varchar) as goal_number,
        a.analysis,
        a.perspective,
        a.status,
        a.status_evidence,
        a.status_evidence_line,
        a.status_sentence,
        a.status_source,
        a.hedged,
        a.negated_phrases,
        a.report_period,
        a.layout,
        a.name_glued,
        a.printed_count,
        a.printed_in,
        a.printed_lines,
        a.status_variants,
        a.source_line
    from {{ ref('int_activity_items_deduplicated') }} as a
),
goals as (
    select
        md5('goal|' || g.goal_id) as activity_status_id,
        'goal' as item_kind,
        g.document_id,
        g.section_id,
        g.organisation,
        g.parent_goal_id as goal_id,
        parent.goal_title as goal,
        g.goal_path,
        g.goal_title as activity,
        g.goal_number,
        g.narrative as analysis,
        g.perspective,
        g.status,
        g.status_evidence,
        g.status_evidence_line,
        g.status_sentence,
        g.status_source,
        g.hedged,
        g.negated_phrases,
        g.report_period,
        'numbered' as layout,
        false as name_glued,
        count(*) over (partition by g.goal_id) as printed_count,
        cast(null as varchar) as printed_in,
        cast(g.source_line as varchar) as printed_lines,
        1 as status_variants,
        g.source_line
    from {{ ref('int_activity_goals_pathed') }} as g
    left join {{ ref('int_activity_goals_pathed') }} as parent
        on g.document_id = parent.document_id and g.parent_line = parent.source_line
    where g.goal_kind = 'numbered_goal'
    {{ dedupe('g.goal_id', 'g.source_line') }}
)
select
    u.activity_status_id,
    u.document_id,
    u.section_id,
    coalesce(s.region, d.region) as region,
    u.organisation,
    u.goal,
    u.activity,
    u.status,
    u.status_evidence,
    u.report_period,
    u.source_line,
    u.item_kind,
    u.goal_id,
    u.goal_path,
    u.goal_number,
    u.perspective,
    u.analysis,
    u.status_evidence_line,
    u.status_sentence,
    u.status_source,
    u.hedged,
    u.negated_phrases,
    u.layout,
    u.name_glued,
    u.printed_count,
    u.printed_in,
    u.printed_lines,
    u.status_variants
from (select * from activities union all by name select * from goals) as u
left join {{ ref('dim_section') }} as s on u.section_id = s.section_id
left join {{ ref('dim_document') }} as d on u.document_id = d.document_id
