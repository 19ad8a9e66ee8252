-- Måluppfyllelse count rows, cleaned.
select
    document_id,
    section_id,
    source_line,
    trim(organisation) as organisation,
    trim(row_label) as row_label,
    category,
    period_label,
    period_end_date,
    measure_count,
    trim(share_text) as share_text,
    share_pct
from {{ source('raw', 'indicator_summary') }}
