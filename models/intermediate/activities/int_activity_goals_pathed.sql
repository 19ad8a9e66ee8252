-- Goal headings (one row per printing) with their path from the root goal.
-- A goal's identity is its document and the normalised titles on its path, so the
-- same goal printed in two reports (a chapter copied into a unit report) gets one id.
-- The recursive walk carries only keys and titles; the wide columns (narrative text)
-- join back once at the end, so the walk's working set stays small on large corpora.
-- A table, not a view: six models and three tests read it, and as a view each of them ran
-- the recursive walk again (x100: a not_null test on it alone took 48-51 s).
{{ config(materialized='table') }}
with recursive goals as (
    select
        document_id,
        source_line,
        parent_line,
        goal_kind || ':' || coalesce(goal_number || ' ', '')
            || trim(regexp_replace(lower(coalesce(goal_title, '')), '[^a-z0-9åäöéüø]+', ' ', 'g')) as goal_key,
        coalesce(goal_number || ' ', '') || coalesce(goal_title, '') as goal_heading
    from {{ admitted('stg_raw__activity_goals') }}
),
walk as (
    select document_id, source_line, parent_line, 1 as depth,
           [goal_key] as keys, [goal_heading] as titles
    from goals
    where parent_line is null
    union all
    select g.document_id, g.source_line, g.parent_line, w.depth + 1,
           list_append(w.keys, g.goal_key),
           list_append(w.titles, g.goal_heading)
    from goals as g
    inner join walk as w on g.document_id = w.document_id and g.parent_line = w.source_line
),
ided as (
    select
        w.*,
        list_transform(range(1, len(w.keys) + 1),
                       lambda k: md5(w.document_id || '|' || array_to_string(w.keys[1:k], ' > '))) as ancestor_ids
    from walk as w
)
select
    g.*,
    i.depth as goal_depth,
    i.ancestor_ids[len(i.ancestor_ids)] as goal_id,
    case when len(i.ancestor_ids) > 1 then i.ancestor_ids[len(i.ancestor_ids) - 1] end as parent_goal_id,
    i.ancestor_ids[1] as root_goal_id,
    i.ancestor_ids,
    array_to_string(i.titles, ' > ') as goal_path
from {{ admitted('stg_raw__activity_goals') }} as g
inner join ided as i using (document_id, source_line)
