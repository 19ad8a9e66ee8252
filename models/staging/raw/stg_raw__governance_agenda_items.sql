select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    nullif(trim(body), '') as body,
    meeting_date_text,
    meeting_date,
    cast(meeting_line as integer) as meeting_line,
    cast(item_number as integer) as item_number,
    nullif(trim(title), '') as title,
    nullif(trim(group_heading), '') as group_heading,
    nullif(trim(case_number_text), '') as case_number_text,
    nullif(trim(case_number), '') as case_number,
    cast(case_line as integer) as case_line,
    nullif(trim(parse_issue), '') as parse_issue
from {{ source('raw', 'governance_agenda_item') }}
