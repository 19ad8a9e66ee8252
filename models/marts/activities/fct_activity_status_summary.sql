-- Status counts per goal (every activity or numbered goal under it, at any depth) and per
-- organisation. One row per scope; the status columns add up to item_count.
with items as (
    select f.*, g.ancestor_ids
    from {{ ref('fct_activity_status') }} as f
    left join (select distinct goal_id, ancestor_ids from {{ ref('int_activity_goals_pathed') }}) as g
        using (goal_id)
),
per_goal as (
    select
        'goal' as scope,
        i.document_id,
        ancestor_id as goal_id,
        cast(null as varchar) as organisation,
        i.status
    from items as i, unnest(i.ancestor_ids) as t(ancestor_id)
),
per_org as (
    select 'organisation' as scope, document_id, cast(null as varchar) as goal_id,
           coalesce(organisation, '(okänd)') as organisation, status
    from items
),
unioned as (
    select * from per_goal
    union all
    select * from per_org
)
select
    md5(u.scope || '|' || u.document_id || '|' || coalesce(u.goal_id, u.organisation)) as summary_id,
    u.scope,
    u.document_id,
    u.goal_id,
    coalesce(g.goal_title, u.organisation) as subject,
    g.goal_path,
    g.goal_kind,
    coalesce(g.organisation, u.organisation) as organisation,
    count(*) as item_count,
    count(*) filter (where u.status = 'done') as done_count,
    count(*) filter (where u.status = 'in_progress') as in_progress_count,
    count(*) filter (where u.status = 'delayed') as delayed_count,
    count(*) filter (where u.status = 'not_started') as not_started_count,
    count(*) filter (where u.status = 'not_achieved') as not_achieved_count,
    count(*) filter (where u.status = 'unknown') as unknown_count
from unioned as u
left join {{ ref('dim_goal') }} as g on u.goal_id = g.goal_id
group by all
