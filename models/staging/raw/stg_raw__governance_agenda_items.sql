select
    document_id,
    section_id,
    source_line,
    trim(body) as body,
    meeting_date_text,
    meeting_date,
    meeting_line,
    item_number,
    trim(title) as title,
    trim(group_heading) as group_heading,
    trim(case_number_text) as case_number_text,
    trim(case_number) as case_number,
    case_line,
    trim(parse_issue) as parse_issue
from {{ source('raw', 'governance_agenda_item') }}
