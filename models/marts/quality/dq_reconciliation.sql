-- Every arithmetic check the documents allow, one row per check, unioned from one
-- intermediate model per check kind. A 'fail' is a finding about the document (its
-- figures do not add up beyond the printed precision), never a build error.
with checks as (
    select * from {{ ref('int_recon_column_sums') }}
    union all by name
    select * from {{ ref('int_recon_varav_sums') }}
    union all by name
    select * from {{ ref('int_recon_row_sums') }}
    union all by name
    select * from {{ ref('int_recon_identities') }}
    union all by name
    select * from {{ ref('int_recon_shares') }}
    union all by name
    select * from {{ ref('int_recon_change_pct') }}
    union all by name
    select * from {{ ref('int_recon_cross_table') }}
    union all by name
    select * from {{ ref('int_recon_prose') }}
),

measured as (
    select
        *,
        round(stated_value - computed_value, 6) as difference
    from checks
    where stated_value is not null and computed_value is not null
)

select
    {{ surrogate_key(['document_id', 'check_kind', 'rule', 'coalesce(table_id, section_id)', 'group_key',
                      'cast(source_line as varchar)'], prefix='rc_') }} as check_id,
    document_id,
    section_id,
    check_kind,
    subject,
    stated_value,
    round(computed_value, 6) as computed_value,
    difference,
    tolerance,
    case when abs(difference) <= tolerance + 1e-9 then 'pass' else 'fail' end as status,
    cast(source_line as integer) as source_line,
    rule,
    statement,
    table_id,
    table_title,
    group_key,
    line_items,
    tolerance_basis,
    note
from measured
