-- Every printed protocol paragraph with region, meeting_id and decision_id
-- (region + body + date + §). A paragraph printed twice has two rows here, one id.
select
    dec.*,
    d.region,
    {{ governance_meeting_id('d.region', 'dec.body', 'dec.meeting_date', 'dec.meeting_date_text') }} as meeting_id,
    {{ governance_decision_id('d.region', 'dec.body', 'dec.meeting_date', 'dec.meeting_date_text', 'dec.paragraph', 'dec.source_line') }} as decision_id
from {{ admitted('stg_raw__governance_decisions') }} as dec
left join {{ ref('stg_raw__documents') }} as d using (document_id)
