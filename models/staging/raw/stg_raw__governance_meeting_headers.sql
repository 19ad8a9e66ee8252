select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    source_kind,
    nullif(trim(body), '') as body,
    cast(body_line as integer) as body_line,
    meeting_date_text,
    meeting_date,
    nullif(trim(start_time), '') as start_time,
    nullif(trim(place), '') as place,
    nullif(trim(paragraph_range_text), '') as paragraph_range_text,
    cast(paragraph_from as integer) as paragraph_from,
    cast(paragraph_to as integer) as paragraph_to,
    nullif(trim(parse_issue), '') as parse_issue
from {{ source('raw', 'governance_meeting_header') }}
