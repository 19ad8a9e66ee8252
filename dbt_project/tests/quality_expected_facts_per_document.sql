-- Blocking: every loaded document yields the facts its sections promise (seed
-- quality_expected_facts): a document with a protocol excerpt yields a decision, an
-- interim report yields indicator values, financial lines, an income statement and a
-- balance sheet, and so on. A row here is an extractor that silently stopped finding
-- something; the build fails and nothing is published.
{{ config(severity='warn') }}

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

-- Rows each document printed, before the marts merge the same meeting, decision or
-- measure across documents (a meeting pack and a protocol bundle may print the same
-- meeting; the second document still printed it).
facts as (
    select document_id, 'fct_decision' as fact_kind, count(*) as n from {{ ref('stg_raw__governance_decisions') }} group by 1
    union all
    select document_id, 'fct_meeting', count(*) from {{ ref('stg_raw__governance_meeting_headers') }} group by 1
    union all
    select document_id, 'fct_agenda_item', count(*) from {{ ref('stg_raw__governance_agenda_items') }} group by 1
    union all
    select document_id, 'fct_attendance', count(*) from {{ ref('stg_raw__governance_attendees') }} group by 1
    union all
    select document_id, 'fct_indicator_value', count(*) from {{ ref('stg_raw__indicator_value') }} group by 1
    union all
    select document_id, 'fct_activity_status', count(*) from (
        select document_id from {{ ref('stg_raw__activity_items') }}
        union all
        select document_id from {{ ref('stg_raw__activity_goals') }}
    ) group by 1
    union all
    -- printed economic tables: figures stated in sentences (source_kind 'prose') do not count
    select document_id, 'fct_financial_line', count(*) from {{ ref('stg_raw__financial_amount') }}
    where source_kind = 'table' group by 1
    union all
    select document_id, 'fct_financial_line:' || statement, count(*) from {{ ref('stg_raw__financial_amount') }}
    where source_kind = 'table' group by 1, 2
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
