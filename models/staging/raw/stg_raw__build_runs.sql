select
    run_id,
    started_at,
    finished_at,
    status,
    documents_loaded,
    documents_failed,
    rows_per_mart,
    checks_failed,
    duckdb_version,
    dbt_version,
    project_version
from {{ source('raw', 'build_run') }}
