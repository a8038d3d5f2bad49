{#- Account data quality as of as_of_date, by segment (docs/kpi_catalogue.md, phase 1). Population: the accounts
    of the as-of week (fct_account_population_weeks): in tier_1..tier_3 the accounts on the list
    on as_of_date, in non_target the ICP-fit accounts not on it. Per account the score of
    dim_accounts (0–100 = 100 × (0.4 completeness + 0.3 validity + 0.3
    freshness)). One row per segment, all four always present:
      accounts, total_data_quality_score (Σ scores), avg_data_quality_score = total / accounts,
      high_quality_accounts (score >= 80), high_quality_rate = high_quality_accounts / accounts. -#}
with

account_weeks as (

    select * from {{ ref('fct_account_population_weeks') }}

),

data_quality as (

    select * from {{ ref('dim_accounts') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('week', 'as_of_date') }} as date) as as_of_week_start_date
    from {{ ref('int_as_of_date') }}

),

segments as (

    {{ segment_rows() }}

),

population_scored as (

    select
        account_weeks.segment,
        account_weeks.account_id,
        coalesce(data_quality.data_quality_score, 0) as data_quality_score,
        coalesce(data_quality.is_high_quality, false) as is_high_quality
    from account_weeks
    inner join as_of
        on account_weeks.week_start_date = as_of.as_of_week_start_date
    left join data_quality
        on account_weeks.account_id = data_quality.account_id

),

segment_counts as (

    select
        segment,
        count(*) as accounts,
        {{ exact_sum('data_quality_score') }} as total_data_quality_score,
        sum(case when is_high_quality then 1 else 0 end) as high_quality_accounts
    from population_scored
    group by segment

),

final as (

    select
        cast(as_of.as_of_date as date) as as_of_date,
        cast(segments.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(segment_counts.accounts, 0) as bigint) as accounts,
        cast(coalesce(segment_counts.total_data_quality_score, 0) as {{ type_double() }}) as total_data_quality_score,
        cast(segment_counts.total_data_quality_score as {{ type_double() }})
        / nullif(segment_counts.accounts, 0) as avg_data_quality_score,
        cast(coalesce(segment_counts.high_quality_accounts, 0) as bigint) as high_quality_accounts,
        cast(segment_counts.high_quality_accounts as {{ type_double() }})
        / nullif(segment_counts.accounts, 0) as high_quality_rate
    from segments
    cross join as_of
    left join segment_counts
        on segments.segment = segment_counts.segment

)

select * from final
