-- Activities deduplicated on meaning: the same activity (normalised name) under the same
-- goal in the same document is one activity, however many reports printed it. The
-- printing kept is the first one whose status is decided (else the first printed);
-- printed_in names every report/chapter that printed it.
-- Memory: the choice and the counts are aggregates over keys; the kept printing's wide
-- columns (analysis text) join back, so no window or sort carries the text.
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
printings as (
    -- an id includes its document, so the kept printing is one line of that document
    select
        activity_status_id,
        arg_min(source_line, (case when status = 'unknown' then 1 when status is null then 2 else 0 end,
                              source_line)) as kept_line,
        count(*) as printed_count,
        count(distinct status) as status_variants,
        array_to_string(list_sort(list(distinct section_path) filter (where section_path is not null)), ' | ') as printed_in,
        array_to_string(list_transform(list_sort(list(source_line)), x -> cast(x as varchar)), ', ') as printed_lines
    from keyed
    group by activity_status_id
)
select k.*, p.printed_count, p.status_variants, p.printed_in, p.printed_lines
from keyed as k
inner join printings as p
    on p.activity_status_id = k.activity_status_id and p.kept_line = k.source_line
