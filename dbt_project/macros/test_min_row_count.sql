{#- Fails when the model (optionally filtered) holds fewer rows than min_count:
    an extractor that silently stops finding a table must fail the build. -#}
{% test min_row_count(model, min_count, where_clause=none) %}
select count(*) as n from {{ model }}
{% if where_clause %} where {{ where_clause }}{% endif %}
having count(*) < {{ min_count }}
{% endtest %}
