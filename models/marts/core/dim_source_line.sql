-- Every printed line with the innermost section it belongs to: join any fact on
-- (document_id, source_line) to read the line it came from.
with ranked as (
    select
        l.document_id,
        l.source_line,
        l.text,
        s.section_id,
        row_number() over (
            partition by l.document_id, l.source_line
            order by s.depth desc, s.line_start desc
        ) as rn
    from {{ ref('stg_raw__document_lines') }} as l
    left join {{ ref('stg_raw__sections') }} as s
        on s.document_id = l.document_id
        and l.source_line between s.line_start and s.line_end
)

select document_id, source_line, section_id, text
from ranked
where rn = 1
