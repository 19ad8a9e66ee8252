-- Activities deduplicated on meaning: the same activity (normalised name) under the same
-- goal in the same document is one activity, however many reports printed it. The
-- printing kept is the first one whose status is decided (else the first printed);
-- printed_in names every report/chapter that printed it.
with items as (
    select
        i.*,
        g.goal_id,
        g.goal_title,
        g.goal_path,
        s.section_path,
        -- owner prefixes (`VO `) and punctuation do not change what the activity is
        trim(regexp_replace(lower(regexp_replace(coalesce(i.activity, ''), '^([A-ZÅÄÖ]{2,5}\s+)+', '')),
                            '[^a-z0-9åäöéü]+', ' ', 'g')) as activity_key
    from {{ admitted('stg_raw__activity_items') }} as i
    left join {{ ref('int_activity_goals_pathed') }} as g
        on i.document_id = g.document_id and i.goal_line = g.source_line
    left join {{ ref('int_activities_section_paths') }} as s on i.section_id = s.section_id
),
keyed as (
    select
        *,
        md5('activity|' || document_id || '|' || coalesce(goal_id, '-') || '|'
            || case when activity_key = '' then 'line ' || source_line else activity_key end) as activity_status_id
    from items
),
ranked as (
    select
        *,
        row_number() over (partition by activity_status_id
                           order by (status = 'unknown'), source_line) as printing_rank,
        count(*) over (partition by activity_status_id) as printed_count,
        count(distinct status) over (partition by activity_status_id) as status_variants
    from keyed
),
printings as (
    select
        activity_status_id,
        string_agg(distinct section_path, ' | ' order by section_path) as printed_in,
        string_agg(cast(source_line as varchar), ', ' order by source_line) as printed_lines
    from keyed
    group by activity_status_id
)
select r.* exclude (printing_rank), p.printed_in, p.printed_lines
from ranked as r
inner join printings as p using (activity_status_id)
where r.printing_rank = 1
