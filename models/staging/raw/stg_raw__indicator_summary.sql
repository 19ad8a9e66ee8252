-- Måluppfyllelse count rows, cleaned.
select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    nullif(trim(organisation), '') as organisation,
    trim(row_label) as row_label,
    category,
    period_label,
    cast(period_end_date as date) as period_end_date,
    cast(measure_count as integer) as measure_count,
    nullif(trim(share_text), '') as share_text,
    cast(share_pct as double) as share_pct
from {{ source('raw', 'indicator_summary') }}
