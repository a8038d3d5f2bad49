{#- Every marketing cost line in the reporting currency, at the rate of the cost's own month:
      program_cost  one row per program_costs seed row (month, program, category); all program
                    costs are ABM costs;
      ad_spend      one row per ad platform campaign and day: LinkedIn campaign stats (cost in
                    the stats' currency) and Google Ads campaign stats summed over device and
                    network (cost in the ad account's currency, current account version).
                    A campaign is ABM when the ad_campaign_programs seed maps it (platform +
                    campaign id, else platform + LIKE pattern on the campaign's current name, the
                    longest pattern winning) to a program with is_abm true; unmapped campaigns
                    are kept with is_abm false.
    A month after the last month of the rate calendar takes that last month's rate. A currency
    without any rate leaves cost_amount null with fx_reject_reason set: such lines are not ABM
    cost (int_abm_costs_monthly leaves them out; int_amounts_fx_rejected lists them). -#}
with

program_costs as (

    select * from {{ ref('program_costs') }}

),

linkedin_stats as (

    select * from {{ ref('stg_linkedin_ads__campaign_stats') }}

),

linkedin_campaigns as (

    select * from {{ ref('stg_linkedin_ads__campaign_history') }}
    where is_current_version

),

google_stats as (

    select * from {{ ref('stg_google_ads__campaign_stats') }}

),

google_campaigns as (

    select * from {{ ref('stg_google_ads__campaign_history') }}
    where is_current_version

),

google_accounts as (

    select * from {{ ref('stg_google_ads__account_history') }}
    where is_current_version

),

campaign_programs as (

    select * from {{ ref('ad_campaign_programs') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_monthly') }}

),

fx_horizon as (

    select max(month_start_date) as last_rate_month_start_date
    from fx_rates

),

linkedin_spend as (

    select
        'linkedin' as platform,
        linkedin_stats.campaign_id,
        linkedin_campaigns.campaign_name,
        linkedin_stats.stat_date as cost_date,
        linkedin_stats.currency_code,
        sum(linkedin_stats.cost_local) as cost_local
    from linkedin_stats
    left join linkedin_campaigns
        on linkedin_stats.campaign_id = linkedin_campaigns.campaign_id
    group by 1, 2, 3, 4, 5

),

google_spend as (

    select
        'google' as platform,
        google_stats.campaign_id,
        google_campaigns.campaign_name,
        google_stats.stat_date as cost_date,
        google_accounts.currency_code,
        sum(google_stats.cost_local) as cost_local
    from google_stats
    left join google_campaigns
        on google_stats.campaign_id = google_campaigns.campaign_id
            and google_stats.customer_id = google_campaigns.customer_id
    left join google_accounts
        on google_stats.customer_id = google_accounts.customer_id
    group by 1, 2, 3, 4, 5

),

ad_spend as (

    select * from linkedin_spend
    union all
    select * from google_spend

),

ad_spend_by_id as (

    select
        ad_spend.*,
        campaign_programs.program as id_program,
        campaign_programs.is_abm as id_is_abm
    from ad_spend
    left join campaign_programs
        on ad_spend.platform = campaign_programs.platform
            and ad_spend.campaign_id = cast(campaign_programs.campaign_id as {{ dbt.type_string() }})

),

name_matches_ranked as (

    select
        ad_spend_by_id.platform,
        ad_spend_by_id.campaign_id,
        ad_spend_by_id.cost_date,
        campaign_programs.program,
        campaign_programs.is_abm,
        row_number() over (
            partition by ad_spend_by_id.platform, ad_spend_by_id.campaign_id, ad_spend_by_id.cost_date
            order by length(campaign_programs.campaign_name_pattern) desc, campaign_programs.program
        ) as match_rank
    from ad_spend_by_id
    inner join campaign_programs
        on ad_spend_by_id.platform = campaign_programs.platform
            and campaign_programs.campaign_id is null
            and ad_spend_by_id.campaign_name like campaign_programs.campaign_name_pattern
    where ad_spend_by_id.id_program is null

),

ad_spend_mapped as (

    select
        'ad_spend' as cost_source,
        ad_spend_by_id.platform,
        ad_spend_by_id.campaign_id,
        ad_spend_by_id.campaign_name,
        coalesce(ad_spend_by_id.id_program, name_matches_ranked.program) as program,
        cast(null as {{ dbt.type_string() }}) as category,
        coalesce(ad_spend_by_id.id_is_abm, name_matches_ranked.is_abm, false) as is_abm,
        ad_spend_by_id.cost_date,
        ad_spend_by_id.currency_code,
        ad_spend_by_id.cost_local
    from ad_spend_by_id
    left join name_matches_ranked
        on ad_spend_by_id.platform = name_matches_ranked.platform
            and ad_spend_by_id.campaign_id = name_matches_ranked.campaign_id
            and ad_spend_by_id.cost_date = name_matches_ranked.cost_date
            and name_matches_ranked.match_rank = 1

),

program_costs_listed as (

    select
        'program_cost' as cost_source,
        cast(null as {{ dbt.type_string() }}) as platform,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as campaign_name,
        program,
        category,
        true as is_abm,
        cast(month_start_date as date) as cost_date,
        currency_code,
        amount as cost_local
    from program_costs

),

costs_unioned as (

    select * from program_costs_listed
    union all
    select * from ad_spend_mapped

),

rates_joined as (

    select
        costs_unioned.*,
        cast({{ dbt.date_trunc('month', 'costs_unioned.cost_date') }} as date) as month_start_date,
        fx_rates.rate_to_reporting
    from costs_unioned
    cross join fx_horizon
    left join fx_rates
        on costs_unioned.currency_code = fx_rates.currency_code
            and least(
                cast({{ dbt.date_trunc('month', 'costs_unioned.cost_date') }} as date),
                fx_horizon.last_rate_month_start_date
            ) = fx_rates.month_start_date

),

final as (

    select
        cost_source,
        platform,
        campaign_id,
        campaign_name,
        program,
        category,
        is_abm,
        cost_date,
        month_start_date,
        currency_code,
        cast(cost_local as {{ type_money() }}) as cost_local,
        cast(rate_to_reporting as {{ type_decimal(18, 8) }}) as rate_to_reporting,
        {{ converted_amount('cost_local', 'rate_to_reporting') }} as cost_amount,
        case
            when rate_to_reporting is null
                then 'missing_fx_rate:' || coalesce(currency_code, 'null')
        end as fx_reject_reason
    from rates_joined

)

select * from final
