-- Every printed vote with the decision_id of its protocol paragraph (the same key as
-- fct_decision: region + body + date + §).
select
    v.*,
    d.region,
    {{ governance_decision_id('d.region', 'v.body', 'v.meeting_date', 'v.meeting_date_text', 'v.paragraph', 'v.decision_line') }} as decision_id
from {{ admitted('stg_raw__governance_votes') }} as v
left join {{ ref('stg_raw__documents') }} as d using (document_id)
