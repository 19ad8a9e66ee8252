{#- A primary key: the column is never NULL and never repeated. One test node where
    `unique` + `not_null` were two; the failing rows are the model's own rows (every row of
    a repeated key), so quarantine traces them to their documents directly. -#}
{% test primary_key(model, column_name) %}
select * from {{ model }}
where {{ column_name }} is null
   or {{ column_name }} in (
       select {{ column_name }} from {{ model }}
       where {{ column_name }} is not null
       group by {{ column_name }}
       having count(*) > 1)
{% endtest %}
