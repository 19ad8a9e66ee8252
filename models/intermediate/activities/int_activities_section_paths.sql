-- Every section with the titles of its ancestors, so a printing can be named
-- "report › chapter › perspective" (which reports printed the same activity).
with recursive walk as (
    select section_id, document_id, depth, title,
           coalesce(title, section_kind) as section_path
    from {{ admitted('stg_raw__sections') }}
    where parent_section_id is null
    union all
    select s.section_id, s.document_id, s.depth, s.title,
           w.section_path || ' › ' || coalesce(s.title, s.section_kind)
    from {{ admitted('stg_raw__sections') }} as s
    inner join walk as w on s.parent_section_id = w.section_id
)
select section_id, document_id, depth, section_path
from walk
