select
    document_id,
    source_file,
    sha256,
    size_bytes,
    line_count,
    nullif(trim(region), '') as region,
    nullif(trim(title), '') as title,
    document_date,
    genre,
    encoding,
    load_status,
    load_error
from {{ source('raw', 'document') }}
