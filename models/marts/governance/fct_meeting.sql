-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as meeting_id,
    cast(null as varchar) as region,
    cast(null as varchar) as body,
    cast(null as date) as meeting_date,
    cast(null as varchar) as start_time,
    cast(null as varchar) as place,
    cast(null as varchar) as document_id,
    cast(null as integer) as source_line
where false
