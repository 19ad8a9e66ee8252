select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    register_kind,
    nullif(trim(register_title), '') as register_title,
    register_date,
    nullif(trim(entry_ref), '') as entry_ref,
    nullif(trim(entry_date_text), '') as entry_date_text,
    entry_date,
    nullif(trim(direction), '') as direction,
    nullif(trim(title), '') as title,
    nullif(trim(counterpart), '') as counterpart,
    nullif(trim(case_number_text), '') as case_number_text,
    nullif(trim(case_number), '') as case_number,
    nullif(trim(document_type), '') as document_type,
    nullif(trim(decided_by), '') as decided_by,
    nullif(trim(category), '') as category,
    nullif(trim(parse_issue), '') as parse_issue
from {{ source('raw', 'governance_register_entry') }}
where {{ not_quarantined() }}
