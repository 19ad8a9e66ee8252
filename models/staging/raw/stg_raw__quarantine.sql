-- Documents whose rows broke a blocking rule in this build's first dbt pass (one row per rule).
select
    document_id,
    rule,
    failing_rows,
    reason
from {{ source('raw', 'quarantine') }}
