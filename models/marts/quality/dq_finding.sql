-- Findings that are not arithmetic: what the extractors could not read cleanly, kept as
-- rows with their printed line so a person can look. Built from columns the domain models
-- already carry (parse_issue, split_ambiguous, statuses that could not be derived,
-- extractor errors); arithmetic findings are in dq_reconciliation.
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
        any_value(section_id) as section_id,
        source_line,
        coalesce(any_value(table_title), '?') || ': ' || coalesce(any_value(line_item), '?') as subject,
        'values ' || string_agg(amount_text, ' / ' order by value_position)
            || coalesce(' — ' || any_value(split_note), '') as detail
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
    from {{ ref('stg_raw__extraction_errors') }} as e
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
