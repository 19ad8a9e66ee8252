-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as indicator_id,
    cast(null as varchar) as indicator_name,
    cast(null as varchar) as unit
where false
