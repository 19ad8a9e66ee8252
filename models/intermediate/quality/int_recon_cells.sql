-- A table, not a view: every check model reads it (eight times in dq_reconciliation's one
-- query), and as a view its windows ran once per reader (x100: 115 s and 1.2 GiB spilled
-- at the 400 MB limit, against 49 s and 0.4 GiB computed once).
{{ config(materialized='table') }}

-- Every printed amount (the rows of fct_financial_line, read before the mart) with what the checks need: the logical
-- table it belongs to (a table continued after a page break, printed again with the same
-- header and no title of its own, is one table), the row's order in it, and the printed
-- precision (1 for whole numbers, 0.1 for one decimal ...).
with lines as (
    -- printed tables only: figures stated in sentences are checked by int_recon_prose
    select * from {{ ref('int_financial_lines_normalised') }}
    where source_kind = 'table'
),

printed_tables as (
    select
        document_id,
        table_id,
        min(table_start_line) as table_start_line,
        min(table_title) as table_title,  -- one value per table: min() keeps it the same every build
        min(header_text) as header_text,
        min(statement) as statement
    from lines
    group by document_id, table_id
),

chained as (
    select
        *,
        lag(header_text) over (partition by document_id order by table_start_line, table_id) as previous_header,
        lag(statement) over (partition by document_id order by table_start_line, table_id) as previous_statement
    from printed_tables
),

grouped as (
    select
        *,
        sum(case
                when table_title is null
                     and header_text = previous_header
                     and statement = previous_statement then 0
                else 1
            end) over (partition by document_id order by table_start_line, table_id
                       rows between unbounded preceding and current row) as table_group
    from chained
),

logical as (
    select
        table_id,
        first_value(table_id) over w as logical_table_id,
        first_value(table_title) over w as logical_table_title,
        first_value(table_start_line) over w as logical_table_start_line
    from grouped
    window w as (partition by document_id, table_group order by table_start_line, table_id)
)

select
    l.financial_line_id,
    l.document_id,
    l.section_id,
    l.statement,
    l.table_id,
    g.logical_table_id,
    coalesce(g.logical_table_title, l.table_title) as table_title,
    g.logical_table_start_line,
    l.accounting_model,
    dense_rank() over (partition by g.logical_table_id order by l.table_start_line, l.row_index) as row_seq,
    l.line_item,
    lower(trim(regexp_replace(coalesce(l.line_item, ''), '\s+', ' ', 'g'))) as line_item_key,
    l.is_total,
    l.is_subitem,
    l.parent_line_item,
    l.section_label,
    l.column_index,
    l.column_label,
    l.measure,
    l.period_label,
    l.amount,
    l.amount_text,
    l.unit,
    l.decimals,
    -- the step of the last printed digit: the rounding unit of the printed value
    power(10.0, -coalesce(l.decimals, 0)) as precision_step,
    coalesce(l.amount_text like '%\%%' escape '\', false) as is_percent_cell,
    l.split_ambiguous,
    l.source_line
from lines as l
inner join logical as g on g.table_id = l.table_id
