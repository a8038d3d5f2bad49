{#- The account dimension: one row per kept CRM account, as of as_of_date.
    Firmographics from the CRM and ICP fit (int_accounts_icp_scored); the tier on the target list
    on as_of_date (int_target_account_weeks, week of as_of_date, whose snapshot day is
    as_of_date); the data-quality score and its three parts (int_accounts_data_quality_scored);
    the engagement score and hot flag of the week of as_of_date (fct_account_engagement_weeks;
    0 and false without a row); customer status from billing subscriptions on as_of_date
    (int_account_subscriptions_summarized):
    'customer' (a subscription with start_date <= as_of_date and no end_date or end_date >
    as_of_date), 'churned' (subscriptions, none active), else 'prospect'. -#}
with

accounts as (

    select * from {{ ref('int_accounts_icp_scored') }}

),

target_weeks as (

    select * from {{ ref('int_target_account_weeks') }}

),

data_quality as (

    select * from {{ ref('int_accounts_data_quality_scored') }}

),

engagement_weeks as (

    select * from {{ ref('fct_account_engagement_weeks') }}

),

account_subscriptions as (

    select * from {{ ref('int_account_subscriptions_summarized') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('week', 'as_of_date') }} as date) as as_of_week_start_date
    from {{ ref('int_as_of_date') }}

),

current_target_stays as (

    select target_weeks.*
    from target_weeks
    inner join as_of
        on target_weeks.week_start_date = as_of.as_of_week_start_date

),

current_engagement as (

    select engagement_weeks.*
    from engagement_weeks
    inner join as_of
        on engagement_weeks.week_start_date = as_of.as_of_week_start_date

),

final as (

    select
        cast(accounts.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.website_domain as {{ dbt.type_string() }}) as website_domain,
        cast(accounts.industry as {{ dbt.type_string() }}) as industry,
        accounts.number_of_employees,
        cast(accounts.annual_revenue as {{ type_double() }}) as annual_revenue,
        cast(accounts.billing_country as {{ dbt.type_string() }}) as billing_country,
        cast(accounts.account_type as {{ dbt.type_string() }}) as account_type,
        cast(accounts.owner_id as {{ dbt.type_string() }}) as owner_id,
        accounts.created_date,
        accounts.icp_fit_score,
        accounts.is_icp_fit,
        current_target_stays.account_id is not null as is_target_account,
        cast(current_target_stays.tier as integer) as current_tier,
        cast(coalesce(current_target_stays.segment, 'non_target') as {{ dbt.type_string() }}) as current_segment,
        cast(current_target_stays.program as {{ dbt.type_string() }}) as target_program,
        current_target_stays.added_date as target_added_date,
        data_quality.completeness_score,
        data_quality.validity_score,
        data_quality.freshness_score,
        data_quality.data_quality_score,
        coalesce(data_quality.is_high_quality, false) as is_high_quality,
        cast(coalesce(current_engagement.engagement_score, 0) as {{ type_double() }}) as engagement_score,
        coalesce(current_engagement.is_hot, false) as is_hot,
        account_subscriptions.first_subscription_start_date,
        cast(
            case
                when account_subscriptions.has_active_subscription = 1 then 'customer'
                when account_subscriptions.account_id is not null then 'churned'
                else 'prospect'
            end as {{ dbt.type_string() }}
        ) as customer_status,
        coalesce(account_subscriptions.has_active_subscription = 1, false) as is_customer,
        cast(as_of.as_of_date as date) as as_of_date
    {{ pass_through_selected('crm_account_pass_through_columns', 'accounts') }}
    from accounts
    cross join as_of
    left join current_target_stays
        on accounts.account_id = current_target_stays.account_id
    left join data_quality
        on accounts.account_id = data_quality.account_id
    left join current_engagement
        on accounts.account_id = current_engagement.account_id
    left join account_subscriptions
        on accounts.account_id = account_subscriptions.account_id

)

select * from final
