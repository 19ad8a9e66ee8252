select
    meeting_id,
    person_name,
    party,
    role,
    presence,
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
-- a list whose meeting could not be read is not loaded; dq_finding reports its rows
where meeting_id is not null
