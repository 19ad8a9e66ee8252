-- One row per meeting (region, body, date). The representative mention is the meeting
-- call if there is one (it carries the place), then the one in the most complete document
-- (most printed lines), then the earliest file name: a truncated copy never takes a
-- meeting from the original. Every mention stays counted in mention_count.
with ranked as (
    select
        m.*,
        row_number() over (
            partition by m.meeting_id
            order by case m.source_kind when 'agenda' then 0 else 1 end,
                     d.line_count desc nulls last, d.source_file, m.document_id, m.source_line
        ) as rn
    from {{ ref('int_meeting_mentions_keyed') }} as m
    left join {{ ref('stg_raw__documents') }} as d on d.document_id = m.document_id
),

agg as (
    select
        meeting_id,
        count(*) as mention_count,
        count(distinct document_id) as document_count,
        bool_or(source_kind = 'agenda') as has_agenda,
        bool_or(source_kind = 'protocol') as has_protocol,
        count(distinct start_time) as distinct_start_times,
        count(distinct place) as distinct_places,
        min(paragraph_from) as paragraph_from,
        max(paragraph_to) as paragraph_to,
        min(start_time) as any_start_time,
        min(place) as any_place,
        string_agg(distinct parse_issue, '; ' order by parse_issue) as parse_issue
    from ranked
    group by meeting_id
)

select
    r.meeting_id,
    r.region,
    r.body,
    r.meeting_date,
    r.meeting_date_text,
    coalesce(r.start_time, a.any_start_time) as start_time,
    coalesce(r.place, a.any_place) as place,
    a.paragraph_from,
    a.paragraph_to,
    r.source_kind,
    a.has_agenda,
    a.has_protocol,
    a.mention_count,
    a.document_count,
    a.distinct_start_times,
    a.distinct_places,
    a.parse_issue,
    r.document_id,
    r.section_id,
    r.source_line
from ranked as r
join agg as a using (meeting_id)
where r.rn = 1
