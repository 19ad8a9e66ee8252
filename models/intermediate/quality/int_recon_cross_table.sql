-- The same figure printed in two tables of the same document (body table vs appendix,
-- the region's report vs a unit's report): same statement, same line item (wording
-- normalised: case, spacing, leading codes, 'Verksamhetens'), same parent for varav rows,
-- same measure and period (year and tertial/month read from the column label), same unit
-- and accounting model. Statements a document prints once per accounting model (seed
-- quality_patterns: single_table_statement) are compared across any two tables; tables of
-- other statements (volumes per unit, deviations per committee ...) reuse the same labels
-- for different units, so they are compared only when one is a reprint of the other: the
-- same row labels in the same order, printed in another section. Every later printing is
-- compared with the first one.
with cells as (
    select * from {{ ref('int_recon_cells') }}
    where column_index is not null and amount is not null and line_item is not null
),

default_model as (
    select max(pattern) as accounting_model
    from {{ ref('quality_patterns') }} where kind = 'default_accounting_model'
),

single_table_statements as (
    select pattern from {{ ref('quality_patterns') }} where kind = 'single_table_statement'
),

table_signatures as (
    select
        logical_table_id,
        min(section_id) as table_section_id,
        string_agg(line_item_key, '|' order by row_seq, line_item_key) as row_signature,
        count(*) as signature_rows
    from (select distinct logical_table_id, section_id, row_seq, line_item_key
          from {{ ref('int_recon_cells') }})
    group by logical_table_id
),

keyed as (
    select
        c.*,
        regexp_replace(
            regexp_replace(
                regexp_replace(c.line_item_key, '^[0-9]+[.]?\s+', ''),
                '^verksamhetens\s+', ''),
            '[^[:alnum:]åäöéü]+', '', 'g')
            || coalesce('<' || lower(c.parent_line_item), '') as item_key,
        c.measure
            || ':' || coalesce(regexp_extract(c.column_label, '((?:19|20)[0-9]{2})', 1), '')
            || ':' || coalesce(
                   nullif(regexp_extract(lower(c.column_label), 'tertial\s*([0-9])', 1), ''),
                   nullif(regexp_extract(c.column_label, '(?:19|20)[0-9]{2}\s*t\s*([0-9])', 1), ''),
                   nullif(regexp_extract(lower(c.column_label), '(?:19|20)[0-9]{2}t([0-9])', 1), ''),
                   nullif(regexp_extract(c.column_label, '(?:19|20)[0-9]{2}-([0-9]{2})', 1), ''),
                   '') as period_key,
        coalesce(c.accounting_model, d.accounting_model) as model,
        exists (select 1 from single_table_statements as p
                where regexp_matches(c.statement, p.pattern)) as is_single_table_statement,
        t.row_signature,
        t.signature_rows,
        t.table_section_id
    from cells as c
    cross join default_model as d
    inner join table_signatures as t on t.logical_table_id = c.logical_table_id
    where c.measure is not null and c.measure <> 'other'
),

first_per_table as (
    -- a table printing the same key twice (e.g. a code under two committees) keeps its first
    select *
    from keyed
    {{ dedupe('document_id, table_id, statement, item_key, period_key, unit, model, is_percent_cell',
              'row_seq, source_line, column_index') }}  -- line and column break ties: the same pair every build
),

numbered as (
    select
        *,
        row_number() over (
            partition by document_id, statement, item_key, period_key, unit, model, is_percent_cell,
                case when is_single_table_statement then '' else row_signature end
            order by logical_table_start_line, table_id) as printing
    from first_per_table
)

select
    'cross_table' as check_kind,
    'same_figure_in_two_tables' as rule,
    later.document_id,
    later.section_id,
    later.logical_table_id as table_id,
    later.table_title,
    later.statement,
    later.line_item || ' | ' || later.column_label as subject,
    first.item_key || ' | ' || later.period_key as group_key,
    later.amount as stated_value,
    first.amount as computed_value,
    coalesce(greatest(case when later.amount <> 0 then later.precision_step end,
                      case when first.amount <> 0 then first.precision_step end),
             later.precision_step) as tolerance,
    'printed precision: the coarser last digit of the two printings' as tolerance_basis,
    first.line_item || ' | ' || first.column_label || ' (' || coalesce(first.table_title, '?')
        || ', line ' || cast(first.source_line as varchar) || ')' as line_items,
    'compared with the first printing at line ' || cast(first.source_line as varchar) as note,
    later.source_line
from numbered as later
inner join numbered as first
    on first.document_id = later.document_id
   and first.statement = later.statement
   and first.item_key = later.item_key
   and first.period_key = later.period_key
   and first.unit = later.unit
   and first.model = later.model
   and first.is_percent_cell = later.is_percent_cell
   and first.printing = 1
   and (later.is_single_table_statement
        or (first.row_signature = later.row_signature
            -- a table of one or two rows is too short to be recognised as a reprint
            and first.signature_rows >= 3
            and first.table_section_id <> later.table_section_id))
where later.printing > 1
  and first.logical_table_id <> later.logical_table_id
