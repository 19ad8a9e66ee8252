select
    document_id,
    section_id,
    source_line,
    decision_line,
    trim(case_number) as case_number,
    reference_kind
from {{ source('raw', 'governance_case_reference') }}
where case_number is not null  -- a reference without a case number names nothing
