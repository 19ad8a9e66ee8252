-- One row per vote on a protocol paragraph: the decision it belongs to (the same key as
-- fct_decision: region + body + date + §) and the printed counts. A paragraph printed in
-- several documents keeps its first print.
with keyed as (
    select
        v.*,
        d.region,
        {{ governance_decision_id('d.region', 'v.body', 'v.meeting_date', 'v.meeting_date_text', 'v.paragraph', 'v.decision_line') }} as decision_id
    from {{ admitted('stg_raw__governance_votes') }} as v
    left join {{ ref('stg_raw__documents') }} as d using (document_id)
)

select
    md5('vote|' || decision_id) as vote_id,
    decision_id,
    body,
    meeting_date,
    paragraph,
    yes_count,
    no_count,
    abstain_count,
    document_id,
    source_line,
    section_id,
    region,
    vote_text
from keyed
qualify row_number() over (partition by decision_id order by document_id, source_line) = 1
