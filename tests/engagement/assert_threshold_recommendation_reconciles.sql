-- kpi_engagement_threshold_recommendation: won_opportunities equals the closed-won
-- opportunities (ABM ones only when var threshold_abm_deals_only is true) created in the two years up to as_of_date, and the recommended threshold is
-- the highest whole score meeting the capture rate: it captures at least threshold_capture_rate
-- of the deals and the next whole score does not (unless it is 100). Returns the mart row when
-- either fails.
with

mart as (

    select * from {{ ref('kpi_engagement_threshold_recommendation') }}

),

won as (

    select
        opportunities.opportunity_id,
        coalesce(fact.engagement_score, 0) as score
    from {{ ref('stg_crm__opportunities') }} as opportunities
    inner join {{ ref('fct_opportunities') }} as opportunity_facts
        on opportunities.opportunity_id = opportunity_facts.opportunity_id
    cross join mart
    left join {{ ref('fct_account_engagement_weeks') }} as fact
        on opportunities.account_id = fact.account_id
        and fact.week_start_date = cast(
            {{ dbt.dateadd('day', -7, dbt.date_trunc('week', 'opportunities.created_date')) }} as date
        )
    where opportunities.is_closed
        and opportunities.is_won
        {%- if var('threshold_abm_deals_only', false) %}
        and opportunity_facts.is_abm
        {%- endif %}
        and opportunities.created_date > mart.window_start_date
        and opportunities.created_date <= mart.as_of_date

),

checks as (

    select
        count(*) as won_opportunities,
        sum(case when won.score >= mart.recommended_threshold then 1 else 0 end) as captured_at_threshold,
        sum(case when won.score >= mart.recommended_threshold + 1 then 1 else 0 end) as captured_above_threshold
    from won
    cross join mart

)

select
    mart.*
from mart
cross join checks
where mart.won_opportunities <> checks.won_opportunities
    or (
        checks.won_opportunities > 0
        and (
            cast(checks.captured_at_threshold as {{ type_double() }}) / checks.won_opportunities
            < {{ var('threshold_capture_rate') }}
            or (
                mart.recommended_threshold < 100
                and cast(checks.captured_above_threshold as {{ type_double() }}) / checks.won_opportunities
                >= {{ var('threshold_capture_rate') }}
            )
        )
    )
