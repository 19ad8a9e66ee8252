-- Blocking: every loaded document yields the facts its sections promise (seed
-- quality_expected_facts): a document with a protocol excerpt yields a decision, an
-- interim report yields indicator values, financial lines, an income statement and a
-- balance sheet, and so on. A row here is an extractor that silently stopped finding
-- something; the build fails and nothing is published.
{{ config(severity='error') }}

with documents as (
    select document_id, source_file
    from {{ ref('dim_document') }}
    where load_status <> 'failed'
),

kinds as (
    select distinct document_id, section_kind
    from {{ ref('dim_section') }}
),

expected as (
    select d.document_id, d.source_file, e.section_kind, e.fact_kind, e.min_rows
    from documents as d
    inner join kinds as k on k.document_id = d.document_id
    inner join {{ ref('quality_expected_facts') }} as e on e.section_kind = k.section_kind
),

facts as (
    select document_id, 'fct_decision' as fact_kind, count(*) as n from {{ ref('fct_decision') }} group by 1
    union all
    select document_id, 'fct_meeting', count(*) from {{ ref('fct_meeting') }} group by 1
    union all
    select document_id, 'fct_agenda_item', count(*) from {{ ref('fct_agenda_item') }} group by 1
    union all
    select document_id, 'fct_attendance', count(*) from {{ ref('fct_attendance') }} group by 1
    union all
    select document_id, 'fct_indicator_value', count(*) from {{ ref('fct_indicator_value') }} group by 1
    union all
    select document_id, 'fct_activity_status', count(*) from {{ ref('fct_activity_status') }} group by 1
    union all
    select document_id, 'fct_financial_line', count(*) from {{ ref('fct_financial_line') }} group by 1
    union all
    select document_id, 'fct_financial_line:' || statement, count(*) from {{ ref('fct_financial_line') }} group by 1, 2
)

select
    e.source_file,
    e.section_kind,
    e.fact_kind,
    e.min_rows,
    coalesce(f.n, 0) as rows_found
from expected as e
left join facts as f on f.document_id = e.document_id and f.fact_kind = e.fact_kind
where coalesce(f.n, 0) < e.min_rows
