select
    document_id,
    section_id,
    source_line,
    trim(body) as body,
    meeting_date_text,
    meeting_date,
    meeting_line,
    trim(list_label) as list_label,
    role,
    trim(person_name) as person_name,
    upper(trim(party)) as party,
    trim(role_title) as role_title,
    coalesce(is_vacant, false) as is_vacant,
    raw_text,
    coalesce(trim(presence), 'unknown') as presence,
    trim(parse_issue) as parse_issue
from {{ source('raw', 'governance_attendee') }}
