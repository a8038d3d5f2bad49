-- Every touch source reconciles: its touches in int_touch_sources_matched equal its rows in
-- int_engagement_touches_filtered, and its bot, ISP and machine-open exclusions equal the flagged rows of
-- staging. Returns the sources that disagree.
with

match_rates as (

    select * from {{ ref('int_touch_sources_matched') }}

),

touches as (

    select
        source,
        count(*) as touches
    from {{ ref('int_engagement_touches_filtered') }}
    group by source

),

web_flags as (

    select
        'web' as source,
        sum(case when is_bot then 1 else 0 end) as bot_records,
        sum(case when is_isp and not coalesce(is_bot, false) then 1 else 0 end) as isp_records
    from {{ ref('stg_web__events') }}

),

machine_opens as (

    select
        'email' as source,
        sum(case when event_type = 'open' and is_machine_open then 1 else 0 end) as machine_open_records
    from {{ ref('stg_marketing__email_events') }}

)

select
    match_rates.source,
    match_rates.touches,
    touches.touches as touches_in_stream
from match_rates
left join touches
    on match_rates.source = touches.source
left join web_flags
    on match_rates.source = web_flags.source
left join machine_opens
    on match_rates.source = machine_opens.source
where match_rates.touches <> coalesce(touches.touches, 0)
    or (web_flags.source is not null and match_rates.bot_records <> web_flags.bot_records)
    or (web_flags.source is not null and match_rates.isp_records <> web_flags.isp_records)
    or (machine_opens.source is not null and match_rates.machine_open_records <> machine_opens.machine_open_records)
