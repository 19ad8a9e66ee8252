-- Findings that are not arithmetic: what the extractors could not read cleanly, kept as
-- rows with their printed line so a person can look. Built from columns the domain models
-- already carry (parse_issue, split_ambiguous, statuses that could not be derived,
-- extractor errors, sections and documents that yield no facts); arithmetic findings are in
-- dq_reconciliation.
with governance as (
    select document_id, section_id, source_line, 'meeting' as subject_kind,
           coalesce(body, '?') || ' ' || coalesce(meeting_date_text, cast(meeting_date as varchar), '') as subject,
           parse_issue as detail
    from {{ ref('fct_meeting') }} where parse_issue is not null
    union all
    select document_id, section_id, source_line, 'agenda_item',
           coalesce(cast(item_number as varchar) || '. ', '') || coalesce(title, '?'), parse_issue
    from {{ ref('fct_agenda_item') }} where parse_issue is not null
    union all
    select document_id, section_id, source_line, 'attendance',
           coalesce(person_name, raw_text, '?'),
           coalesce(parse_issue, 'no meeting for this attendee list: the row is not loaded')
    from {{ ref('int_attendance_keyed') }} where parse_issue is not null or meeting_id is null
    union all
    select document_id, section_id, source_line, 'decision',
           coalesce('§ ' || cast(paragraph as varchar) || ' ', '') || coalesce(title, '?'), parse_issue
    from {{ ref('fct_decision') }} where parse_issue is not null
    union all
    select document_id, section_id, source_line, 'register_entry',
           coalesce(entry_ref || ' ', '') || coalesce(title, '?'), parse_issue
    from {{ ref('fct_register_entry') }} where parse_issue is not null
),

paragraph_ranges as (
    select document_id, section_id, source_line,
           '§ ' || cast(paragraph as varchar) || ' ' || coalesce(title, '') as subject,
           'paragraph outside the header range ' || coalesce(paragraph_range_text, '?') as detail
    from {{ ref('fct_decision') }}
    where paragraph_in_range = false
),

split_rows as (
    -- one finding per printed row whose thousands split could not be settled
    select
        document_id,
        min(section_id) as section_id,
        source_line,
        coalesce(min(table_title), '?') || ': ' || coalesce(min(line_item), '?') as subject,
        'values ' || string_agg(amount_text, ' / ' order by value_position, amount_text)
            || coalesce(' — ' || min(split_note), '') as detail
    from {{ ref('fct_financial_line') }}
    where split_ambiguous
    group by document_id, table_id, source_line
),

indicator_status as (
    select document_id, section_id, source_line,
           indicator_name || coalesce(' (' || period_label || ')', '') as subject,
           'status not derived: target ' || coalesce(target_text, '?') || ', result '
               || coalesce(result_text, '?') || ', direction unknown' as detail
    from {{ ref('fct_indicator_value') }}
    where status = 'unknown'
      and target_value is not null and result_value is not null
      and not coalesce(is_duplicate, false)
),

indicator_remarks as (
    select document_id, section_id, source_line,
           indicator_name || coalesce(' (' || period_label || ')', '') as subject,
           remarks as detail
    from {{ ref('fct_indicator_value') }}
    where remarks is not null
),

extraction_errors as (
    select e.document_id, cast(null as varchar) as section_id, cast(null as integer) as source_line,
           e.extractor as subject, e.error as detail
    from {{ admitted('stg_raw__extraction_errors') }} as e
),

-- Facts as each document printed them (staging: before the marts merge the same meeting or
-- measure across documents), by kind as the seed quality_expected_facts names them.
printed_facts as (
    select document_id, source_line, 'fct_decision' as fact_kind from {{ admitted('stg_raw__governance_decisions') }}
    union all
    select document_id, source_line, 'fct_meeting' from {{ admitted('stg_raw__governance_meeting_headers') }}
    union all
    select document_id, source_line, 'fct_agenda_item' from {{ admitted('stg_raw__governance_agenda_items') }}
    union all
    select document_id, source_line, 'fct_attendance' from {{ admitted('stg_raw__governance_attendees') }}
    union all
    select document_id, source_line, 'fct_register_entry' from {{ admitted('stg_raw__governance_register_entries') }}
    union all
    select document_id, source_line, 'fct_indicator_value' from {{ admitted('stg_raw__indicator_value') }}
    union all
    select document_id, source_line, 'fct_indicator_summary' from {{ admitted('stg_raw__indicator_summary') }}
    union all
    select document_id, source_line, 'fct_activity_status' from {{ admitted('stg_raw__activity_items') }}
    union all
    select document_id, source_line, 'fct_activity_status' from {{ admitted('stg_raw__activity_goals') }}
    union all
    -- economic tables only: an amount in running text is not the budget table a plan promises
    select document_id, source_line, 'fct_financial_line' from {{ admitted('stg_raw__financial_amount') }}
    where source_kind <> 'prose'
    union all
    select document_id, source_line, 'fct_financial_line:' || statement from {{ admitted('stg_raw__financial_amount') }}
    where source_kind <> 'prose'
    union all
    select document_id, source_line, 'fct_financial_line:prose' from {{ admitted('stg_raw__financial_amount') }}
    where source_kind = 'prose'
),

-- A top-level section whose kind promises a fact (seed quality_expected_facts) and that
-- yields none of it within its lines: an extractor that found nothing, or a layout it does
-- not know. A finding, never a failed build.
promised as (
    select s.document_id, s.section_id, s.section_kind, s.title, s.line_start, s.line_end, e.fact_kind, e.min_rows
    from {{ admitted('stg_raw__sections') }} as s
    inner join {{ ref('quality_expected_facts') }} as e on e.section_kind = s.section_kind
    where s.depth = 0
),

promised_found as (
    select p.*, (
        select count(*) from printed_facts as f
        where f.document_id = p.document_id and f.fact_kind = p.fact_kind
          and f.source_line between p.line_start and p.line_end) as found
    from promised as p
),

section_no_facts as (
    select
        document_id,
        section_id,
        line_start as source_line,
        section_kind || coalesce(' "' || min(title) || '"', '') as subject,
        'lines ' || line_start || '-' || line_end || ': a ' || section_kind || ' section yields '
            || string_agg(found || ' ' || fact_kind || ' (at least ' || min_rows || ' expected)', ', '
                          order by fact_kind) as detail
    from promised_found
    where found < min_rows
    group by document_id, section_id, section_kind, line_start, line_end
),

-- A readable document (not failed, not quarantined) that yields no fact at all.
document_no_facts as (
    select
        d.document_id,
        cast(null as varchar) as section_id,
        cast(null as integer) as source_line,
        d.source_file as subject,
        'no facts found in ' || coalesce(cast(d.line_count as varchar), '?') || ' lines (genre '
            || coalesce(d.genre, '?') || ', ' || coalesce(cast(s.n as varchar), '0') || ' sections: '
            || coalesce(s.kinds, 'none') || ')' as detail
    from {{ ref('stg_raw__documents') }} as d
    left join (
        select document_id, count(*) as n, string_agg(distinct section_kind, ', ' order by section_kind) as kinds
        from {{ admitted('stg_raw__sections') }} where depth = 0 group by document_id
    ) as s on s.document_id = d.document_id
    where d.load_status <> 'failed'
      and d.document_id not in (select document_id from {{ ref('stg_raw__quarantine') }})
      and d.document_id not in (select document_id from printed_facts)
),

findings as (
    select document_id, section_id, source_line, 'governance' as domain, 'parse_issue' as finding_kind,
           subject_kind || ': ' || subject as subject, detail
    from governance
    union all
    select document_id, section_id, source_line, 'governance', 'paragraph_outside_range', subject, detail
    from paragraph_ranges
    union all
    select document_id, section_id, source_line, 'economics', 'split_ambiguous', subject, detail
    from split_rows
    union all
    select document_id, section_id, source_line, 'indicators', 'status_not_derived', subject, detail
    from indicator_status
    union all
    select document_id, section_id, source_line, 'indicators', 'parser_remark', subject, detail
    from indicator_remarks
    union all
    select document_id, section_id, source_line, 'core', 'extraction_error', subject, detail
    from extraction_errors
    union all
    select document_id, section_id, source_line, 'core', 'no_facts', subject, detail
    from section_no_facts
    union all
    select document_id, section_id, source_line, 'core', 'no_facts', subject, detail
    from document_no_facts
)

select
    {{ surrogate_key(['document_id', 'domain', 'finding_kind', "coalesce(cast(source_line as varchar), '')",
                      'subject', 'detail'], prefix='fi_') }} as finding_id,
    document_id,
    section_id,
    cast(source_line as integer) as source_line,
    domain,
    finding_kind,
    subject,
    detail
from findings
-- the same finding printed twice on one line (e.g. a meeting header repeated) is one row
{{ dedupe('document_id, domain, finding_kind, source_line, subject, detail', 'section_id') }}
