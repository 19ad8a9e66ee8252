-- Every printed row of a voting list with the decision_id of its protocol paragraph.
select
    c.*,
    d.region,
    {{ governance_decision_id('d.region', 'c.body', 'c.meeting_date', 'c.meeting_date_text', 'c.paragraph', 'c.decision_line') }} as decision_id
from {{ admitted('stg_raw__governance_vote_casts') }} as c
left join {{ ref('stg_raw__documents') }} as d using (document_id)
