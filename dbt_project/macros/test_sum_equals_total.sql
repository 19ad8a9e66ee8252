{#- Groups whose parts do not add up to their stated total beyond the tolerance.
    part_expression / total_expression are evaluated per row; each group must hold
    exactly the parts and one total row (total_flag). -#}
{% test sum_equals_total(model, group_by, value_column, total_flag, tolerance=0) %}
with g as (
    select {{ group_by | join(', ') }},
        sum(case when not ({{ total_flag }}) then {{ value_column }} end) as computed,
        max(case when {{ total_flag }} then {{ value_column }} end) as stated
    from {{ model }}
    group by all
)
select * from g
where stated is not null and computed is not null and abs(stated - computed) > {{ tolerance }}
{% endtest %}
