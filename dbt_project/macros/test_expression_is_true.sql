{#- Rows where the expression is false fail the test (NULL counts as passing, like dbt_utils). -#}
{% test expression_is_true(model, expression, where_clause=none) %}
select * from {{ model }}
where not ({{ expression }})
{% if where_clause %} and ({{ where_clause }}){% endif %}
{% endtest %}
