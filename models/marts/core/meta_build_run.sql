-- finished_at, rows_per_mart and checks_failed of the current run are stamped by
-- `warehouse build` after the checks pass, just before the file is published.
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
from {{ ref('stg_raw__build_runs') }}
