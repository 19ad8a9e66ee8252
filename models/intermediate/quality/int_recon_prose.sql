-- Figures stated in sentences (source_kind = 'prose', the sentence naming
-- a row label of the document's tables as the figure's subject, in the label's words or a
-- seed alias: economics/prose.py) against the same figure in the first table of the
-- document that prints that label (labels compared without case, spacing or a final colon):
--   a change ('har ökat med 6,1 procent') against 100 * (outcome / prior outcome - 1) of
--   the row, when the row has exactly one outcome and one prior-outcome column;
--   an amount ('uppgår till 249 mnkr') against the row's cell of the same measure and unit,
--   when the row has exactly one such cell.
with lines as (
    select * from {{ ref('int_financial_lines_normalised') }}
),

prose as (
    select *, rtrim(regexp_replace(lower(trim(line_item)), '\s+', ' ', 'g'), ': ') as line_item_key
    from lines
    where source_kind = 'prose' and split_note is null and amount is not null
),

table_cells as (
    select *, rtrim(regexp_replace(lower(trim(line_item)), '\s+', ' ', 'g'), ': ') as line_item_key
    from lines
    where source_kind = 'table' and amount is not null and column_index is not null
      and line_item is not null
      and not coalesce(amount_text like '%\%%' escape '\', false)
),

first_tables as (
    select document_id, line_item_key, min(table_start_line) as table_start_line
    from table_cells
    group by document_id, line_item_key
),

row_cells as (
    select c.*
    from table_cells as c
    inner join first_tables as f using (document_id, line_item_key, table_start_line)
),

changes as (
    select
        p.financial_line_id,
        count(*) filter (where c.measure = 'outcome') as outcome_cells,
        count(*) filter (where c.measure = 'prior_outcome') as prior_cells,
        max(case when c.measure = 'outcome' then c.amount end) as outcome,
        max(case when c.measure = 'prior_outcome' then c.amount end) as prior_outcome,
        max(case when c.measure = 'outcome' then c.column_label end) as outcome_label,
        max(case when c.measure = 'prior_outcome' then c.column_label end) as prior_label,
        any_value(c.table_id) as table_id,
        any_value(c.table_title) as table_title
    from prose as p
    inner join row_cells as c
        on c.document_id = p.document_id and c.line_item_key = p.line_item_key
    where p.measure = 'change_pct'
    group by p.financial_line_id
),

amounts as (
    select
        p.financial_line_id,
        count(*) as cells,
        max(c.amount) as table_amount,
        max(power(10.0, -coalesce(c.decimals, 0))) as table_step,
        max(c.column_label) as column_label,
        any_value(c.table_id) as table_id,
        any_value(c.table_title) as table_title,
        max(c.source_line) as table_line
    from prose as p
    inner join row_cells as c
        on c.document_id = p.document_id and c.line_item_key = p.line_item_key
       and c.measure = p.measure and c.unit = p.unit
    where p.measure in ('outcome', 'forecast', 'budget', 'deviation')
    group by p.financial_line_id
)

select
    'change_pct' as check_kind,
    'stated_change_against_table' as rule,
    p.document_id,
    p.section_id,
    c.table_id,
    c.table_title,
    p.statement,
    p.line_item || ' | change stated in prose' as subject,
    p.line_item || ' | change ' || cast(p.source_line as varchar) as group_key,
    p.amount as stated_value,
    100.0 * (c.outcome / c.prior_outcome - 1) as computed_value,
    0.5 * power(10.0, -coalesce(p.decimals, 0)) as tolerance,
    'half a unit of the last digit the sentence prints' as tolerance_basis,
    c.outcome_label || ' vs ' || c.prior_label as line_items,
    p.sentence as note,
    p.source_line
from prose as p
inner join changes as c using (financial_line_id)
where c.outcome_cells = 1 and c.prior_cells = 1 and c.prior_outcome <> 0

union all by name

select
    'cross_table' as check_kind,
    'stated_amount_against_table' as rule,
    p.document_id,
    p.section_id,
    a.table_id,
    a.table_title,
    p.statement,
    p.line_item || ' | ' || p.measure || ' stated in prose' as subject,
    p.line_item || ' | ' || p.measure || ' ' || cast(p.source_line as varchar) as group_key,
    p.amount as stated_value,
    a.table_amount as computed_value,
    greatest(power(10.0, -coalesce(p.decimals, 0)), a.table_step) as tolerance,
    'printed precision: the coarser of the sentence and the table cell' as tolerance_basis,
    a.column_label || ' (line ' || cast(a.table_line as varchar) || ')' as line_items,
    p.sentence as note,
    p.source_line
from prose as p
inner join amounts as a using (financial_line_id)
where a.cells = 1
