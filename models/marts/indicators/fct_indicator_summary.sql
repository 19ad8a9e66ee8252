-- The reports' own counts of measures met / partly met / not met / measured, per period.
select
    {{ surrogate_key(['m.document_id', 'm.section_id', 'cast(m.source_line as varchar)', 'm.period_label'],
                     prefix='is_', length=20) }} as indicator_summary_id,
    m.document_id,
    m.section_id,
    s.region,
    coalesce(m.organisation, s.organisation) as organisation,
    m.row_label,
    m.category,
    m.period_label,
    m.period_end_date,
    m.measure_count,
    m.share_text,
    m.share_pct,
    m.source_line
from {{ admitted('stg_raw__indicator_summary') }} as m
left join {{ ref('dim_section') }} as s using (section_id)
