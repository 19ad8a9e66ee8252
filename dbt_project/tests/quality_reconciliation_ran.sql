-- Blocking: the reconciliation checks themselves ran. Where the marts hold printed totals,
-- statement lines or count tables, dq_reconciliation must hold checks of that kind; an
-- empty check kind means a check generator (or the structure it reads) broke.
{{ config(severity='warn') }}

with expected as (
    select 'column_sum' as check_kind, count(*) > 0 as has_input
    from {{ ref('fct_financial_line') }} where is_total
    union all
    select 'identity', count(*) > 0
    from {{ ref('fct_financial_line') }} where statement in ('income_statement', 'balance_sheet')
    union all
    select 'count_total', count(*) > 0
    from {{ ref('fct_indicator_summary') }} where category = 'total'
    union all
    select 'change_pct', count(*) > 0
    from {{ ref('fct_financial_line') }} where measure = 'change_pct' and amount is not null
),

found as (
    select check_kind, count(*) as n from {{ ref('dq_reconciliation') }} group by 1
)

select e.check_kind, coalesce(f.n, 0) as checks
from expected as e
left join found as f using (check_kind)
where e.has_input and coalesce(f.n, 0) = 0
