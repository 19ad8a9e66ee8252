{{ config(materialized='by_document') }}  -- ingest/incremental.py: rows per document
-- Every printed line with the innermost section it belongs to: join any fact on
-- (document_id, source_line) to read the line it came from.
select l.document_id, l.source_line, s.section_id, l.text
from {{ admitted('stg_raw__document_lines') }} as l
left join {{ admitted('stg_raw__sections') }} as s
    on s.document_id = l.document_id
    and l.source_line between s.line_start and s.line_end
{{ dedupe('l.document_id, l.source_line', 's.depth desc, s.line_start desc, s.section_id') }}
