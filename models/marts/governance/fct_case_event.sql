-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as case_number,
    cast(null as date) as event_date,
    cast(null as varchar) as body,
    cast(null as integer) as paragraph,
    cast(null as varchar) as event_kind,
    cast(null as varchar) as document_id,
    cast(null as integer) as source_line
where false
