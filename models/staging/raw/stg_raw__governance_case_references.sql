select
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    cast(decision_line as integer) as decision_line,
    trim(case_number) as case_number,
    reference_kind
from {{ source('raw', 'governance_case_reference') }}
where nullif(trim(case_number), '') is not null
