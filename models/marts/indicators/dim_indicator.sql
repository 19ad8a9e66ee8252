-- One row per distinct measure across documents.
with v as (
    select *
    from {{ ref('int_indicator_values_deduplicated') }}
)

select
    indicator_id,
    any_value(indicator_key) as indicator_key,
    mode(indicator_name) as indicator_name,
    mode(unit) as unit,
    mode(unit_text) as unit_text,
    mode(direction) as direction,
    count(distinct indicator_name) as name_variants,
    count(*) as value_count,
    count(distinct document_id) as document_count,
    count(distinct organisation) as organisation_count,
    min(period_end_date) as first_period_end_date,
    max(period_end_date) as last_period_end_date
from v
group by indicator_id
