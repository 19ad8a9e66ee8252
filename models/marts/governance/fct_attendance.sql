-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as meeting_id,
    cast(null as varchar) as person_name,
    cast(null as varchar) as party,
    cast(null as varchar) as role,
    cast(null as integer) as source_line
where false
