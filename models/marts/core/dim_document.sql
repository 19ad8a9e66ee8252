with sections as (
    select document_id, count(*) as section_count
    from {{ admitted('stg_raw__sections') }}
    group by document_id
),

-- A quarantined document's facts are left out of every mart (macro admitted); here it
-- keeps its row, with the rules it broke and example rows.
quarantine as (
    select document_id, string_agg(reason, '; ' order by rule, reason) as quarantine_reason
    from {{ ref('stg_raw__quarantine') }}
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
    case when q.document_id is not null then 'quarantined' else d.load_status end as load_status,
    case when q.document_id is not null then q.quarantine_reason else d.load_error end as load_error,
    q.quarantine_reason,
    coalesce(s.section_count, 0) as section_count
from {{ ref('stg_raw__documents') }} as d
left join sections as s using (document_id)
left join quarantine as q using (document_id)
