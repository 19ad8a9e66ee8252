-- A figure printed again in a later document with another value: one row per pair of
-- consecutive documents (in document date order) that print the same key differently.
with per_document as (
    -- one print per key, document and value (a chapter reprinted inside one document counts once)
    -- each attribute from the first print by line (then fact id), the same print every build
    select restatement_key, document_id, document_order, value,
           arg_min(fact_kind, (source_line, fact_id)) as fact_kind,
           arg_min(subject, (source_line, fact_id)) as subject,
           arg_min(region, (source_line, fact_id)) as region,
           arg_min(organisation, (source_line, fact_id)) as organisation,
           arg_min(measure, (source_line, fact_id)) as measure,
           arg_min(period_label, (source_line, fact_id)) as period_label,
           arg_min(unit, (source_line, fact_id)) as unit,
           min(source_line) as source_line, arg_min(fact_id, (source_line, fact_id)) as fact_id
    from {{ ref('int_fact_prints') }}
    where key_identifies_figure
    group by restatement_key, document_id, document_order, value
),

ranked as (
    select *, dense_rank() over (partition by restatement_key order by document_order) as print_rank
    from per_document
)

select
    'rs_' || substr(md5(concat_ws('|', l.fact_id, e.fact_id)), 1, 20) as restatement_id,
    l.fact_kind,
    l.subject,
    l.region,
    l.organisation,
    l.measure,
    l.period_label,
    l.unit,
    e.value as earlier_value,
    l.value as later_value,
    l.value - e.value as difference,
    e.document_id as earlier_document_id,
    e.source_line as earlier_source_line,
    e.fact_id as earlier_fact_id,
    l.document_id as later_document_id,
    l.fact_id as later_fact_id,
    l.source_line
from ranked as e
join ranked as l
  on l.restatement_key = e.restatement_key and l.print_rank = e.print_rank + 1
 and l.value is distinct from e.value
