-- Who voted how where the protocol prints a voting list: one row per vote and person.
select
    md5('vote|' || decision_id) as vote_id,
    decision_id,
    person_name,
    party,
    vote,
    document_id,
    source_line,
    section_id
from {{ ref('int_vote_cast_prints_keyed') }}
{{ dedupe('decision_id, lower(person_name)', 'document_id, source_line') }}
