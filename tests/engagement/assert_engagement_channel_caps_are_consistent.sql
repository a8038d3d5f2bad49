-- The engagement-weights seed gives each channel one cap, and the caps sum to 100 (so the
-- engagement score is 0–100). Returns the offending channels, or one row for a wrong total.
with

channels as (

    select * from {{ ref('int_engagement_channel_caps_listed') }}

)

select
    channel,
    channel_cap,
    'channel has several caps' as problem
from channels
where distinct_caps <> 1
union all
select
    'all' as channel,
    sum(channel_cap) as channel_cap,
    'caps do not sum to 100' as problem
from channels
having abs(sum(channel_cap) - 100) > 0.000001
