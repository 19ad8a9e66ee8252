select document_id, source_line, text
from {{ source('raw', 'document_line') }}
