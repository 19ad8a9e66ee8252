-- Every step of a case the documents show, from three sources:
--   decision    a protocol paragraph citing the case (its Diarienummer; when it has none,
--               case numbers printed in its decision or Beslutsunderlag)
--   agenda_item a meeting call listing the case
--   register    a diarium record (received), a delegation decision (decided) or an
--               information list (reported)
-- event_kind for decisions and agenda items comes from the wording, via the seed lexicon
-- governance_case_event_kinds (lowest priority number wins; no match -> 'other').
with decision_refs as (
    select r.*
    from {{ admitted('stg_raw__governance_case_references') }} as r
    where r.reference_kind = 'diarienummer'
       or not exists (
           select 1 from {{ admitted('stg_raw__governance_case_references') }} as x
           where x.document_id = r.document_id and x.decision_line = r.decision_line
             and x.reference_kind = 'diarienummer')
),

decision_events as (
    select
        r.case_number,
        dec.meeting_date as event_date,
        dec.body,
        dec.paragraph,
        'decision' as event_source,
        lower(coalesce(dec.decision_lead, '') || ' ' || coalesce(dec.decision_text, dec.title, '')) as wording,
        dec.title,
        dec.meeting_id,
        dec.decision_id,
        cast(null as varchar) as fixed_kind,
        r.reference_kind,
        dec.region,
        r.document_id,
        r.section_id,
        r.source_line,
        row_number() over (partition by dec.decision_id, r.case_number
                           order by r.source_line, r.document_id, r.section_id) as rn
    from decision_refs as r
    join {{ ref('int_decision_prints_keyed') }} as printed
        on printed.document_id = r.document_id and printed.source_line = r.decision_line
    join {{ ref('int_decisions_deduplicated') }} as dec
        on dec.decision_id = printed.decision_id
),

agenda_events as (
    select
        case_number,
        meeting_date as event_date,
        body,
        cast(null as integer) as paragraph,
        'agenda_item' as event_source,
        lower(coalesce(title, '')) as wording,
        title,
        meeting_id,
        cast(null as varchar) as decision_id,
        cast(null as varchar) as fixed_kind,
        'agenda_item' as reference_kind,
        region,
        document_id,
        section_id,
        coalesce(case_line, source_line) as source_line,
        1 as rn
    from {{ ref('int_agenda_items_keyed') }}
    where case_number is not null
),

register_events as (
    select
        e.case_number,
        coalesce(e.entry_date, e.register_date) as event_date,
        s.organisation as body,
        cast(null as integer) as paragraph,
        'register' as event_source,
        lower(coalesce(e.title, '')) as wording,
        e.title,
        cast(null as varchar) as meeting_id,
        cast(null as varchar) as decision_id,
        case
            when e.register_kind = 'diarium' and e.direction = 'I' then 'received'
            when e.register_kind = 'delegation_decision' then 'decided'
            when e.register_kind = 'information' then 'reported'
            else 'other'
        end as fixed_kind,
        e.register_kind as reference_kind,
        d.region,
        e.document_id,
        e.section_id,
        e.source_line,
        1 as rn
    from {{ admitted('stg_raw__governance_register_entries') }} as e
    left join {{ admitted('stg_raw__sections') }} as s using (section_id)
    left join {{ ref('stg_raw__documents') }} as d on d.document_id = e.document_id
    where e.case_number is not null
),

events as (
    select * exclude (rn) from decision_events where rn = 1
    union all
    select * exclude (rn) from agenda_events
    union all
    select * exclude (rn) from register_events
),

lexicon as (
    select lower(phrase) as phrase, event_kind, priority
    from {{ ref('governance_case_event_kinds') }}
),

matched as (
    select
        e.document_id, e.source_line, e.case_number, e.event_source,
        l.phrase, l.event_kind,
        row_number() over (
            partition by e.document_id, e.source_line, e.case_number, e.event_source
            order by l.priority, length(l.phrase) desc, l.phrase, l.event_kind
        ) as rn
    from events as e
    join lexicon as l on strpos(e.wording, l.phrase) > 0
    where e.fixed_kind is null
)

select
    {{ surrogate_key(['e.document_id', 'cast(e.source_line as varchar)', 'e.case_number', 'e.event_source']) }} as case_event_id,
    e.case_number,
    e.event_date,
    e.body,
    e.paragraph,
    coalesce(e.fixed_kind, m.event_kind, 'other') as event_kind,
    case when e.fixed_kind is not null then 'register kind: ' || e.reference_kind else m.phrase end as event_evidence,
    e.event_source,
    e.reference_kind,
    e.title,
    e.meeting_id,
    e.decision_id,
    e.region,
    e.document_id,
    e.section_id,
    e.source_line
from events as e
left join matched as m
    on m.document_id = e.document_id and m.source_line = e.source_line
   and m.case_number = e.case_number and m.event_source = e.event_source and m.rn = 1
