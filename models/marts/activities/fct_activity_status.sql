-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as activity_status_id,
    cast(null as varchar) as document_id,
    cast(null as varchar) as section_id,
    cast(null as varchar) as region,
    cast(null as varchar) as organisation,
    cast(null as varchar) as goal,
    cast(null as varchar) as activity,
    cast(null as varchar) as status,
    cast(null as varchar) as status_evidence,
    cast(null as varchar) as report_period,
    cast(null as integer) as source_line
where false
