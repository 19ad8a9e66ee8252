{#-
  by_document: a mart whose rows each belong to one document and depend on nothing but
  that document (and the project's code and seeds). Document ids are content hashes, so a
  document's rows never change while its id stays. When the table already exists - the
  build started from a copy of the published file built by the same code
  (ingest/incremental.py) - only rows of documents no longer loaded (or quarantined) are
  deleted, and only documents not yet in the table are computed and inserted. Without a
  table (a build from an empty file) or with --full-refresh it is built whole, as a table.
-#}
{% materialization by_document, adapter='duckdb' %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- set documents -%}
    select document_id from "{{ this.database }}"."raw"."document" where document_id is not null
    except
    select document_id from "{{ this.database }}"."raw"."quarantine" where document_id is not null
  {%- endset -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- if existing is none or existing.type != 'table' or should_full_refresh() %}
    {%- if existing is not none %}{{ adapter.drop_relation(existing) }}{% endif %}
    {% call statement('main') -%}
      {{ create_table_as(False, target_relation, sql) }}
    {%- endcall %}
  {%- else %}
    {% call statement('delete_gone') -%}
      delete from {{ target_relation }} as t
      where t.document_id is null or t.document_id not in ({{ documents }})
    {%- endcall %}
    {% call statement('main') -%}
      insert into {{ target_relation }} by name
      select * from ({{ sql }}) as model
      where model.document_id in ({{ documents }} except select document_id from {{ target_relation }})
    {%- endcall %}
  {%- endif %}
  {% do persist_docs(target_relation, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
