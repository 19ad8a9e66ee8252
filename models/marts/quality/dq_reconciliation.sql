-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as check_id,
    cast(null as varchar) as document_id,
    cast(null as varchar) as section_id,
    cast(null as varchar) as check_kind,
    cast(null as varchar) as subject,
    cast(null as double) as stated_value,
    cast(null as double) as computed_value,
    cast(null as double) as difference,
    cast(null as double) as tolerance,
    cast(null as varchar) as status,
    cast(null as integer) as source_line
where false
