-- Printed total COLUMNS against the columns to their left, row by row. A column whose
-- label is a sum word (seed quality_patterns: total_column) holds the sum of the value
-- columns since the previous total column; when it directly follows total columns
-- ('SUMMA NETTOBUDGET' after 'Summa intäkter' and 'Summa kostnader') it sums those.
-- Also net-cost columns: a column headed by a net-cost word (seed tables_header_words,
-- role net_cost) against the income and cost columns of the same period in its row
-- ('Nettokostnad Budget 2024' = 'Intäkter Budget 2024' + 'Kostnader Budget 2024' where
-- costs are printed negative; cost - income where they are printed positive).
with cells as (
    select * from {{ ref('int_recon_cells') }}
    where column_index is not null and amount is not null
),

labels as (
    select
        table_id,
        column_index,
        min(column_label) as column_label,
        coalesce(bool_or(measure = 'change_pct'), false) as is_change
    from cells
    group by table_id, column_index
),

columns_of_table as (
    select
        l.*,
        exists (
            select 1 from {{ ref('quality_patterns') }} as p
            where p.kind = 'total_column'
              and regexp_matches(lower(trim(coalesce(l.column_label, ''))), p.pattern)
        ) as is_total_column
    from labels as l
),

ordered as (
    select
        *,
        max(case when is_total_column then column_index end) over (
            partition by table_id order by column_index
            rows between unbounded preceding and 1 preceding) as previous_total_column
    from columns_of_table
),

with_own as (
    select
        o.*,
        (select count(*) from ordered as x
         where x.table_id = o.table_id
           and x.column_index < o.column_index
           and x.column_index > coalesce(o.previous_total_column, -1)
           and not x.is_total_column and not x.is_change) as own_columns
    from ordered as o
),

net_words as (
    select header_word, role from {{ ref('tables_header_words') }}
    where role in ('income', 'cost', 'net_cost')
),

role_cells as (
    -- the column's role by its first word; the rest of the label is its period
    select
        c.*,
        w.role as column_role,
        trim(substr(lower(c.column_label), length(w.header_word) + 1)) as column_period
    from cells as c
    inner join net_words as w
        on split_part(lower(trim(coalesce(c.column_label, ''))), ' ', 1) = w.header_word
    where not c.is_percent_cell
),

net_cost_rows as (
    select
        table_id,
        row_seq,
        column_period,
        count(*) filter (where column_role = 'net_cost') as net_cells,
        count(*) filter (where column_role = 'income') as income_cells,
        count(*) filter (where column_role = 'cost') as cost_cells,
        max(case when column_role = 'net_cost' then amount end) as net_cost,
        max(case when column_role = 'income' then amount end) as income,
        max(case when column_role = 'cost' then amount end) as cost,
        max(case when column_role = 'net_cost' then financial_line_id end) as net_id,
        max(case when column_role = 'income' then column_label end) as income_label,
        max(case when column_role = 'cost' then column_label end) as cost_label,
        max(case when amount <> 0 then precision_step end) as step,
        max(precision_step) as any_step
    from role_cells
    group by table_id, row_seq, column_period
),

part_columns as (
    select t.table_id, t.column_index as total_column, p.column_index as part_column
    from with_own as t
    inner join ordered as p
        on p.table_id = t.table_id and p.column_index < t.column_index and not p.is_change
    where t.is_total_column
      and (
        (t.own_columns > 0 and not p.is_total_column
            and p.column_index > coalesce(t.previous_total_column, -1))
        or (t.own_columns = 0 and p.is_total_column)
      )
),

computed as (
    select
        s.financial_line_id,
        count(*) as part_columns,
        count(pc.amount) as part_values,
        bool_and(coalesce(pc.is_percent_cell = s.is_percent_cell, false)) as same_kind,
        sum(pc.amount) as computed_value,
        max(case when pc.amount <> 0 then pc.precision_step end) as part_step,
        string_agg(coalesce(pc.column_label, '?'), ' + ' order by p.part_column) as columns_used
    from cells as s
    inner join part_columns as p
        on p.table_id = s.table_id and p.total_column = s.column_index
    left join cells as pc
        on pc.table_id = s.table_id and pc.row_seq = s.row_seq and pc.column_index = p.part_column
    group by s.financial_line_id
)

select
    'row_sum' as check_kind,
    'total_column_of_columns_left' as rule,
    s.document_id,
    s.section_id,
    s.logical_table_id as table_id,
    s.table_title,
    s.statement,
    coalesce(s.line_item, '?') || ' | ' || coalesce(s.column_label, '?') as subject,
    coalesce(s.line_item, '?') || ' | ' || coalesce(s.column_label, '?') as group_key,
    s.amount as stated_value,
    m.computed_value,
    coalesce(greatest(m.part_step, case when s.amount <> 0 then s.precision_step end),
             m.part_step, s.precision_step) as tolerance,
    'printed precision: the coarsest last digit among the total and its parts' as tolerance_basis,
    m.columns_used as line_items,
    cast(null as varchar) as note,
    s.source_line
from cells as s
inner join computed as m on m.financial_line_id = s.financial_line_id
where m.part_columns = m.part_values
  and m.same_kind

union all by name

select
    'row_sum' as check_kind,
    'net_cost_of_income_and_cost_columns' as rule,
    c.document_id,
    c.section_id,
    c.logical_table_id as table_id,
    c.table_title,
    c.statement,
    coalesce(c.line_item, '?') || ' | ' || coalesce(c.column_label, '?') as subject,
    coalesce(c.line_item, '?') || ' | ' || coalesce(c.column_label, '?') as group_key,
    n.net_cost as stated_value,
    case when n.cost <= 0 then n.income + n.cost else n.cost - n.income end as computed_value,
    coalesce(n.step, n.any_step) as tolerance,
    'printed precision: the coarsest last digit among the three cells' as tolerance_basis,
    n.income_label || ' + ' || n.cost_label as line_items,
    'net cost = income + costs (costs printed negative)' as note,
    c.source_line
from net_cost_rows as n
inner join cells as c on c.financial_line_id = n.net_id
where n.net_cells = 1 and n.income_cells = 1 and n.cost_cells = 1
