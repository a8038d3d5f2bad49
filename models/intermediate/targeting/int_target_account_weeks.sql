{#- The point-in-time target list by week: one row per account and calendar week in which the
    account was on the list. "On the list that week" = a crm__target_account stay covers the
    week's snapshot day (docs/kpi_catalogue.md: added_date <= d and removed_date null or > d), the snapshot day
    being the week's last day (Sunday), or as_of_date for the week that contains it. So an
    account removed on a Sunday is off the list that week; an account added on a Sunday is on
    it. An account can leave and return: each covered week is found on its own. Should two
    stays overlap on the snapshot day, the better tier wins (tier 1 before tier 2), then the
    later added_date. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

target_stays as (

    select * from {{ ref('stg_crm__target_accounts') }}

),

week_snapshots as (

    select
        week_start_date,
        week_end_date,
        is_complete,
        case
            when week_end_date > (select as_of_date from as_of) then (select as_of_date from as_of)
            else week_end_date
        end as snapshot_date
    from calendar_weeks

),

stays_covering_weeks as (

    select
        target_stays.account_id,
        week_snapshots.week_start_date,
        week_snapshots.snapshot_date,
        week_snapshots.is_complete,
        target_stays.target_stay_id,
        target_stays.tier,
        target_stays.segment,
        target_stays.program,
        target_stays.added_date,
        row_number() over (
            partition by target_stays.account_id, week_snapshots.week_start_date
            order by target_stays.tier asc, target_stays.added_date desc, target_stays.target_stay_id asc
        ) as stay_rank
    from week_snapshots
    inner join target_stays
        on {{ is_on_target_list('target_stays', 'week_snapshots.snapshot_date') }}

),

final as (

    select
        account_id,
        week_start_date,
        snapshot_date,
        is_complete,
        target_stay_id,
        tier,
        segment,
        program,
        added_date
    from stays_covering_weeks
    where stay_rank = 1

)

select * from final
