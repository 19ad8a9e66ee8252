select
    meeting_id,
    person_name,
    party,
    role,
    source_line,
    attendance_id,
    role_title,
    list_label,
    is_vacant,
    raw_text,
    document_id,
    section_id,
    region,
    body,
    meeting_date,
    parse_issue
from {{ ref('int_attendance_keyed') }}
