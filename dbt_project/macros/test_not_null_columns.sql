{#- Rows where any of `columns` is NULL: the not_null checks of one model's columns in one
    test node (one scan, one stored view of failing rows) instead of one node per column.
    The failing rows are the model's own, so quarantine traces them to their documents. -#}
{% test not_null_columns(model, columns) %}
select * from {{ model }}
where {% for c in columns %}{{ c }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
