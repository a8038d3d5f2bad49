{#- Engagement threshold recommendation as of as_of_date (docs/kpi_catalogue.md, "Engagement
    threshold recommendation"). One row.
    Deals: closed-won opportunities of fct_opportunities (is_closed and is_won; an opportunity
    whose currency has no fx rate is not in the fact) created after as_of_date − 2 years
    and on or before as_of_date, at any account: the fact scores every account that touches the
    company, target or not. Var threshold_abm_deals_only (default false) narrows the deals to
    ABM opportunities (the account was on the target list on created_date). Each deal's score is
    its account's engagement_score (fct_account_engagement_weeks) in the week before the week of
    created_date (0 when the account has no row that week).
      won_opportunities                 deals counted;
      recommended_threshold             the highest whole score T in 0..100 such that the deals
                                        with score >= T are at least threshold_capture_rate (var,
                                        default 0.8) of the deals; null without deals;
      recommended_threshold_captured_opportunities / _capture_rate   deals with score >= it;
      score_p10 … score_p90             deciles of the deals' scores (continuous percentiles);
      current_threshold                 var hot_account_threshold (default 65);
      current_threshold_captured_opportunities / _capture_rate   deals with score >= it;
      accounts_turned_hot               accounts with a became_hot week starting in the window
                                        (after as_of_date − 2 years, up to as_of_date);
      hot_accounts_without_opportunity  those with no opportunity created within 13 weeks
                                        (91 days) from the start of any of their became_hot weeks
                                        in the window; hot_without_opportunity_rate = that / turned
                                        hot. Became-hot weeks in the last 13 weeks have a follow-up
                                        window cut short by as_of_date. -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

engagement_weeks as (

    select * from {{ ref('fct_account_engagement_weeks') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.dateadd('year', -2, 'as_of_date') }} as date) as window_start_date
    from {{ ref('int_as_of_date') }}

),

thresholds as (

    {{ integer_series(101) }}

),

won_deals as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.created_date,
        coalesce(engagement_weeks.engagement_score, 0) as score_before_creation
    from opportunities
    cross join as_of
    left join engagement_weeks
        on opportunities.account_id = engagement_weeks.account_id
            and engagement_weeks.week_start_date = cast(
                {{ dbt.dateadd('day', -7, dbt.date_trunc('week', 'opportunities.created_date')) }} as date
            )
    where opportunities.is_closed
        and opportunities.is_won
        {%- if var('threshold_abm_deals_only', false) %}
        and opportunities.is_abm
        {%- endif %}
        and opportunities.created_date > as_of.window_start_date
        and opportunities.created_date <= as_of.as_of_date

),

deal_totals as (

    select
        count(*) as won_opportunities,
        sum(case when score_before_creation >= {{ var('hot_account_threshold') }} then 1 else 0 end)
            as current_threshold_captured_opportunities,
        {{ percentile_cont('score_before_creation', 0.1) }} as score_p10,
        {{ percentile_cont('score_before_creation', 0.2) }} as score_p20,
        {{ percentile_cont('score_before_creation', 0.3) }} as score_p30,
        {{ percentile_cont('score_before_creation', 0.4) }} as score_p40,
        {{ percentile_cont('score_before_creation', 0.5) }} as score_p50,
        {{ percentile_cont('score_before_creation', 0.6) }} as score_p60,
        {{ percentile_cont('score_before_creation', 0.7) }} as score_p70,
        {{ percentile_cont('score_before_creation', 0.8) }} as score_p80,
        {{ percentile_cont('score_before_creation', 0.9) }} as score_p90
    from won_deals

),

threshold_captures as (

    select
        thresholds.n as threshold,
        count(won_deals.opportunity_id) as captured_opportunities
    from thresholds
    left join won_deals
        on thresholds.n <= won_deals.score_before_creation
    group by thresholds.n

),

recommended as (

    select max(threshold_captures.threshold) as recommended_threshold
    from threshold_captures
    cross join deal_totals
    where deal_totals.won_opportunities > 0
        and threshold_captures.captured_opportunities
        >= {{ var('threshold_capture_rate') }} * deal_totals.won_opportunities

),

hot_turns as (

    select
        engagement_weeks.account_id,
        engagement_weeks.week_start_date
    from engagement_weeks
    cross join as_of
    where engagement_weeks.became_hot
        and engagement_weeks.week_start_date > as_of.window_start_date
        and engagement_weeks.week_start_date <= as_of.as_of_date

),

hot_turns_followed as (

    select
        hot_turns.account_id,
        max(case when opportunities.opportunity_id is not null then 1 else 0 end) as has_opportunity
    from hot_turns
    left join opportunities
        on hot_turns.account_id = opportunities.account_id
            and hot_turns.week_start_date <= opportunities.created_date
            and opportunities.created_date < {{ dbt.dateadd('day', 91, 'hot_turns.week_start_date') }}
    group by hot_turns.account_id

),

hot_account_totals as (

    select
        count(*) as accounts_turned_hot,
        sum(case when has_opportunity = 0 then 1 else 0 end) as hot_accounts_without_opportunity
    from hot_turns_followed

),

final as (

    select
        cast(as_of.as_of_date as date) as as_of_date,
        as_of.window_start_date,
        cast(deal_totals.won_opportunities as bigint) as won_opportunities,
        cast(recommended.recommended_threshold as integer) as recommended_threshold,
        cast(recommended_captures.captured_opportunities as bigint) as recommended_threshold_captured_opportunities,
        cast(recommended_captures.captured_opportunities as {{ type_double() }})
        / nullif(deal_totals.won_opportunities, 0) as recommended_threshold_capture_rate,
        cast({{ var('threshold_capture_rate') }} as {{ type_double() }}) as target_capture_rate,
        cast(deal_totals.score_p10 as {{ type_double() }}) as score_p10,
        cast(deal_totals.score_p20 as {{ type_double() }}) as score_p20,
        cast(deal_totals.score_p30 as {{ type_double() }}) as score_p30,
        cast(deal_totals.score_p40 as {{ type_double() }}) as score_p40,
        cast(deal_totals.score_p50 as {{ type_double() }}) as score_p50,
        cast(deal_totals.score_p60 as {{ type_double() }}) as score_p60,
        cast(deal_totals.score_p70 as {{ type_double() }}) as score_p70,
        cast(deal_totals.score_p80 as {{ type_double() }}) as score_p80,
        cast(deal_totals.score_p90 as {{ type_double() }}) as score_p90,
        cast({{ var('hot_account_threshold') }} as {{ type_double() }}) as current_threshold,
        cast(coalesce(deal_totals.current_threshold_captured_opportunities, 0) as bigint)
            as current_threshold_captured_opportunities,
        cast(deal_totals.current_threshold_captured_opportunities as {{ type_double() }})
        / nullif(deal_totals.won_opportunities, 0) as current_threshold_capture_rate,
        cast(coalesce(hot_account_totals.accounts_turned_hot, 0) as bigint) as accounts_turned_hot,
        cast(coalesce(hot_account_totals.hot_accounts_without_opportunity, 0) as bigint)
            as hot_accounts_without_opportunity,
        cast(hot_account_totals.hot_accounts_without_opportunity as {{ type_double() }})
        / nullif(hot_account_totals.accounts_turned_hot, 0) as hot_without_opportunity_rate
    from as_of
    cross join deal_totals
    cross join recommended
    cross join hot_account_totals
    left join threshold_captures as recommended_captures
        on recommended.recommended_threshold = recommended_captures.threshold

)

select * from final
