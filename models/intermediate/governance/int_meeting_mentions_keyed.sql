-- Every printed meeting header (agenda or protocol excerpt) with its region and the
-- deterministic meeting_id: region + body + date. Several excerpts of one meeting share it.
select
    h.*,
    d.region,
    {{ governance_meeting_id('d.region', 'h.body', 'h.meeting_date', 'h.meeting_date_text') }} as meeting_id
from {{ admitted('stg_raw__governance_meeting_headers') }} as h
left join {{ ref('stg_raw__documents') }} as d using (document_id)
