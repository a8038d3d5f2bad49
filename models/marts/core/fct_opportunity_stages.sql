{#- The opportunity-stage fact (docs/kpi_catalogue.md, "Stage conversion"): one row per
    opportunity of fct_opportunities and funnel stage it entered, from the stage history and
    the stage_mapping seed (int_opportunity_stages_sequenced). Stages are whatever the seed
    names: adding, renaming or removing a stage there needs no SQL change.
      entered_date   the first entry into the stage;
      exited_date    the end of the last stay in it (null while the opportunity is in it);
      days_in_stage  whole days over its stays, an unfinished stay counting up to as_of_date;
                     null for closed stages (won / lost end an opportunity). -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

opportunity_stages as (

    select * from {{ ref('int_opportunity_stages_sequenced') }}

),

final as (

    select
        cast(opportunity_stages.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(opportunity_stages.funnel_stage as {{ dbt.type_string() }}) as funnel_stage,
        cast(opportunity_stages.stage_order as integer) as stage_order,
        opportunity_stages.is_closed_stage,
        opportunity_stages.is_won_stage,
        cast(opportunity_stages.entered_date as date) as entered_date,
        cast(opportunity_stages.exited_date as date) as exited_date,
        opportunity_stages.is_current_stage,
        cast(opportunity_stages.stays as integer) as stays,
        cast(opportunity_stages.days_in_stage as bigint) as days_in_stage,
        opportunity_stages.has_reached_later_stage
    from opportunity_stages
    inner join opportunities
        on opportunity_stages.opportunity_id = opportunities.opportunity_id

)

select * from final
