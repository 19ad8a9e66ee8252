select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    cast(decision_line as integer) as decision_line,
    nullif(trim(body), '') as body,
    meeting_date_text,
    meeting_date,
    cast(paragraph as integer) as paragraph,
    nullif(trim(person_name), '') as person_name,
    nullif(upper(trim(party)), '') as party,
    vote
from {{ source('raw', 'governance_vote_cast') }}
