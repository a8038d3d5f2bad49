-- The long fact fct_account_engagement_channel_weeks and the account-week fact agree: for every
-- account-week, its channel rows' channel_points add up to engagement_score (an account-week
-- without channel rows scores 0), and each channel_points is min(channel_cap, decayed_points).
-- Returns the account-weeks that disagree.
with

engagement_weeks as (

    select * from {{ ref('fct_account_engagement_weeks') }}

),

channel_weeks as (

    select * from {{ ref('fct_account_engagement_channel_weeks') }}

),

channels_summed as (

    select
        account_id,
        week_start_date,
        sum(channel_points) as channel_points,
        sum(case when channel_points > channel_cap or channel_points > decayed_points then 1 else 0 end)
            as over_cap_rows
    from channel_weeks
    group by account_id, week_start_date

)

select
    engagement_weeks.account_id,
    engagement_weeks.week_start_date,
    engagement_weeks.engagement_score,
    channels_summed.channel_points
from engagement_weeks
left join channels_summed
    on engagement_weeks.account_id = channels_summed.account_id
        and engagement_weeks.week_start_date = channels_summed.week_start_date
where abs(engagement_weeks.engagement_score - coalesce(channels_summed.channel_points, 0)) > 0.000001
    or coalesce(channels_summed.over_cap_rows, 0) > 0
