{#- Keep one row per `partition_by`, the first in `order_by`: a QUALIFY clause, written
    after the FROM/WHERE of the select that should drop the other rows.
      select * from prints {{ dedupe('decision_id', 'document_id, source_line') }} -#}
{% macro dedupe(partition_by, order_by) -%}
qualify row_number() over (partition by {{ partition_by }} order by {{ order_by }}) = 1
{%- endmacro %}
