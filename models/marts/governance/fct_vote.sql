-- One row per vote on a protocol paragraph: the decision it belongs to (the same key as
-- fct_decision: region + body + date + §) and the printed counts. A paragraph printed in
-- several documents keeps its first print.
select
    md5('vote|' || decision_id) as vote_id,
    decision_id,
    body,
    meeting_date,
    paragraph,
    yes_count,
    no_count,
    abstain_count,
    document_id,
    source_line,
    section_id,
    region,
    vote_text
from {{ ref('int_vote_prints_keyed') }}
{{ dedupe('decision_id', 'document_id, source_line') }}
