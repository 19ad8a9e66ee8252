-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as indicator_value_id,
    cast(null as varchar) as indicator_id,
    cast(null as varchar) as document_id,
    cast(null as varchar) as section_id,
    cast(null as varchar) as region,
    cast(null as varchar) as organisation,
    cast(null as varchar) as indicator_name,
    cast(null as varchar) as period_label,
    cast(null as date) as period_end_date,
    cast(null as double) as target_value,
    cast(null as varchar) as target_text,
    cast(null as double) as result_value,
    cast(null as varchar) as result_text,
    cast(null as varchar) as unit,
    cast(null as varchar) as status,
    cast(null as integer) as source_line
where false
