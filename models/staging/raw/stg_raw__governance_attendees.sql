select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    nullif(trim(body), '') as body,
    meeting_date_text,
    meeting_date,
    cast(meeting_line as integer) as meeting_line,
    nullif(trim(list_label), '') as list_label,
    role,
    nullif(trim(person_name), '') as person_name,
    nullif(upper(trim(party)), '') as party,
    nullif(trim(role_title), '') as role_title,
    coalesce(is_vacant, false) as is_vacant,
    raw_text,
    coalesce(nullif(trim(presence), ''), 'unknown') as presence,
    nullif(trim(parse_issue), '') as parse_issue
from {{ source('raw', 'governance_attendee') }}
