{#-
  The project's view, table and test materializations: one statement each.

  dbt-duckdb's own build a model as `<name>__dbt_tmp`, list its columns, rename any existing
  relation to a backup, rename the new one in, comment the relation and each column, commit
  and drop the backup: 6-9 statements and as many rounds of dbt's Python per model. Every
  build writes a fresh file (or a copy nothing reads during the build), so nothing needs the
  swap: `create or replace` does it in one statement, and the descriptions are written for
  all models at once by the on-run-end hook (persist_docs_batch.sql). The profile runs
  without transactions (profiles.yml: disable_transactions), so a model or test is one
  round trip. Contracts, partitioning and grants are not used by this project; a model that
  asks for one fails to compile rather than being built without it.
-#}

{% macro _lean_unsupported(kind) %}
  {%- if config.get('contract', {}).enforced or config.get('grants') or config.get('partitioned_by')
        or config.get('sorted_by') or config.get('sql_header') -%}
    {{ exceptions.raise_compiler_error(kind ~ ' ' ~ this ~ ': contracts, grants, partitioned_by, sorted_by and '
       ~ 'sql_header are not supported by the project\'s one-statement materializations '
       ~ '(dbt_project/macros/materializations_lean.sql)') }}
  {%- endif -%}
{% endmacro %}

{% macro _drop_other_kind(existing, kind) -%}
  {#- create or replace cannot turn a table into a view or back -#}
  {%- if existing is not none and existing.type != kind -%}
    drop {{ existing.type }} if exists {{ existing }};
  {%- endif -%}
{%- endmacro %}

{% materialization view, adapter='duckdb' %}
  {{ _lean_unsupported('view') }}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='view') -%}
  {{ run_hooks(pre_hooks) }}
  {% call statement('main') -%}
    {{ _drop_other_kind(existing, 'view') }}
    create or replace view {{ target_relation }} as (
{{ sql }}
    );
  {%- endcall %}
  {{ run_hooks(post_hooks) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% materialization table, adapter='duckdb' %}
  {{ _lean_unsupported('table') }}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {{ run_hooks(pre_hooks) }}
  {% call statement('main') -%}
    {{ _drop_other_kind(existing, 'table') }}
    create or replace table {{ target_relation }} as (
{{ sql }}
    );
  {%- endcall %}
  {{ run_hooks(post_hooks) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- dbt's test materialization with the failing rows stored (dbt_project.yml: store_failures
    as a view, which ingest/quarantine.py reads): drop any earlier relation, create, commit,
    then count in a second transaction. Here the relation is replaced and counted in one
    round trip (DuckDB returns the last statement's result). -#}
{%- materialization test, adapter='duckdb' -%}
  {%- set relations = [] -%}
  {%- set main_sql = get_limit_subquery_sql(sql, config.get('limit')) -%}
  {%- set create = '' -%}
  {%- if should_store_failures() -%}
    {%- set store_as = config.get('store_failures_as') or 'table' -%}
    {%- if store_as not in ['table', 'view'] -%}
      {{ exceptions.raise_compiler_error("'" ~ store_as ~ "' is not a valid value for `store_failures_as`.") }}
    {%- endif -%}
    {%- set target_relation = api.Relation.create(identifier=model['alias'], schema=schema, database=database,
                                                   type=store_as) -%}
    {%- set existing = adapter.get_relation(database=database, schema=schema, identifier=model['alias']) -%}
    {%- set create -%}
      {{ _drop_other_kind(existing, store_as) }}
      create or replace {{ store_as }} {{ target_relation }} as (
{{ main_sql }}
      );
    {%- endset -%}
    {%- do relations.append(target_relation) -%}
    {%- set main_sql = 'select * from ' ~ target_relation -%}
  {%- endif -%}
  {% call statement('main', fetch_result=True) -%}
    {{ create }}
    {{ get_test_sql(main_sql, config.get('fail_calc'), config.get('warn_if'), config.get('error_if'), limit=none) }}
  {%- endcall %}
  {{ return({'relations': relations}) }}
{%- endmaterialization -%}
