-- Printed change columns ('Förändring % 2021-2020') against the change computed from the
-- two period columns of the same row. The two periods are read from the change column's
-- label and matched to the value columns whose labels hold them.
--   relative change:      100 * (later / earlier - 1)
--   percentage points:    later - earlier, when the values are printed as percents, or
--                         when the row is a share row (seed quality_patterns: share_row)
--                         and that reading fits better; the rule column says which.
-- Tolerance: half a unit of the printed change plus what the rounding of the printed
-- inputs can move it (relative), or the coarser printed precision (percentage points).
with cells as (
    select * from {{ ref('int_recon_cells') }}
    where column_index is not null
),

table_years as (
    -- a change column that names no years ('Förändring, %') compares the two value
    -- columns of the table when it has exactly two, of two different years (with more, a
    -- forecast or a budget of the same year could be the one compared: unknown)
    select table_id, count(distinct y) as n_years, count(*) as n_columns,
           max(y) as max_year, min(y) as min_year
    from (
        select distinct table_id, column_index, regexp_extract(column_label, '(?:19|20)[0-9]{2}', 0) as y
        from cells
        where measure in ('outcome', 'prior_outcome', 'forecast', 'budget')
    )
    group by table_id
    having min(y) <> ''
),

change_columns as (
    select distinct
        c.table_id,
        c.column_index,
        c.column_label,
        coalesce(nullif(regexp_extract(c.column_label, '((?:19|20)[0-9]{2})\s*[-–]\s*((?:19|20)[0-9]{2})', 1), ''),
                 case when y.n_years = 2 and y.n_columns = 2 then y.max_year end, '') as later_year,
        coalesce(nullif(regexp_extract(c.column_label, '((?:19|20)[0-9]{2})\s*[-–]\s*((?:19|20)[0-9]{2})', 2), ''),
                 case when y.n_years = 2 and y.n_columns = 2 then y.min_year end, '') as earlier_year
    from cells as c
    left join table_years as y on y.table_id = c.table_id
    where c.measure = 'change_pct'
),

value_columns as (
    select distinct table_id, column_index, column_label
    from cells
    where measure in ('outcome', 'prior_outcome', 'forecast', 'budget')
),

pairs as (
    select
        c.table_id,
        c.column_index as change_column,
        c.column_label as change_label,
        (select min(v.column_index) from value_columns as v
         where v.table_id = c.table_id and v.column_label like '%' || c.later_year || '%') as later_column,
        (select min(v.column_index) from value_columns as v
         where v.table_id = c.table_id and v.column_label like '%' || c.earlier_year || '%') as earlier_column
    from change_columns as c
    where c.later_year <> '' and c.earlier_year <> ''
),

share_patterns as (
    select pattern from {{ ref('quality_patterns') }} where kind = 'share_row'
),

valued as (
    select
        s.financial_line_id,
        s.document_id,
        s.section_id,
        s.logical_table_id,
        s.table_title,
        s.statement,
        s.line_item,
        s.change_label,
        s.amount as stated_value,
        s.precision_step as stated_step,
        s.source_line,
        a.amount as later_value,
        b.amount as earlier_value,
        a.column_label as later_label,
        b.column_label as earlier_label,
        greatest(a.precision_step, b.precision_step) as input_step,
        (a.is_percent_cell or b.is_percent_cell) as inputs_are_percent,
        exists (select 1 from share_patterns as p where regexp_matches(s.line_item_key, p.pattern)) as is_share_row
    from (
        select c.*, p.change_label, p.later_column, p.earlier_column
        from cells as c
        inner join pairs as p on p.table_id = c.table_id and p.change_column = c.column_index
    ) as s
    inner join cells as a
        on a.table_id = s.table_id and a.row_seq = s.row_seq and a.column_index = s.later_column
    inner join cells as b
        on b.table_id = s.table_id and b.row_seq = s.row_seq and b.column_index = s.earlier_column
    where s.amount is not null and a.amount is not null and b.amount is not null
),

readings as (
    select
        *,
        100.0 * (later_value / nullif(earlier_value, 0) - 1) as relative_change,
        later_value - earlier_value as point_change,
        0.5 * stated_step
            + case when earlier_value <> 0
                   then 50.0 * input_step * (abs(later_value) + abs(earlier_value)) / (earlier_value * earlier_value)
              end as relative_tolerance,
        greatest(stated_step, input_step) as point_tolerance
    from valued
),

chosen as (
    select
        *,
        case
            when inputs_are_percent then 'percentage_points'
            when is_share_row and (relative_change is null
                 or abs(stated_value - point_change) < abs(stated_value - relative_change))
                then 'percentage_points'
            else 'relative_change'
        end as reading
    from readings
)

select
    'change_pct' as check_kind,
    reading as rule,
    document_id,
    section_id,
    logical_table_id as table_id,
    table_title,
    statement,
    line_item || ' | ' || change_label as subject,
    line_item || ' | ' || change_label as group_key,
    stated_value,
    round(case when reading = 'percentage_points' then point_change else relative_change end, 6) as computed_value,
    round(case when reading = 'percentage_points' then point_tolerance else relative_tolerance end, 6) as tolerance,
    case when reading = 'percentage_points'
         then 'percentage points: the coarser printed precision of the change and its inputs'
         else 'half a unit of the printed change plus the effect of rounding the printed inputs'
    end as tolerance_basis,
    later_label || ' vs ' || earlier_label as line_items,
    case
        when reading = 'percentage_points' and not inputs_are_percent
            then 'share row: the change is printed as a percentage-point difference'
        when reading = 'percentage_points' then 'percentage-point difference of printed shares'
    end as note,
    source_line
from chosen
where reading = 'percentage_points' or relative_change is not null
