{#- The engagement channels and their caps, from the engagement-weights seed (one row per
    activity type: channel, points per occurrence, channel_cap). One row per channel; the cap is
    the largest channel_cap given for the channel (test assert_engagement_channel_caps_are_consistent
    fails when a channel's rows disagree, or when the caps do not sum to 100). -#}
with

engagement_weights as (

    select * from {{ ref('engagement_weights') }}

),

final as (

    select
        channel,
        cast(max(channel_cap) as {{ type_double() }}) as channel_cap,
        count(distinct channel_cap) as distinct_caps,
        count(*) as activity_types
    from engagement_weights
    group by channel

)

select * from final
