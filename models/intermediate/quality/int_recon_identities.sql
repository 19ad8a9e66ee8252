-- Statement identities, found by line-item wording (seed quality_identities, so new
-- wording is data): intäkter + kostnader + avskrivningar = nettokostnad, + skatteintäkter
-- + generella statsbidrag = verksamhetens resultat, + finansnetto = resultat efter
-- finansiella poster, tillgångar = eget kapital + avsättningar + skulder ... For each
-- table of the identity's statement, each pattern takes the first row matching it; an
-- identity is checked in every column where all its rows print a value.
-- Plus deviation columns: budget - outcome (or forecast) = deviation, with each
-- statement's own sign convention (seed quality_deviation_rules).
with cells as (
    select * from {{ ref('int_recon_cells') }}
    where column_index is not null
),

identity_lines as (
    select
        identity_id, statement, role, pattern, cast(sign as double) as sign,
        max(description) over (partition by identity_id) as description,
        count(*) over (partition by identity_id) as lines_in_identity
    from {{ ref('quality_identities') }}
),

table_rows as (
    select distinct logical_table_id, statement, row_seq, line_item, line_item_key
    from cells
),

matched as (
    -- first row of the table matching each identity line
    select
        r.logical_table_id,
        i.identity_id,
        i.role,
        i.pattern,
        i.sign,
        i.description,
        i.lines_in_identity,
        min(r.row_seq) as row_seq
    from identity_lines as i
    inner join table_rows as r
        on r.statement = i.statement and regexp_matches(r.line_item_key, i.pattern)
    group by all
),

complete as (
    select logical_table_id, identity_id
    from matched
    group by logical_table_id, identity_id
    having count(*) = max(lines_in_identity)
       -- the same printed row may not stand on both sides
       and count(distinct row_seq) = count(*)
),

terms as (
    select m.*, c.column_index, c.column_label, c.amount, c.precision_step, c.is_percent_cell,
           c.line_item, c.source_line, c.document_id, c.section_id, c.table_title, c.statement
    from matched as m
    inner join complete as k using (logical_table_id, identity_id)
    left join cells as c
        on c.logical_table_id = m.logical_table_id and c.row_seq = m.row_seq
),

statement_identities as (
    select
        'identity' as check_kind,
        identity_id as rule,
        min(document_id) as document_id,
        min(section_id) as section_id,
        logical_table_id as table_id,
        min(table_title) as table_title,
        min(statement) as statement,
        string_agg(case when role = 'stated' then line_item end, ' + ' order by row_seq)
            || ' | ' || coalesce(min(column_label), '?') as subject,
        identity_id || ' | ' || coalesce(min(column_label), '?') as group_key,
        sum(case when role = 'stated' then sign * amount end) as stated_value,
        sum(case when role = 'part' then sign * amount end) as computed_value,
        coalesce(max(case when amount <> 0 then precision_step end), max(precision_step)) as tolerance,
        'printed precision: the coarsest last digit among the lines of the identity' as tolerance_basis,
        string_agg(case when role = 'part' then line_item end, ' + ' order by row_seq) as line_items,
        min(description) as note,
        max(case when role = 'stated' then source_line end) as source_line,
        count(amount) as values_present,
        max(lines_in_identity) as lines_needed,
        count(distinct is_percent_cell) as kinds
    from terms
    where column_index is not null
    group by logical_table_id, identity_id, column_index
),

table_cost_sign as (
    -- how a table prints net costs: the sign most of its non-total budget cells carry
    select
        logical_table_id,
        case when count(*) filter (where amount < 0) > count(*) filter (where amount > 0)
             then 'negative' else 'positive' end as costs_printed
    from cells
    where measure = 'budget' and not is_total and amount is not null and not is_percent_cell
    group by logical_table_id
),

deviation_rows as (
    select
        c.logical_table_id,
        c.row_seq,
        r.minuend_measure,
        r.subtrahend_measure,
        coalesce(s.costs_printed, r.costs_printed) <> r.costs_printed as flipped,
        r.description,
        count(*) filter (where c.measure = 'deviation') as deviation_cells,
        count(*) filter (where c.measure = r.minuend_measure) as minuend_cells,
        count(*) filter (where c.measure = r.subtrahend_measure) as subtrahend_cells,
        max(case when c.measure = 'deviation' then c.amount end) as deviation,
        max(case when c.measure = r.minuend_measure then c.amount end) as minuend,
        max(case when c.measure = r.subtrahend_measure then c.amount end) as subtrahend,
        max(case when c.amount <> 0 then c.precision_step end) as step,
        max(c.precision_step) as any_step,
        max(case when c.measure = 'deviation' then c.financial_line_id end) as deviation_id,
        max(case when c.measure = r.minuend_measure then c.column_label end) as minuend_label,
        max(case when c.measure = r.subtrahend_measure then c.column_label end) as subtrahend_label
    from cells as c
    inner join {{ ref('quality_deviation_rules') }} as r on r.statement = c.statement
    left join table_cost_sign as s on s.logical_table_id = c.logical_table_id
    where c.amount is not null and not c.is_percent_cell
    group by all
),

deviations as (
    select
        'identity' as check_kind,
        case when d.flipped
             then 'deviation_' || d.subtrahend_measure || '_minus_' || d.minuend_measure
             else 'deviation_' || d.minuend_measure || '_minus_' || d.subtrahend_measure end as rule,
        c.document_id,
        c.section_id,
        c.logical_table_id as table_id,
        c.table_title,
        c.statement,
        c.line_item || ' | ' || c.column_label as subject,
        c.line_item || ' | ' || c.column_label as group_key,
        d.deviation as stated_value,
        case when d.flipped then d.subtrahend - d.minuend else d.minuend - d.subtrahend end as computed_value,
        coalesce(d.step, d.any_step) as tolerance,
        'printed precision: the coarsest last digit among the three cells' as tolerance_basis,
        case when d.flipped then d.subtrahend_label || ' - ' || d.minuend_label
             else d.minuend_label || ' - ' || d.subtrahend_label end as line_items,
        d.description as note,
        c.source_line
    from deviation_rows as d
    inner join cells as c on c.financial_line_id = d.deviation_id
    -- one column of each measure in the table, else which pair is meant is unknown
    where d.deviation_cells = 1 and d.minuend_cells = 1 and d.subtrahend_cells = 1
)

select
    check_kind, rule, document_id, section_id, table_id, table_title, statement, subject,
    group_key, stated_value, computed_value, tolerance, tolerance_basis, line_items, note,
    source_line
from statement_identities
where values_present = lines_needed and kinds = 1
-- two identities with the same stated row (the balance over its three section sums, and
-- over the one grand sum of the other side) are one check: keep the one with more parts
qualify row_number() over (
    partition by table_id, subject, source_line
    -- two columns with the same label: values then parts break the tie, the same row every build
    order by lines_needed desc, rule, group_key, stated_value, computed_value, line_items) = 1

union all

select * from deviations
