-- Financial amounts joined to their section (region, organisation, report period) and the
-- unit seed, with money normalised to kronor (amount x kronor per unit; NULL for non-money).
with amounts as (
    select * from {{ admitted('stg_raw__financial_amount') }}
),

sections as (
    select section_id, region, organisation, report_period from {{ admitted('stg_raw__sections') }}
),

documents as (
    select document_id, region as document_region from {{ ref('stg_raw__documents') }}
),

units as (
    select distinct unit, cast(sek_per_unit as double) as sek_per_unit
    from {{ ref('economics_units') }}
    where sek_per_unit is not null
)

select
    a.*,
    coalesce(s.region, d.document_region) as region,
    -- the section's organisation, else the body the document names in its title block
    coalesce(s.organisation, a.stated_organisation) as organisation,
    s.report_period,
    a.amount * u.sek_per_unit as amount_sek
from amounts a
left join sections s using (section_id)
left join documents d using (document_id)
left join units u on u.unit = a.unit
