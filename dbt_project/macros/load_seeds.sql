{#- Every seed loaded in one statement batch at the start of `dbt build` (on-run-start), not
    as 32 seed nodes at ~0.14 s of dbt overhead each; ingest/dbt_runner.py then builds with
    `--exclude-resource-type seed`. The seeds stay dbt seeds (YAML, descriptions, `rules`
    tests, `dbt seed` by hand), and the tables are what dbt-duckdb's seed makes: the declared
    `column_types` (every column declared, tests/test_dbt_layout.py), the CSV read by DuckDB,
    the descriptions as DuckDB comments (persist_docs). -#}
{% macro load_seeds() %}
  {%- if not execute or flags.WHICH != 'build' -%}{{ return('') }}{%- endif -%}
  {%- set sql = [] -%}
  {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.package_name == project_name -%}
    {%- set types = node.config.column_types -%}
    {%- set relation = api.Relation.create(database=node.database, schema=node.schema,
                                            identifier=node.alias, type='table') -%}
    {%- set casts = [] -%}
    {%- for c, t in types.items() if t | lower != 'varchar' -%}
      {%- do casts.append('cast(' ~ c ~ ' as ' ~ t ~ ') as ' ~ c) -%}
    {%- endfor -%}
    {%- set path = node.root_path ~ '/' ~ node.original_file_path -%}
    {%- do sql.append('create schema if not exists ' ~ relation.without_identifier()) -%}
    {%- do sql.append('create or replace table ' ~ relation ~ ' as select *'
          ~ (' replace (' ~ casts | join(', ') ~ ')' if casts else '')
          ~ " from read_csv('" ~ path ~ "', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')") -%}
    {%- if node.description -%}
      {%- do sql.append('comment on table ' ~ relation ~ ' is ' ~ duckdb_escape_comment(node.description) | trim) -%}
    {%- endif -%}
    {%- for name, column in node.columns.items() if name in types -%}
      {%- do sql.append('comment on column ' ~ relation ~ '.' ~ name ~ ' is ' ~ duckdb_escape_comment(column.description) | trim) -%}
    {%- endfor -%}
  {%- endfor -%}
  {#- one transaction (the profile runs without dbt's): each statement committed on its own costs ~4 ms -#}
  {{ return('begin;\n' ~ sql | join(';\n') ~ ';\ncommit;') }}
{% endmacro %}
