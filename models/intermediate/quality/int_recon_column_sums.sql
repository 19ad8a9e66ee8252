-- Printed total ROWS against the rows above them, column by column, derived from the
-- table's structure only:
--   * a 'Summa ...' row (seed quality_patterns: total_row_block) sums the rows since the
--     previous total row; when there are none it is a grand total;
--   * a 'Totalt ...' row (total_row_all), or a Summa row with nothing of its own above it,
--     sums the top-level items since the previous grand total: the subtotals, and the rows
--     that no subtotal covers. 'varav' rows are never parts of a column total;
--   * a net total (total_row_net: 'Summa faktiska kostnader' = costs less the project
--     revenue printed since 'Summa kostnader') closes its block unchecked, or is a grand
--     total when its block prints nothing;
--   * a balance-sheet side total (total_row_side: 'Summa tillgångar') is checked as a
--     block and bounds later grand totals like a grand total does, so that 'Summa eget
--     kapital och skulder' never takes the assets when the asset side has no subtotals.
-- A check needs every part row to print a value in the column (rows printing nothing at
-- all are headings, not parts), with the same kind of value (percent or amount).
with cells as (
    select * from {{ ref('int_recon_cells') }}
),

patterns as (
    select kind, pattern, priority from {{ ref('quality_patterns') }}
    where kind in ('total_row_block', 'total_row_all', 'total_row_net', 'total_row_side')
),

table_rows as (
    select
        logical_table_id,
        row_seq,
        any_value(document_id) as document_id,
        any_value(section_id) as section_id,
        any_value(line_item) as line_item,
        any_value(line_item_key) as line_item_key,
        bool_or(is_total) as is_total,
        bool_or(is_subitem) as is_subitem,
        -- values whose column is unknown still make the row a part (then the check is
        -- skipped as incomplete rather than computed without it)
        count(amount) as valued_cells,
        bool_or(is_percent_cell) as row_has_percent,
        min(source_line) as source_line
    from cells
    group by logical_table_id, row_seq
),

scoped as (
    select
        r.*,
        (select p.kind from patterns as p
         where r.is_total and regexp_matches(r.line_item_key, p.pattern)
         order by p.priority limit 1) as label_scope,
        max(case when r.is_total then r.row_seq end) over (
            partition by r.logical_table_id order by r.row_seq
            rows between unbounded preceding and 1 preceding) as previous_total_seq
    from table_rows as r
),

with_block as (
    select
        s.*,
        (select count(*) from scoped as b
         where b.logical_table_id = s.logical_table_id
           and b.row_seq < s.row_seq
           and b.row_seq > coalesce(s.previous_total_seq, 0)
           and not b.is_total and not b.is_subitem and b.valued_cells > 0) as block_rows
    from scoped as s
),

effective as (
    select
        *,
        case
            when not is_total then null
            when label_scope in ('total_row_block', 'total_row_side') and block_rows > 0 then 'block'
            when label_scope = 'total_row_net' and block_rows > 0 then 'unlabelled'
            when label_scope is not null then 'all'
            -- a total without a sum label (an upper-case result line) closes a block
            -- like a subtotal but is not checked here (statement identities cover it)
            else 'unlabelled'
        end as scope
    from with_block
),

grand as (
    select
        *,
        max(case when scope = 'all' or label_scope = 'total_row_side' then row_seq end) over (
            partition by logical_table_id order by row_seq
            rows between unbounded preceding and 1 preceding) as previous_grand_seq,
        min(case when is_total then row_seq end) over (
            partition by logical_table_id order by row_seq
            rows between 1 following and unbounded following) as next_total_seq
    from effective
),

parts as (
    -- (total row, part row) pairs
    select
        t.logical_table_id, t.row_seq as total_seq, t.scope, p.row_seq as part_seq,
        -- a money row holding a percent cell was split wrongly by the extractor: not a part
        p.row_has_percent = t.row_has_percent as same_row_kind
    from grand as t
    inner join grand as p
        on p.logical_table_id = t.logical_table_id
       and p.row_seq < t.row_seq
       and not p.is_subitem
    where t.scope in ('block', 'all')
      and (
        (t.scope = 'block'
            and p.row_seq > coalesce(t.previous_total_seq, 0)
            and not p.is_total and p.valued_cells > 0)
        or
        (t.scope = 'all'
            and p.row_seq > coalesce(t.previous_grand_seq, 0)
            and (
                (p.is_total and p.scope in ('block', 'unlabelled'))
                or (not p.is_total and p.valued_cells > 0
                    -- not covered by a subtotal printed before this total
                    and p.next_total_seq >= t.row_seq)
            ))
      )
),

stated as (
    select c.*, g.scope
    from cells as c
    inner join grand as g
        on g.logical_table_id = c.logical_table_id and g.row_seq = c.row_seq
    where g.scope in ('block', 'all')
      and c.column_index is not null
      and c.amount is not null
      and c.measure is distinct from 'change_pct'
),

part_cells as (
    select
        s.financial_line_id as stated_id,
        p.part_seq,
        p.same_row_kind,
        c.amount,
        c.precision_step,
        c.is_percent_cell,
        c.line_item
    from stated as s
    inner join parts as p
        on p.logical_table_id = s.logical_table_id and p.total_seq = s.row_seq
    left join cells as c
        on c.logical_table_id = s.logical_table_id
       and c.row_seq = p.part_seq
       and c.column_index = s.column_index
),

summed as (
    select
        s.financial_line_id,
        count(*) as part_rows,
        count(pc.amount) as part_values,
        bool_and(coalesce(pc.is_percent_cell = s.is_percent_cell, false) and pc.same_row_kind) as same_kind,
        sum(pc.amount) as computed_value,
        max(case when pc.amount <> 0 then pc.precision_step end) as part_step,
        string_agg(pc.line_item, ' + ' order by pc.part_seq) as line_items
    from stated as s
    inner join part_cells as pc on pc.stated_id = s.financial_line_id
    group by s.financial_line_id
)

select
    'column_sum' as check_kind,
    case when s.scope = 'block' then 'total_of_rows_above' else 'grand_total_of_top_level_rows' end as rule,
    s.document_id,
    s.section_id,
    s.logical_table_id as table_id,
    s.table_title,
    s.statement,
    s.line_item || ' | ' || coalesce(s.column_label, '?') as subject,
    s.line_item || ' | ' || coalesce(s.column_label, '?') as group_key,
    s.amount as stated_value,
    m.computed_value,
    coalesce(greatest(m.part_step, case when s.amount <> 0 then s.precision_step end),
             m.part_step, s.precision_step) as tolerance,
    'printed precision: the coarsest last digit among the total and its parts' as tolerance_basis,
    m.line_items,
    cast(null as varchar) as note,
    s.source_line
from stated as s
inner join summed as m on m.financial_line_id = s.financial_line_id
where m.part_rows = m.part_values
  and m.same_kind
  and m.part_rows >= 1
