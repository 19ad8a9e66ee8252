{#- Every check of one model (or seed) in one test node: dbt spends ~0.1 s per node whatever
    its query, so one node per check cost most of the build (303 test nodes for 449 checks).
    Each rule keeps its own name, `<kind>_<model>_<column>` as dbt names a one-check test
    (`accepted_values_fct_activity_status_status`), and the failing rows are the model's own
    rows, led by `check_name` and `column_name`: quarantine (ingest/quarantine.py) traces them
    to their documents and names the rule and column in the reason.

    Arguments (each optional; semantics as the dbt / dbt_utils test of the same name):
      primary_key: [column]            never NULL, never repeated
      unique: [column]                 never repeated (NULL allowed)
      not_null: [column | {column, where}]
      accepted_values: {column: [value, ...]}     NULL passes
      accepted_range: {column: {min_value, max_value}}   inclusive; NULL passes
      relationships: [{column, to: ref('model'), field}]  every non-NULL value is in `to`
      unique_combinations: [[column, ...]]   never repeated together (NULLs equal)
      expressions: [sql | {expression, where}]   rows where it is false fail (NULL passes)
      warn: {any of the above}           rules that only warn: their failing rows are kept
                                         beside the others, but never fail the test
    A model has one `rules` test (tests/test_dbt_layout.py holds every model and seed to that):
    the rules a new layout may break (grains, mostly) are its `warn:` part, not a second test
    node. Each failing row carries `check_severity` ('error' or 'warn'); the test counts only
    the error rows (dbt_project.yml: fail_calc), and quarantine reads only those. -#}
{% test rules(model, primary_key=[], unique=[], not_null=[], accepted_values={}, accepted_range={},
              relationships=[], unique_combinations=[], expressions=[], warn={}) %}
{%- set name = model.identifier -%}
{#- A view (staging, most intermediate models) is computed once for all rules, not once per
    rule and again in each key check; a table is read as it is. -#}
{%- set relation = adapter.get_relation(model.database, model.schema, model.identifier) -%}
{%- set once = 'materialized' if relation is not none and relation.is_view else 'not materialized' -%}
{%- set branches = _rule_branches(name, 'error', primary_key, unique, not_null, accepted_values, accepted_range,
                                  relationships, unique_combinations, expressions)
    + _rule_branches(name, 'warn', warn.get('primary_key', []), warn.get('unique', []), warn.get('not_null', []),
                     warn.get('accepted_values', {}), warn.get('accepted_range', {}), warn.get('relationships', []),
                     warn.get('unique_combinations', []), warn.get('expressions', [])) -%}
{%- if not branches -%}{{ exceptions.raise_compiler_error('rules test on ' ~ name ~ ' lists no rule') }}{%- endif -%}
with m as {{ once }} (select * from {{ model }})
{{ branches | join('\nunion all\n') }}
{% endtest %}

{%- macro _rule_branches(name, severity, primary_key, unique, not_null, accepted_values, accepted_range,
                         relationships, unique_combinations, expressions) -%}
{%- set branches = [] -%}
{%- for c in primary_key -%}
  {%- do branches.append(_rule_branch('primary_key_' ~ name ~ '_' ~ c, c, severity,
        c ~ ' is null or ' ~ c ~ ' in (select ' ~ c ~ ' from m where ' ~ c
        ~ ' is not null group by 1 having count(*) > 1)')) -%}
{%- endfor -%}
{%- for c in unique -%}
  {%- do branches.append(_rule_branch('unique_' ~ name ~ '_' ~ c, c, severity,
        c ~ ' in (select ' ~ c ~ ' from m where ' ~ c
        ~ ' is not null group by 1 having count(*) > 1)')) -%}
{%- endfor -%}
{%- for item in not_null -%}
  {%- set c = item.column if item is mapping else item -%}
  {%- set cond = c ~ ' is null' -%}
  {%- if item is mapping and item.where -%}{%- set cond = '(' ~ item.where ~ ') and ' ~ cond -%}{%- endif -%}
  {%- do branches.append(_rule_branch('not_null_' ~ name ~ '_' ~ c, c, severity, cond)) -%}
{%- endfor -%}
{%- for c, values in accepted_values.items() -%}
  {%- set quoted = [] -%}
  {%- for v in values -%}{%- do quoted.append("'" ~ (v | string | replace("'", "''")) ~ "'") -%}{%- endfor -%}
  {%- do branches.append(_rule_branch('accepted_values_' ~ name ~ '_' ~ c, c, severity,
        c ~ ' is not null and ' ~ c ~ ' not in (' ~ quoted | join(', ') ~ ')')) -%}
{%- endfor -%}
{%- for c, r in accepted_range.items() -%}
  {%- set out = [] -%}
  {%- if r.get('min_value') is not none -%}{%- do out.append(c ~ ' < ' ~ r.min_value) -%}{%- endif -%}
  {%- if r.get('max_value') is not none -%}{%- do out.append(c ~ ' > ' ~ r.max_value) -%}{%- endif -%}
  {%- do branches.append(_rule_branch('accepted_range_' ~ name ~ '_' ~ c, c, severity,
        c ~ ' is not null and (' ~ out | join(' or ') ~ ')')) -%}
{%- endfor -%}
{%- for r in relationships -%}
  {%- do branches.append(_rule_branch('relationships_' ~ name ~ '_' ~ r.column ~ '__' ~ r.field ~ '__' ~ r.to.identifier,
        r.column, severity, 'm.' ~ r.column ~ ' is not null and not exists (select 1 from ' ~ r.to ~ ' as p where p.'
        ~ r.field ~ ' = m.' ~ r.column ~ ')')) -%}
{%- endfor -%}
{%- for cols in unique_combinations -%}
  {%- set on = [] -%}
  {%- for c in cols -%}{%- do on.append('d.' ~ c ~ ' is not distinct from m.' ~ c) -%}{%- endfor -%}
  {%- do branches.append(_rule_branch('unique_combination_of_columns_' ~ name ~ '_' ~ cols | join('__'),
        cols | join(', '), severity, 'exists (select 1 from (select ' ~ cols | join(', ') ~ ' from m'
        ~ ' group by all having count(*) > 1) as d where ' ~ on | join(' and ') ~ ')')) -%}
{%- endfor -%}
{%- for item in expressions -%}
  {%- set e = item.expression if item is mapping else item -%}
  {%- set cond = 'not (' ~ e ~ ')' -%}
  {%- if item is mapping and item.where -%}{%- set cond = cond ~ ' and (' ~ item.where ~ ')' -%}{%- endif -%}
  {%- set slug = modules.re.sub('[^a-z0-9]+', '_', e | lower).strip('_')[:80] -%}
  {%- do branches.append(_rule_branch('expression_is_true_' ~ name ~ '__' ~ slug, e, severity, cond)) -%}
{%- endfor -%}
{{ return(branches) }}
{%- endmacro -%}

{%- macro _rule_branch(check, column, severity, condition) -%}
select '{{ check }}' as check_name, '{{ column | replace("'", "''") }}' as column_name,
       '{{ severity }}' as check_severity, m.*
from m
where {{ condition }}
{%- endmacro -%}
