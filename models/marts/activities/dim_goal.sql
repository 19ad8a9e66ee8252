-- One row per goal (deduplicated on its path), with its parent and root so activities
-- can be rolled up goal -> sub-goal -> activity.
with printings as (
    select
        *,
        row_number() over (partition by goal_id order by source_line) as printing_rank,
        count(*) over (partition by goal_id) as printed_count
    from {{ ref('int_activity_goals_pathed') }}
),
printed_in as (
    select p.goal_id,
           string_agg(distinct s.section_path, ' | ' order by s.section_path) as printed_in
    from {{ ref('int_activity_goals_pathed') }} as p
    left join {{ ref('int_activities_section_paths') }} as s on p.section_id = s.section_id
    group by p.goal_id
)
select
    p.goal_id,
    p.parent_goal_id,
    p.root_goal_id,
    p.document_id,
    p.section_id,
    sec.region,
    p.organisation,
    p.goal_kind,
    p.goal_label,
    p.goal_level,
    p.goal_depth,
    p.goal_number,
    p.goal_title,
    p.goal_path,
    p.perspective,
    p.report_period,
    p.narrative,
    p.status,
    p.status_evidence,
    p.hedged,
    p.printed_count,
    i.printed_in,
    p.source_line
from printings as p
left join printed_in as i using (goal_id)
left join {{ ref('dim_section') }} as sec on p.section_id = sec.section_id
where p.printing_rank = 1
