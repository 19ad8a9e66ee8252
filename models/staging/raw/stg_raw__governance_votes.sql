select
    document_id,
    section_id,
    source_line,
    decision_line,
    trim(body) as body,
    meeting_date_text,
    meeting_date,
    paragraph,
    yes_count,
    no_count,
    abstain_count,
    trim(vote_text) as vote_text
from {{ source('raw', 'governance_vote') }}
