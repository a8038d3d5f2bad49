{#- fct_account_engagement_weeks with one `<channel>_points` column per channel of the
    engagement-weights seed (0 when the channel has no touch in the 13 weeks), for BI tools
    that want the channels side by side, and channels_touched (channels with a touch in the 13
    weeks). The channel columns are generated from the seed when the model is compiled
    (seed_vocabulary), so this model has no fixed column list and no contract; the governed,
    contracted facts are fct_account_engagement_weeks and fct_account_engagement_channel_weeks.
    A channel name becomes a column stem through column_stem() ('Paid Social' →
    paid_social_points). -#}
{%- set channels = seed_vocabulary('engagement_weights', 'channel') %}
with

engagement_weeks as (

    select * from {{ ref('fct_account_engagement_weeks') }}

),

channel_weeks as (

    select * from {{ ref('fct_account_engagement_channel_weeks') }}

),

channels_pivoted as (

    select
        account_id,
        week_start_date,
        {%- for channel in channels %}
            max(case when channel = '{{ channel }}' then channel_points end) as {{ column_stem(channel) }}_points,
        {%- endfor %}
        count(*) as channels_touched
    from channel_weeks
    group by account_id, week_start_date

),

final as (

    select
        engagement_weeks.*,
        {%- for channel in channels %}
            cast(coalesce(channels_pivoted.{{ column_stem(channel) }}_points, 0) as {{ type_double() }})
                as {{ column_stem(channel) }}_points,
        {%- endfor %}
        cast(coalesce(channels_pivoted.channels_touched, 0) as bigint) as channels_touched
    from engagement_weeks
    left join channels_pivoted
        on engagement_weeks.account_id = channels_pivoted.account_id
            and engagement_weeks.week_start_date = channels_pivoted.week_start_date

)

select * from final
