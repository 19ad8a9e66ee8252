-- One row per meeting: distinct (region, body, date) over meeting calls and protocol
-- excerpt headers. source_line is the printed `Tid:` line of the representative mention.
select
    meeting_id,
    region,
    body,
    meeting_date,
    start_time,
    place,
    document_id,
    source_line,
    section_id,
    meeting_date_text,
    paragraph_from,
    paragraph_to,
    source_kind,
    has_agenda,
    has_protocol,
    mention_count,
    document_count,
    distinct_places > 1 or distinct_start_times > 1 as has_conflicting_header,
    parse_issue
from {{ ref('int_meetings_deduplicated') }}
