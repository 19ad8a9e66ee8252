select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    cast(decision_line as integer) as decision_line,
    nullif(trim(body), '') as body,
    meeting_date_text,
    meeting_date,
    cast(paragraph as integer) as paragraph,
    cast(yes_count as integer) as yes_count,
    cast(no_count as integer) as no_count,
    cast(abstain_count as integer) as abstain_count,
    nullif(trim(vote_text), '') as vote_text
from {{ source('raw', 'governance_vote') }}
