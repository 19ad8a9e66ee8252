-- One row per decision_id. The primary print is the one in the most complete document (most
-- printed lines), then the earliest file name, then the first line: a truncated copy of a
-- meeting pack never takes a decision from the original, and the choice does not depend on
-- content hashes. Every print stays counted in print_count. Flags whether the § lies inside
-- the header's §§ range (NULL when the range was not filled in).
select
    p.*,
    count(*) over (partition by p.decision_id) as print_count,
    case when p.paragraph is null or p.paragraph_from is null then null
         else p.paragraph between p.paragraph_from and p.paragraph_to end as paragraph_in_range
from {{ ref('int_decision_prints_keyed') }} as p
left join {{ ref('stg_raw__documents') }} as d on d.document_id = p.document_id
{{ dedupe('p.decision_id', 'd.line_count desc nulls last, d.source_file, p.document_id, p.source_line') }}
