-- One row per decision_id: the first print in document and line order. Flags whether the
-- § lies inside the header's §§ range (NULL when the range was not filled in).
select
    *,
    count(*) over (partition by decision_id) as print_count,
    case when paragraph is null or paragraph_from is null then null
         else paragraph between paragraph_from and paragraph_to end as paragraph_in_range
from {{ ref('int_decision_prints_keyed') }}
{{ dedupe('decision_id', 'document_id, source_line') }}
