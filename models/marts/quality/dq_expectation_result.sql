-- Filled by `warehouse build` after dbt: the Great Expectations suites run on the built
-- tables (as dataframes; GX has no DuckDB SQL path here) and their outcomes are inserted
-- here before the file is published. dbt only fixes the table's shape and descriptions.
select
    cast(null as varchar) as run_id,
    cast(null as varchar) as build_run_id,
    cast(null as varchar) as suite,
    cast(null as varchar) as table_name,
    cast(null as varchar) as expectation,
    cast(null as boolean) as success,
    cast(null as varchar) as observed,
    cast(null as boolean) as blocking,
    cast(null as varchar) as column_name,
    cast(null as varchar) as details
where false
