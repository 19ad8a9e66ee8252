-- One row per goal (deduplicated on its path), with its parent and root so activities
-- can be rolled up goal -> sub-goal -> activity. The printing kept is the goal's first
-- line (a goal id includes its document, so its printings share one document).
-- Memory: the grouping runs over keys only and the wide columns (narrative text) join
-- back for the kept printing, so a 100-fold corpus stays inside DuckDB's memory limit.
with printings as materialized (
    select goal_id, document_id, source_line, section_id
    from {{ ref('int_activity_goals_pathed') }}
),
kept as (
    select goal_id, min(document_id) as document_id, min(source_line) as source_line,
           count(*) as printed_count
    from printings
    group by goal_id
),
printed_in as (
    -- distinct pairs first (a spilling hash aggregate), then one sorted list per goal:
    -- an ordered distinct string_agg keeps a sort state per goal and does not spill
    select goal_id, array_to_string(list_sort(list(section_path)), ' | ') as printed_in
    from (
        select distinct p.goal_id, s.section_path
        from printings as p
        inner join {{ ref('int_activities_section_paths') }} as s on p.section_id = s.section_id
        where s.section_path is not null
    ) as pairs
    group by goal_id
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
    k.printed_count,
    i.printed_in,
    p.source_line
from kept as k
inner join {{ ref('int_activity_goals_pathed') }} as p
    on p.goal_id = k.goal_id and p.document_id = k.document_id and p.source_line = k.source_line
left join printed_in as i on i.goal_id = k.goal_id
left join {{ ref('dim_section') }} as sec on p.section_id = sec.section_id
