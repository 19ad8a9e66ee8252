-- Who voted how where the protocol prints a voting list: one row per vote and person.
with keyed as (
    select
        c.*,
        d.region,
        {{ governance_decision_id('d.region', 'c.body', 'c.meeting_date', 'c.meeting_date_text', 'c.paragraph', 'c.decision_line') }} as decision_id
    from {{ admitted('stg_raw__governance_vote_casts') }} as c
    left join {{ ref('stg_raw__documents') }} as d using (document_id)
)

select
    md5('vote|' || decision_id) as vote_id,
    decision_id,
    person_name,
    party,
    vote,
    document_id,
    source_line,
    section_id
from keyed
qualify row_number() over (partition by decision_id, lower(person_name) order by document_id, source_line) = 1
