-- Agenda items with the meeting they belong to. A meeting call that is printed in two
-- documents yields the same items twice: keep the first print.
with keyed as (
    select
        i.*,
        d.region,
        {{ governance_meeting_id('d.region', 'i.body', 'i.meeting_date', 'i.meeting_date_text') }} as meeting_id
    from {{ admitted('stg_raw__governance_agenda_items') }} as i
    left join {{ ref('stg_raw__documents') }} as d using (document_id)
)

select
    md5(meeting_id || '|' || cast(item_number as varchar)) as agenda_item_id,
    *
from keyed
{{ dedupe('meeting_id, item_number', 'document_id, source_line') }}
