{#- One row per CRM opportunity created on or before as_of_date whose amount could be converted
    to the reporting currency (opportunities whose currency has no fx rate are left out and
    listed, with the reason, in int_amounts_fx_rejected). Segment point in time (at
    created_date), amounts in the reporting currency as exact decimals (pipeline at the
    creation month's rate, won / lost at the close month's rate), the first and current funnel
    stage from the stage history, days in open stages, cycle length, and the first and last
    creditable touch of the 90 days before creation (int_opportunity_touches_windowed; see
    docs/kpi_catalogue.md, "Marketing attribution").
    Each funnel stage's entry / exit dates and days are in the long fact fct_opportunity_stages
    (one row per opportunity and stage) and, one set of columns per open funnel stage of the
    stage_mapping seed, in fct_opportunities_wide: no stage name is written in SQL. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_segmented') }}

),

opportunity_amounts as (

    select * from {{ ref('int_opportunities_converted') }}

),

opportunity_stages as (

    select * from {{ ref('int_opportunity_stages_sequenced') }}

),

opportunity_touches as (

    select * from {{ ref('int_opportunity_touches_windowed') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

stage_dates_summarized as (

    select
        opportunity_id,
        min(entered_date) as first_stage_entered_date,
        max(case when is_current_stage then funnel_stage end) as current_funnel_stage,
        max(case when is_current_stage then entered_date end) as current_stage_entered_date,
        count(*) as funnel_stages_entered,
        sum(days_in_stage) as days_in_open_stages
    from opportunity_stages
    group by opportunity_id

),

touches_summarized as (

    select
        opportunity_id,
        count(*) as touches_90d,
        max(case when touch_position = 1 then touch_at end) as first_touch_at,
        max(case when touch_position = 1 then channel end) as first_touch_channel,
        max(case when touch_position = touch_count then touch_at end) as last_touch_at,
        max(case when touch_position = touch_count then channel end) as last_touch_channel
    from opportunity_touches
    group by opportunity_id

),

final as (

    select
        cast(opportunities.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(opportunities.account_id as {{ dbt.type_string() }}) as account_id,
        cast(opportunities.opportunity_name as {{ dbt.type_string() }}) as opportunity_name,
        cast(opportunities.opportunity_type as {{ dbt.type_string() }}) as opportunity_type,
        cast(opportunities.stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_mapping.funnel_stage as {{ dbt.type_string() }}) as funnel_stage,
        cast(opportunities.lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(opportunities.campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(opportunities.owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(opportunities.segment as {{ dbt.type_string() }}) as segment,
        opportunities.is_abm,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.is_closed and opportunities.is_won as is_closed_won,
        opportunities.is_closed and not opportunities.is_won as is_closed_lost,
        cast(opportunities.created_date as date) as created_date,
        cast({{ dbt.date_trunc('month', 'opportunities.created_date') }} as date)
            as created_month_start_date,
        cast(opportunities.close_date as date) as close_date,
        cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            as close_month_start_date,
        cast(
            case
                when opportunities.is_closed
                    then {{ dbt.datediff('opportunities.created_date', 'opportunities.close_date', 'day') }}
            end
            as bigint
        ) as sales_cycle_days,
        cast(
            case
                when not opportunities.is_closed
                    then {{ dbt.datediff('opportunities.created_date', '(select as_of_date from as_of)', 'day') }}
            end
            as bigint
        ) as open_age_days,
        cast(opportunities.currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(opportunities.amount_local as {{ type_money() }}) as amount_local,
        cast(opportunity_amounts.created_rate_to_reporting as {{ type_double() }})
            as created_rate_to_reporting,
        cast(opportunity_amounts.close_rate_to_reporting as {{ type_double() }})
            as close_rate_to_reporting,
        cast(opportunity_amounts.pipeline_amount as {{ type_money() }}) as pipeline_amount,
        cast(
            case
                when opportunities.is_closed and opportunities.is_won
                    then opportunity_amounts.closed_amount
            end
            as {{ type_money() }}
        ) as won_amount,
        cast(
            case
                when opportunities.is_closed and not opportunities.is_won
                    then opportunity_amounts.closed_amount
            end
            as {{ type_money() }}
        ) as lost_amount,
        cast(stage_dates_summarized.first_stage_entered_date as date) as first_stage_entered_date,
        cast(stage_dates_summarized.current_funnel_stage as {{ dbt.type_string() }})
            as current_funnel_stage,
        cast(stage_dates_summarized.current_stage_entered_date as date)
            as current_stage_entered_date,
        cast(stage_dates_summarized.funnel_stages_entered as bigint) as funnel_stages_entered,
        cast(stage_dates_summarized.days_in_open_stages as bigint) as days_in_open_stages,
        cast(coalesce(touches_summarized.touches_90d, 0) as bigint) as touches_90d,
        cast(touches_summarized.first_touch_at as {{ dbt.type_timestamp() }}) as first_touch_at,
        cast(touches_summarized.first_touch_channel as {{ dbt.type_string() }})
            as first_touch_channel,
        cast(touches_summarized.last_touch_at as {{ dbt.type_timestamp() }}) as last_touch_at,
        cast(touches_summarized.last_touch_channel as {{ dbt.type_string() }})
            as last_touch_channel
    {{ pass_through_selected('crm_opportunity_pass_through_columns', 'opportunities') }}
    from opportunities
    inner join opportunity_amounts
        on opportunities.opportunity_id = opportunity_amounts.opportunity_id
    left join stage_mapping
        on opportunities.stage_name = stage_mapping.stage_name
    left join stage_dates_summarized
        on opportunities.opportunity_id = stage_dates_summarized.opportunity_id
    left join touches_summarized
        on opportunities.opportunity_id = touches_summarized.opportunity_id
    where opportunity_amounts.fx_reject_reason is null
        and opportunities.created_date <= (select as_of_date from as_of)

)

select * from final
