select
    case_number,
    event_date,
    body,
    paragraph,
    event_kind,
    document_id,
    source_line,
    case_event_id,
    event_evidence,
    event_source,
    reference_kind,
    title,
    meeting_id,
    decision_id,
    region,
    section_id
from {{ ref('int_case_events_unioned') }}
