with sections as (
    select document_id, count(*) as section_count
    from {{ ref('stg_raw__sections') }}
    group by document_id
)

select
    d.document_id,
    d.source_file,
    d.sha256,
    d.size_bytes,
    d.line_count,
    d.region,
    d.title,
    d.document_date,
    d.genre,
    d.encoding,
    d.load_status,
    d.load_error,
    coalesce(s.section_count, 0) as section_count
from {{ ref('stg_raw__documents') }} as d
left join sections as s using (document_id)
