-- One row per distinct measure across documents.
-- Name, unit and direction are each the value printed most often; a tie goes to the value
-- of the latest period, then to the first value in sort order, so every build keeps the
-- same one whatever order the documents are read in (mode() breaks ties arbitrarily).
with v as (
    select *
    from {{ ref('int_indicator_values_deduplicated') }}
),

{% set described = ['indicator_name', 'unit', 'unit_text', 'direction'] -%}
{% for col in described %}
{{ col }}_counts as (
    select indicator_id, {{ col }} as value, count(*) as printed, max(period_end_date) as latest_period
    from v
    where {{ col }} is not null
    group by indicator_id, {{ col }}
),

{{ col }}_chosen as (
    select indicator_id,
           first(value order by printed desc, latest_period desc nulls last, value) as {{ col }}
    from {{ col }}_counts
    group by indicator_id
),

{% endfor -%}
measures as (
    select
        indicator_id,
        min(indicator_key) as indicator_key,
        count(distinct indicator_name) as name_variants,
        count(*) as value_count,
        count(distinct document_id) as document_count,
        count(distinct organisation) as organisation_count,
        min(period_end_date) as first_period_end_date,
        max(period_end_date) as last_period_end_date
    from v
    group by indicator_id
)

select
    m.indicator_id,
    m.indicator_key,
    {% for col in described %}{{ col }}_chosen.{{ col }},
    {% endfor -%}
    m.name_variants,
    m.value_count,
    m.document_count,
    m.organisation_count,
    m.first_period_end_date,
    m.last_period_end_date
from measures as m
{% for col in described -%}
left join {{ col }}_chosen using (indicator_id)
{% endfor %}
