{#- The descriptions of every view and table this run built, as DuckDB comments (BI tools read
    them), in one batch at the end of the run (on-run-end) instead of per model: what dbt's
    persist_docs writes (the relation's description if it has one; each described column
    that exists in the relation, matched as dbt-duckdb does), with the columns of all models
    read in one query. by_document marts comment themselves (materialization_by_document.sql). -#}
{% macro persist_docs_batch(results) %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set built = [] -%}
  {%- for r in results if r.node.resource_type == 'model' and r.status == 'success'
        and r.node.config.materialized in ('view', 'table') -%}
    {%- do built.append(r.node) -%}
  {%- endfor -%}
  {%- if not built -%}{{ return('') }}{%- endif -%}
  {%- set existing = {} -%}
  {%- set query -%}
    select schema_name || '.' || table_name, list(column_name) from duckdb_columns()
    where database_name = '{{ target.database }}' group by all
  {%- endset -%}
  {%- for row in run_query(query) -%}{%- do existing.update({row[0]: row[1]}) -%}{%- endfor -%}
  {%- set sql = [] -%}
  {%- for node in built -%}
    {%- set docs = node.config.persist_docs or {} -%}
    {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias,
                                            type=node.config.materialized) -%}
    {%- if docs.get('relation') and node.description -%}
      {%- do sql.append('comment on ' ~ relation.type ~ ' ' ~ relation ~ ' is ' ~ duckdb_escape_comment(node.description) | trim) -%}
    {%- endif -%}
    {%- if docs.get('columns') -%}
      {%- set present = existing.get(node.schema ~ '.' ~ node.alias, []) -%}
      {%- for name, column in node.columns.items() if name in present -%}
        {%- do sql.append('comment on column ' ~ relation ~ '.' ~ (adapter.quote(name) if column.quote else name)
              ~ ' is ' ~ duckdb_escape_comment(column.description) | trim) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {#- one transaction: each comment committed on its own costs ~4 ms, ~2 s per build -#}
  {{ return('begin;\n' ~ sql | join(';\n') ~ ';\ncommit;' if sql else '') }}
{% endmacro %}
