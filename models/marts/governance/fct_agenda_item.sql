select
    agenda_item_id,
    meeting_id,
    item_number,
    title,
    case_number,
    source_line,
    document_id,
    section_id,
    region,
    body,
    meeting_date,
    group_heading,
    case_number_text,
    case_line,
    parse_issue
from {{ ref('int_agenda_items_keyed') }}
