{#- Pipeline required per quarter × segment, for the quarters and segments of the
    revenue_targets seed that lie in the calendar (no quarter after as_of_date's).
    The seed's target is new revenue (won New Business and Expansion), so every term uses New
    Business and Expansion opportunities of the segment (segment at creation).
    snapshot_date = the quarter's start, or as_of_date if earlier.
      win_rate = won / closed, opportunities closed in the 4 quarters before the quarter;
      avg_deal_size_amount = mean won amount over the same 4 quarters;
      required_pipeline_amount = revenue_target_amount / win_rate;
      required_opportunities = required_pipeline_amount / avg_deal_size_amount;
      open_pipeline_amount = opportunities open on snapshot_date whose close_date falls in the
        quarter; pipeline_coverage_rate = open / required (can exceed 1: 3× coverage is 3.0);
      opportunity_creation_rate = of the target-list stays of the segment's tier that began
        between 24 and 12 months before snapshot_date (so that their 12 months are observed),
        the share whose account created an opportunity (any type) within 12 months of joining;
      required_target_accounts = required_opportunities / opportunity_creation_rate
        (null for non_target, which has no list). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

revenue_targets as (

    select * from {{ ref('revenue_targets') }}

),

all_opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

opportunities as (

    select * from all_opportunities
    where opportunity_type in ('New Business', 'Expansion')

),

target_stays as (

    select * from {{ ref('dim_target_list_stays') }}

),

quarters as (

    select * from {{ ref('int_calendar_quarters') }}

),

quarter_targets as (

    select
        quarters.quarter_start_date,
        quarters.quarter_end_date,
        quarters.is_complete,
        revenue_targets.segment,
        revenue_targets.revenue_target_amount,
        case
            when quarters.quarter_start_date < (select as_of_date from as_of) then quarters.quarter_start_date
            else (select as_of_date from as_of)
        end as snapshot_date,
        cast({{ dbt.dateadd('month', -12, 'quarters.quarter_start_date') }} as date)
            as lookback_start_date
    from quarters
    inner join revenue_targets
        on quarters.quarter_start_date = revenue_targets.quarter_start_date

),

closed_summarized as (

    select
        quarter_targets.quarter_start_date,
        quarter_targets.segment,
        sum(case when opportunities.is_closed_won then 1 else 0 end) as won_opportunities,
        count(*) as closed_opportunities,
        avg(opportunities.won_amount) as avg_deal_size_amount
    from quarter_targets
    inner join opportunities
        on quarter_targets.segment = opportunities.segment
            and opportunities.is_closed
            and quarter_targets.lookback_start_date <= opportunities.close_date
            and quarter_targets.quarter_start_date > opportunities.close_date
            and opportunities.close_date <= (select as_of_date from as_of)
    group by quarter_targets.quarter_start_date, quarter_targets.segment

),

open_summarized as (

    select
        quarter_targets.quarter_start_date,
        quarter_targets.segment,
        count(*) as open_opportunities,
        sum(coalesce(opportunities.pipeline_amount, 0)) as open_pipeline_amount
    from quarter_targets
    inner join opportunities
        on quarter_targets.segment = opportunities.segment
            and quarter_targets.snapshot_date >= opportunities.created_date
            and (not opportunities.is_closed or quarter_targets.snapshot_date < opportunities.close_date)
            and quarter_targets.quarter_start_date <= opportunities.close_date
            and quarter_targets.quarter_end_date >= opportunities.close_date
    group by quarter_targets.quarter_start_date, quarter_targets.segment

),

stays_observed as (

    select
        quarter_targets.quarter_start_date,
        quarter_targets.segment,
        target_stays.account_id,
        target_stays.added_date,
        case
            when exists (
                    select 1
                    from all_opportunities
                    where all_opportunities.account_id = target_stays.account_id
                        and all_opportunities.created_date >= target_stays.added_date
                        and all_opportunities.created_date
                        < {{ dbt.dateadd('month', 12, 'target_stays.added_date') }}
                ) then 1
            else 0
        end as created_opportunity
    from quarter_targets
    inner join target_stays
        on quarter_targets.segment = target_stays.segment
            and target_stays.added_date <= {{ dbt.dateadd('month', -12, 'quarter_targets.snapshot_date') }}
            and target_stays.added_date > {{ dbt.dateadd('month', -24, 'quarter_targets.snapshot_date') }}

),

creation_summarized as (

    select
        quarter_start_date,
        segment,
        count(*) as observed_stays,
        sum(created_opportunity) as stays_with_opportunity
    from stays_observed
    group by quarter_start_date, segment

),

joined as (

    select
        quarter_targets.quarter_start_date,
        quarter_targets.segment,
        quarter_targets.is_complete,
        quarter_targets.snapshot_date,
        quarter_targets.revenue_target_amount,
        coalesce(closed_summarized.won_opportunities, 0) as won_opportunities,
        coalesce(closed_summarized.closed_opportunities, 0) as closed_opportunities,
        closed_summarized.won_opportunities * 1.0
        / nullif(closed_summarized.closed_opportunities, 0) as win_rate,
        closed_summarized.avg_deal_size_amount,
        coalesce(open_summarized.open_opportunities, 0) as open_opportunities,
        coalesce(open_summarized.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(creation_summarized.observed_stays, 0) as observed_stays,
        coalesce(creation_summarized.stays_with_opportunity, 0) as stays_with_opportunity,
        creation_summarized.stays_with_opportunity * 1.0
        / nullif(creation_summarized.observed_stays, 0) as opportunity_creation_rate
    from quarter_targets
    left join closed_summarized
        on quarter_targets.quarter_start_date = closed_summarized.quarter_start_date
            and quarter_targets.segment = closed_summarized.segment
    left join open_summarized
        on quarter_targets.quarter_start_date = open_summarized.quarter_start_date
            and quarter_targets.segment = open_summarized.segment
    left join creation_summarized
        on quarter_targets.quarter_start_date = creation_summarized.quarter_start_date
            and quarter_targets.segment = creation_summarized.segment

),

requirements_computed as (

    select
        *,
        revenue_target_amount / nullif(win_rate, 0) as required_pipeline_amount
    from joined

),

final as (

    select
        quarter_start_date,
        cast(segment as {{ dbt.type_string() }}) as segment,
        is_complete,
        cast(snapshot_date as date) as snapshot_date,
        cast(revenue_target_amount as {{ type_money() }}) as revenue_target_amount,
        cast(won_opportunities as bigint) as won_opportunities_4q,
        cast(closed_opportunities as bigint) as closed_opportunities_4q,
        cast(win_rate as {{ type_double() }}) as win_rate,
        cast(avg_deal_size_amount as {{ type_money() }}) as avg_deal_size_amount,
        cast(required_pipeline_amount as {{ type_money() }}) as required_pipeline_amount,
        cast(required_pipeline_amount / nullif(avg_deal_size_amount, 0) as {{ type_double() }})
            as required_opportunities,
        cast(open_opportunities as bigint) as open_opportunities,
        cast(open_pipeline_amount as {{ type_money() }}) as open_pipeline_amount,
        cast(open_pipeline_amount / nullif(required_pipeline_amount, 0) as {{ type_double() }})
            as pipeline_coverage_rate,
        cast(observed_stays as bigint) as observed_target_stays,
        cast(stays_with_opportunity as bigint) as target_stays_with_opportunity,
        cast(opportunity_creation_rate as {{ type_double() }}) as opportunity_creation_rate,
        cast(
            case
                when segment <> 'non_target'
                    then required_pipeline_amount / nullif(avg_deal_size_amount, 0)
                        / nullif(opportunity_creation_rate, 0)
            end
            as {{ type_double() }}
        ) as required_target_accounts
    from requirements_computed

)

select * from final
