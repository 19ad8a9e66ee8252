{{ config(materialized='by_document') }}  -- ingest/incremental.py: rows per document
select
    s.section_id,
    s.document_id,
    s.parent_section_id,
    s.depth,
    s.section_kind,
    s.title,
    coalesce(s.region, d.region) as region,
    s.organisation,
    s.report_period,
    s.line_start,
    s.line_end,
    s.line_end - s.line_start + 1 as line_count
from {{ admitted('stg_raw__sections') }} as s
inner join {{ ref('stg_raw__documents') }} as d using (document_id)
