-- kpi_marketing_influence counts the same opportunities and pipeline as kpi_pipeline_created,
-- month by month and segment by segment; influenced never exceeds created.
select
    influence.month_start_date,
    influence.segment
from {{ ref('kpi_marketing_influence') }} as influence
inner join {{ ref('kpi_pipeline_created') }} as pipeline_created
    on influence.month_start_date = pipeline_created.month_start_date
    and influence.segment = pipeline_created.segment
where influence.opportunities_created <> pipeline_created.opportunities_created
    or abs(influence.pipeline_created_amount - pipeline_created.pipeline_created_amount) > 0.01
    or influence.influenced_opportunities > influence.opportunities_created
