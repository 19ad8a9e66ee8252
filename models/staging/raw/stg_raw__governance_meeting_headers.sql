select
    document_id,
    section_id,
    source_line,
    source_kind,
    trim(body) as body,
    body_line,
    meeting_date_text,
    meeting_date,
    trim(start_time) as start_time,
    trim(place) as place,
    trim(paragraph_range_text) as paragraph_range_text,
    paragraph_from,
    paragraph_to,
    trim(parse_issue) as parse_issue
from {{ source('raw', 'governance_meeting_header') }}
