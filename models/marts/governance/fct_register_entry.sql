select
    {{ surrogate_key(['e.document_id', 'cast(e.source_line as varchar)', "coalesce(e.title, '')"]) }} as register_entry_id,
    e.register_kind,
    e.entry_ref,
    e.entry_date,
    e.entry_date_text,
    e.direction,
    e.title,
    e.counterpart,
    e.case_number,
    e.case_number_text,
    e.document_type,
    e.decided_by,
    e.category,
    e.register_title,
    e.register_date,
    d.region,
    e.document_id,
    e.section_id,
    e.source_line,
    e.parse_issue
from {{ admitted('stg_raw__governance_register_entries') }} as e
left join {{ ref('stg_raw__documents') }} as d using (document_id)
