-- Attendee-list rows with the meeting of the call they are printed under. One person may
-- be listed in several roles (member and regional councillor): one row per role.
with keyed as (
    select
        a.*,
        d.region,
        case when a.body is not null or a.meeting_date_text is not null then
            {{ governance_meeting_id('d.region', 'a.body', 'a.meeting_date', 'a.meeting_date_text') }}
        end as meeting_id
    from {{ admitted('stg_raw__governance_attendees') }} as a
    left join {{ ref('stg_raw__documents') }} as d using (document_id)
)

select
    {{ surrogate_key(['coalesce(meeting_id, document_id)', "coalesce(role, 'unknown')",
                      "coalesce(lower(person_name), 'line:' || cast(source_line as varchar))"]) }} as attendance_id,
    *
from keyed
{{ dedupe("coalesce(meeting_id, document_id), role, coalesce(lower(person_name), 'line:' || cast(source_line as varchar))",
          'document_id, source_line') }}
