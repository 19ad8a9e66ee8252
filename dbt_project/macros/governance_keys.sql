{#- Deterministic governance keys: the same meeting (region + body + date) or paragraph
    (+ §) gets the same id in every build and from every document that prints it.
    A date that could not be read (e.g. '2025-02-30') falls back to the printed text,
    so the row keeps a stable key while its meeting_date stays NULL. -#}
{% macro governance_meeting_parts(region, body, meeting_date, meeting_date_text) -%}
{{ return(["coalesce(" ~ region ~ ", '')", "coalesce(" ~ body ~ ", '')",
           "coalesce(cast(" ~ meeting_date ~ " as varchar), 'printed:' || " ~ meeting_date_text ~ ", '')"]) }}
{%- endmacro %}

{% macro governance_meeting_id(region, body, meeting_date, meeting_date_text) -%}
{{ surrogate_key(governance_meeting_parts(region, body, meeting_date, meeting_date_text)) }}
{%- endmacro %}

{% macro governance_decision_id(region, body, meeting_date, meeting_date_text, paragraph, source_line) -%}
{{ surrogate_key(governance_meeting_parts(region, body, meeting_date, meeting_date_text)
                 + ["coalesce(cast(" ~ paragraph ~ " as varchar), 'line:' || cast(" ~ source_line ~ " as varchar))"]) }}
{%- endmacro %}
