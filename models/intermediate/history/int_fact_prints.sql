-- Every printed indicator result and money amount with what it is about (the restatement
-- key: region, organisation, measure or line item, period) and its document's place in
-- time, and whether a later document prints the same key with another value.
with documents as (
    select document_id, source_file, document_date,
           row_number() over (order by document_date nulls first, source_file, document_id) as document_order
    from {{ ref('stg_raw__documents') }}
),

sections as (
    select section_id, region, organisation from {{ admitted('stg_raw__sections') }}
),

indicator_prints as (
    select
        'indicator' as fact_kind,
        v.indicator_value_id as fact_id,
        v.document_id,
        v.source_line,
        s.region,
        coalesce(v.organisation, s.organisation) as organisation,
        v.indicator_key as subject_key,
        v.indicator_name as subject,
        cast(null as varchar) as measure,
        coalesce(v.period_label, cast(v.period_end_date as varchar)) as period_label,
        v.result_value as value,
        v.unit
    from {{ ref('int_indicator_values_deduplicated') }} as v
    left join sections as s using (section_id)
    where v.result_value is not null and coalesce(v.period_label, cast(v.period_end_date as varchar)) is not null
),

financial_prints as (
    select
        'financial' as fact_kind,
        f.financial_line_id as fact_id,
        f.document_id,
        f.source_line,
        f.region,
        f.organisation,
        lower(concat_ws(' | ', f.statement, f.line_item)) as subject_key,
        f.line_item as subject,
        f.measure,
        f.period_label,
        coalesce(f.amount_sek, f.amount) as value,
        f.unit
    from {{ ref('int_financial_lines_normalised') }} as f
    where f.amount is not null and f.period_label is not null and f.line_item is not null
),

keyed as (
    select p.*, d.document_order, d.document_date,
           md5(concat_ws('|', p.fact_kind, coalesce(p.region, ''), coalesce(p.organisation, ''), p.subject_key,
                         coalesce(p.measure, ''), p.period_label)) as restatement_key
    from (select * from indicator_prints union all select * from financial_prints) as p
    join documents as d using (document_id)
),

prints as (
    -- A key that one document prints with several values (the same line item in several
    -- units' tables without an organisation) does not identify a figure: no revision is
    -- read from it.
    select *,
           max(values_in_document) over (partition by restatement_key) = 1 as key_identifies_figure
    from (select *, count(distinct value) over (partition by restatement_key, document_id) as values_in_document
          from keyed)
)

select
    p.* exclude (values_in_document),
    -- false when a later document prints the same (identifying) key with another value
    not (p.key_identifies_figure and exists (
        select 1 from prints as l
        where l.restatement_key = p.restatement_key and l.document_order > p.document_order
          and l.value is distinct from p.value
    )) as is_latest
from prints as p
