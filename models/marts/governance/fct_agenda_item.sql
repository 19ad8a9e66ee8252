-- Placeholder until this domain's extractor lands: the table exists with the
-- contract's columns and types, and holds no rows.
select
    cast(null as varchar) as agenda_item_id,
    cast(null as varchar) as meeting_id,
    cast(null as integer) as item_number,
    cast(null as varchar) as title,
    cast(null as varchar) as case_number,
    cast(null as integer) as source_line
where false
