{#- A row key from its parts: md5 of the parts joined by '|' (NULL parts are skipped, as
    concat_ws does; coalesce a part to keep its place). `prefix` names the kind of row
    ('iv_', 'rc_'); `length` keeps the first characters of the hash.
      {{ surrogate_key(['document_id', 'cast(source_line as varchar)'], prefix='fi_') }} -#}
{% macro surrogate_key(parts, prefix=none, length=none) -%}
{%- set hashed = "md5(concat_ws('|', " ~ (parts | join(', ')) ~ "))" -%}
{%- if length is not none -%}{%- set hashed = "substr(" ~ hashed ~ ", 1, " ~ length ~ ")" -%}{%- endif -%}
{%- if prefix is not none -%}'{{ prefix }}' || {% endif -%}{{ hashed }}
{%- endmacro %}
