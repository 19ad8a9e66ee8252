select
    document_id,
    section_id,
    source_line,
    decision_line,
    trim(body) as body,
    meeting_date_text,
    meeting_date,
    paragraph,
    trim(person_name) as person_name,
    upper(trim(party)) as party,
    vote
from {{ source('raw', 'governance_vote_cast') }}
