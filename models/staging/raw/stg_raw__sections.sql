select
    section_id,
    document_id,
    parent_section_id,
    depth,
    section_kind,
    trim(title) as title,
    trim(region) as region,
    trim(organisation) as organisation,
    trim(report_period) as report_period,
    line_start,
    line_end
from {{ source('raw', 'section') }}
