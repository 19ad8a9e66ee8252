-- One row per decision_id. The primary print is the one in the most complete document (most
-- printed lines), then the earliest file name, then the first line: a truncated copy of a
-- meeting pack never takes a decision from the original, and the choice does not depend on
-- content hashes. Every print stays counted in print_count. Flags whether the § lies inside
-- the header's §§ range (NULL when the range was not filled in).
select
    * exclude (rn),
    case when paragraph is null or paragraph_from is null then null
         else paragraph between paragraph_from and paragraph_to end as paragraph_in_range
from (
    select
        p.*,
        row_number() over (
            partition by p.decision_id
            order by d.line_count desc nulls last, d.source_file, p.document_id, p.source_line
        ) as rn,
        count(*) over (partition by p.decision_id) as print_count
    from {{ ref('int_decision_prints_keyed') }} as p
    left join {{ ref('stg_raw__documents') }} as d on d.document_id = p.document_id
)
where rn = 1
