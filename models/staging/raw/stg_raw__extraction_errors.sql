select document_id, extractor, error
from {{ source('raw', 'extraction_error') }}
