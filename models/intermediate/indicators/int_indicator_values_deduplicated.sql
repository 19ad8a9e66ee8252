-- Gives every value its id and indicator, and marks repeats: the same measure, organisation, period,
-- target and result printed again in the same document (a chapter reprinted in a unit's
-- own report) keeps its row but points at the first printing.
with v as (
    select
        *,
        {{ surrogate_key(['document_id', 'section_id', 'cast(source_line as varchar)', "coalesce(period_label, '')"],
                         prefix='iv_', length=20) }} as indicator_value_id
    from {{ admitted('stg_raw__indicator_value') }}
    inner join {{ ref('int_indicator_names_matched') }} using (name_key)
),

ranked as (
    select
        *,
        first_value(indicator_value_id) over (
            partition by document_id, coalesce(organisation, ''), indicator_key, coalesce(cast(period_end_date as varchar), ''),
                         coalesce(target_text, ''), coalesce(result_text, '')
            order by source_line, indicator_value_id  -- two values on one line: the id breaks the tie
        ) as first_value_id
    from v
)

select
    * exclude (first_value_id),
    first_value_id <> indicator_value_id as is_duplicate,
    case when first_value_id <> indicator_value_id then first_value_id end as duplicate_of
from ranked
