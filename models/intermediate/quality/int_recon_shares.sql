-- The reports' own counts of measures met / partly met / not met (fct_indicator_summary):
--   count_total: the category counts add up to the printed total (counts are exact, so
--                the tolerance is 0; an empty cell counts as 0 and is noted);
--   share:       each printed share equals count / total (±1 percentage point: shares are
--                printed as whole percents and may be forced to add up to 100).
with summary as (
    select * from {{ ref('fct_indicator_summary') }}
),

grouped as (
    select
        document_id,
        section_id,
        organisation,
        period_label,
        max(case when category = 'total' then measure_count end) as total_count,
        max(case when category = 'total' then source_line end) as total_line,
        max(case when category = 'total' then row_label end) as total_label,
        sum(case when category <> 'total' then coalesce(measure_count, 0) end) as category_sum,
        count(*) filter (where category <> 'total') as category_rows,
        count(*) filter (where category <> 'total' and measure_count is null) as empty_cells,
        string_agg(case when category <> 'total' then category || ' ' || coalesce(cast(measure_count as varchar), '(empty)') end,
                   ' + ' order by source_line, category) as line_items
    from summary
    group by document_id, section_id, organisation, period_label
),

count_totals as (
    select
        'count_total' as check_kind,
        'categories_sum_to_total' as rule,
        document_id,
        section_id,
        cast(null as varchar) as table_id,
        total_label as table_title,
        'indicator_summary' as statement,
        coalesce(organisation, '?') || ': ' || total_label || ' | ' || period_label as subject,
        coalesce(organisation, '?') || ' | ' || period_label as group_key,
        cast(total_count as double) as stated_value,
        cast(category_sum as double) as computed_value,
        0.0 as tolerance,
        'counts are exact' as tolerance_basis,
        line_items,
        case when empty_cells > 0 then cast(empty_cells as varchar) || ' empty category cell(s) counted as 0' end as note,
        total_line as source_line
    from grouped
    where total_count is not null and category_rows > 0
),

shares as (
    select
        'share' as check_kind,
        'share_equals_count_over_total' as rule,
        s.document_id,
        s.section_id,
        cast(null as varchar) as table_id,
        s.row_label as table_title,
        'indicator_summary' as statement,
        coalesce(s.organisation, '?') || ': ' || s.row_label || ' | ' || s.period_label as subject,
        coalesce(s.organisation, '?') || ' | ' || s.period_label as group_key,
        s.share_pct as stated_value,
        round(100.0 * s.measure_count / g.total_count, 4) as computed_value,
        1.0 as tolerance,
        'shares printed as whole percents: ±1 percentage point' as tolerance_basis,
        cast(s.measure_count as varchar) || ' / ' || cast(g.total_count as varchar) as line_items,
        cast(null as varchar) as note,
        s.source_line
    from summary as s
    inner join grouped as g
        on g.document_id = s.document_id and g.section_id = s.section_id
       and g.organisation is not distinct from s.organisation
       and g.period_label is not distinct from s.period_label
    where s.category <> 'total'
      and s.share_pct is not null
      and s.measure_count is not null
      and g.total_count > 0
)

select * from count_totals
union all
select * from shares
