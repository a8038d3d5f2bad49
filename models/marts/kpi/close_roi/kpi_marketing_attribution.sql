{#- Marketing attribution per month × channel × attribution model: New Business opportunities of
    the opportunity fact by creation month, credited to the channels of their touches in the 90
    days before creation (fct_attribution_credits: first touch, last touch, linear,
    position-based 40/20/40). attributed_opportunities = Σ credit; attributed_pipeline_amount =
    Σ credit × pipeline amount; attributed_won_amount = Σ credit × won amount (won so far).
    Only month × channel × model combinations with credit are emitted. For each month and model
    the credits sum to the opportunities with touches (kpi_marketing_influence). -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}
    where opportunity_type = 'New Business'

),

credits as (

    select * from {{ ref('fct_attribution_credits') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

credits_valued as (

    select
        opportunities.created_month_start_date as month_start_date,
        credits.channel,
        credits.attribution_model,
        credits.opportunity_id,
        credits.credit,
        cast(credits.credit * coalesce(opportunities.pipeline_amount, 0) as {{ type_money() }})
            as attributed_pipeline_amount,
        cast(credits.credit * coalesce(opportunities.won_amount, 0) as {{ type_money() }})
            as attributed_won_amount
    from credits
    inner join opportunities
        on credits.opportunity_id = opportunities.opportunity_id

),

credits_summed as (

    select
        month_start_date,
        channel,
        attribution_model,
        count(distinct opportunity_id) as credited_opportunities,
        {{ exact_sum('credit') }} as attributed_opportunities,
        sum(attributed_pipeline_amount) as attributed_pipeline_amount,
        sum(attributed_won_amount) as attributed_won_amount
    from credits_valued
    group by month_start_date, channel, attribution_model

),

final as (

    select
        credits_summed.month_start_date,
        cast(credits_summed.channel as {{ dbt.type_string() }}) as channel,
        cast(credits_summed.attribution_model as {{ dbt.type_string() }}) as attribution_model,
        months.is_complete,
        cast(credits_summed.credited_opportunities as bigint) as credited_opportunities,
        cast(credits_summed.attributed_opportunities as {{ type_double() }}) as attributed_opportunities,
        cast(credits_summed.attributed_pipeline_amount as {{ type_money() }})
            as attributed_pipeline_amount,
        cast(credits_summed.attributed_won_amount as {{ type_money() }}) as attributed_won_amount
    from credits_summed
    inner join months
        on credits_summed.month_start_date = months.month_start_date

)

select * from final
