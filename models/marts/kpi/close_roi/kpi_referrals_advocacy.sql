{#- Referrals and advocacy per month.
    Referral opportunities: New Business opportunities whose lead_source maps to the 'referral'
    channel (lead_source_channels seed), by creation month: referral_opportunities and
    referral_pipeline_amount. Win rates over the 12 months ending the month's snapshot day (its
    last day, or as_of_date): referral_win_rate_12m (referral New Business opportunities closed
    in the window, won / closed) beside overall_win_rate_12m (all New Business opportunities).
    Advocates at the snapshot day: contacts with a role in advocate_roles (var) on an ABM
    opportunity that is open that day or already won, who had a person-level touch in the 90
    days up to that day; advocates = distinct people, accounts_with_advocate = distinct accounts
    of those opportunities. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

lead_source_channels as (

    select * from {{ ref('lead_source_channels') }}

),

contact_roles as (

    select * from {{ ref('fct_opportunity_contact_roles') }}
    where person_id is not null

),

touches as (

    select * from {{ ref('fct_touches') }}
    where person_id is not null

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

snapshot_windows as (

    select
        month_start_date,
        is_complete,
        case
            when month_end_date < (select as_of_date from as_of) then month_end_date
            else (select as_of_date from as_of)
        end as snapshot_date
    from months

),

new_business_sourced as (

    select
        opportunities.*,
        coalesce(lead_source_channels.channel = 'referral', false) as is_referral
    from opportunities
    left join lead_source_channels
        on opportunities.lead_source = lead_source_channels.lead_source
    where opportunities.opportunity_type = 'New Business'

),

referrals_created as (

    select
        created_month_start_date as month_start_date,
        count(*) as referral_opportunities,
        sum(coalesce(pipeline_amount, 0)) as referral_pipeline_amount
    from new_business_sourced
    where is_referral
    group by created_month_start_date

),

win_rates_12m as (

    select
        snapshot_windows.month_start_date,
        sum(
            case
                when new_business_sourced.is_referral and new_business_sourced.is_closed_won then 1
                else 0
            end
        ) as referral_won_12m,
        sum(case when new_business_sourced.is_referral then 1 else 0 end) as referral_closed_12m,
        sum(case when new_business_sourced.is_closed_won then 1 else 0 end) as overall_won_12m,
        count(*) as overall_closed_12m
    from snapshot_windows
    inner join new_business_sourced
        on new_business_sourced.is_closed
            and {{ is_in_trailing_window('new_business_sourced.close_date', 'snapshot_windows.snapshot_date') }}
    group by snapshot_windows.month_start_date

),

advocate_roles as (

    select
        contact_roles.opportunity_id,
        contact_roles.person_id,
        opportunities.account_id,
        opportunities.created_date,
        opportunities.is_closed,
        opportunities.is_closed_won,
        opportunities.close_date
    from contact_roles
    inner join opportunities
        on contact_roles.opportunity_id = opportunities.opportunity_id
    where opportunities.is_abm
        and contact_roles.contact_role in (
            {%- for role in var('advocate_roles') %}
                '{{ role }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )

),

advocates_found as (

    select distinct
        snapshot_windows.month_start_date,
        advocate_roles.person_id,
        advocate_roles.account_id
    from snapshot_windows
    inner join advocate_roles
        on snapshot_windows.snapshot_date >= advocate_roles.created_date
            and (
                not advocate_roles.is_closed
                or snapshot_windows.snapshot_date < advocate_roles.close_date
                or advocate_roles.is_closed_won
            )
    where exists (
            select 1
            from touches
            where touches.person_id = advocate_roles.person_id
                and touches.touch_date <= snapshot_windows.snapshot_date
                and touches.touch_date > {{ dbt.dateadd('day', -90, 'snapshot_windows.snapshot_date') }}
        )

),

advocates_counted as (

    select
        month_start_date,
        count(distinct person_id) as advocates,
        count(distinct account_id) as accounts_with_advocate
    from advocates_found
    group by month_start_date

),

final as (

    select
        snapshot_windows.month_start_date,
        snapshot_windows.is_complete,
        cast(coalesce(referrals_created.referral_opportunities, 0) as bigint)
            as referral_opportunities,
        cast(coalesce(referrals_created.referral_pipeline_amount, 0) as {{ type_money() }})
            as referral_pipeline_amount,
        cast(coalesce(win_rates_12m.referral_won_12m, 0) as bigint)
            as referral_won_opportunities_12m,
        cast(coalesce(win_rates_12m.referral_closed_12m, 0) as bigint)
            as referral_closed_opportunities_12m,
        cast(
            win_rates_12m.referral_won_12m * 1.0 / nullif(win_rates_12m.referral_closed_12m, 0)
            as {{ type_double() }}
        ) as referral_win_rate_12m,
        cast(coalesce(win_rates_12m.overall_won_12m, 0) as bigint) as overall_won_opportunities_12m,
        cast(coalesce(win_rates_12m.overall_closed_12m, 0) as bigint)
            as overall_closed_opportunities_12m,
        cast(
            win_rates_12m.overall_won_12m * 1.0 / nullif(win_rates_12m.overall_closed_12m, 0)
            as {{ type_double() }}
        ) as overall_win_rate_12m,
        cast(coalesce(advocates_counted.advocates, 0) as bigint) as advocates,
        cast(coalesce(advocates_counted.accounts_with_advocate, 0) as bigint)
            as accounts_with_advocate
    from snapshot_windows
    left join referrals_created
        on snapshot_windows.month_start_date = referrals_created.month_start_date
    left join win_rates_12m
        on snapshot_windows.month_start_date = win_rates_12m.month_start_date
    left join advocates_counted
        on snapshot_windows.month_start_date = advocates_counted.month_start_date

)

select * from final
