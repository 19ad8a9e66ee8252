-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as financial_line_id,
    cast(null as varchar) as document_id,
    cast(null as varchar) as section_id,
    cast(null as varchar) as region,
    cast(null as varchar) as organisation,
    cast(null as varchar) as statement,
    cast(null as varchar) as table_title,
    cast(null as varchar) as line_item,
    cast(null as varchar) as column_label,
    cast(null as varchar) as measure,
    cast(null as varchar) as period_label,
    cast(null as double) as amount,
    cast(null as varchar) as unit,
    cast(null as double) as amount_sek,
    cast(null as boolean) as is_total,
    cast(null as integer) as source_line
where false
