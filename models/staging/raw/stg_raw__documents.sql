select
    document_id,
    source_file,
    sha256,
    size_bytes,
    line_count,
    trim(region) as region,
    trim(title) as title,
    document_date,
    genre,
    encoding,
    load_status,
    load_error
from {{ source('raw', 'document') }}
