select
    section_id,
    document_id,
    parent_section_id,
    depth,
    section_kind,
    nullif(trim(title), '') as title,
    nullif(trim(region), '') as region,
    nullif(trim(organisation), '') as organisation,
    nullif(trim(report_period), '') as report_period,
    line_start,
    line_end
from {{ source('raw', 'section') }}
