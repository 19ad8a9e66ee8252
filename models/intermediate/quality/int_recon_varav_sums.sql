-- 'varav' breakdowns: a row followed by its varav rows (is_subitem) against the sum of
-- those rows, column by column. A varav list may name only some of the parts ("varav
-- distanskontakter"), so a list counts as a full breakdown only when it has two or more
-- rows and, in at least one column, its rows add up to the parent within the printed
-- precision: the table itself shows the list is exhaustive. Then every column is checked.
with cells as (
    select * from {{ ref('int_recon_cells') }}
    where column_index is not null
      and measure is distinct from 'change_pct'
      and not is_percent_cell
),

row_parent as (
    -- the parent of a varav row is the nearest non-varav row above it
    select
        logical_table_id,
        row_seq,
        is_subitem,
        max(case when not is_subitem then row_seq end) over (
            partition by logical_table_id order by row_seq
            rows between unbounded preceding and current row) as parent_seq
    from (select distinct logical_table_id, row_seq, is_subitem from {{ ref('int_recon_cells') }})
),

children as (
    select logical_table_id, parent_seq, count(*) as child_rows
    from row_parent
    where is_subitem and parent_seq is not null
    group by logical_table_id, parent_seq
),

per_column as (
    select
        parent.financial_line_id,
        parent.document_id,
        parent.section_id,
        parent.logical_table_id,
        parent.table_title,
        parent.statement,
        parent.line_item,
        parent.column_label,
        parent.amount as stated_value,
        parent.precision_step as parent_step,
        parent.source_line,
        ch.child_rows,
        count(child.amount) as child_values,
        sum(child.amount) as computed_value,
        max(case when child.amount <> 0 then child.precision_step end) as child_step,
        string_agg(child.line_item, ' + ' order by child.row_seq) as line_items
    from cells as parent
    inner join children as ch
        on ch.logical_table_id = parent.logical_table_id and ch.parent_seq = parent.row_seq
    inner join row_parent as rp
        on rp.logical_table_id = parent.logical_table_id and rp.parent_seq = parent.row_seq
       and rp.is_subitem
    left join cells as child
        on child.logical_table_id = rp.logical_table_id and child.row_seq = rp.row_seq
       and child.column_index = parent.column_index
    where not parent.is_subitem
      and parent.amount is not null
    group by all
),

checked as (
    select
        *,
        coalesce(greatest(child_step, case when stated_value <> 0 then parent_step end),
                 child_step, parent_step) as tolerance
    from per_column
    where child_values = child_rows
),

exhaustive as (
    -- tables' own evidence that the varav rows are the whole of the parent
    select logical_table_id, line_item, source_line
    from checked
    where child_rows >= 2
      and abs(stated_value - computed_value) <= tolerance + 1e-9
    group by all
)

select
    'column_sum' as check_kind,
    'varav_breakdown' as rule,
    c.document_id,
    c.section_id,
    c.logical_table_id as table_id,
    c.table_title,
    c.statement,
    c.line_item || ' = sum of varav | ' || coalesce(c.column_label, '?') as subject,
    c.line_item || ' | ' || coalesce(c.column_label, '?') as group_key,
    c.stated_value,
    c.computed_value,
    c.tolerance,
    'printed precision: the coarsest last digit among the row and its varav rows' as tolerance_basis,
    c.line_items,
    cast(null as varchar) as note,
    c.source_line
from checked as c
inner join exhaustive as e
    on e.logical_table_id = c.logical_table_id
   and e.line_item = c.line_item
   and e.source_line = c.source_line
