{#- Attribution credits: one row per opportunity × touch × attribution model with a credit
    above 0, over the touches of int_opportunity_touches_windowed (ordered by touch_position,
    n = touch_count touches for the opportunity):
      first_touch     1 to position 1
      last_touch      1 to position n
      linear          1 / n to every touch
      position_based  n = 1: 1; n = 2: 0.5 each; n >= 3: 0.4 to the first, 0.4 to the last and
                      0.2 / (n - 2) to each touch in between
    Each model's credits for one opportunity sum to 1. -#}
with

opportunity_touches as (

    select * from {{ ref('int_opportunity_touches_windowed') }}

),

attribution_models as (

    select cast('first_touch' as {{ dbt.type_string() }}) as attribution_model
    union all
    select 'last_touch'
    union all
    select 'linear'
    union all
    select 'position_based'

),

credits_computed as (

    select
        opportunity_touches.opportunity_id,
        opportunity_touches.touch_id,
        opportunity_touches.touch_position,
        opportunity_touches.touch_count,
        opportunity_touches.touch_at,
        opportunity_touches.channel,
        attribution_models.attribution_model,
        case attribution_models.attribution_model
            when 'first_touch'
                then
                    case when opportunity_touches.touch_position = 1 then 1.0 else 0.0 end
            when 'last_touch'
                then
                    case
                        when opportunity_touches.touch_position = opportunity_touches.touch_count then 1.0
                        else 0.0
                    end
            when 'linear' then 1.0 / opportunity_touches.touch_count
            when 'position_based' then
                case
                    when opportunity_touches.touch_count = 1 then 1.0
                    when opportunity_touches.touch_count = 2 then 0.5
                    when opportunity_touches.touch_position = 1 then 0.4
                    when opportunity_touches.touch_position = opportunity_touches.touch_count then 0.4
                    else 0.2 / (opportunity_touches.touch_count - 2)
                end
        end as credit
    from opportunity_touches
    cross join attribution_models

),

final as (

    select
        opportunity_id,
        touch_id,
        attribution_model,
        cast(touch_position as integer) as touch_position,
        cast(touch_count as integer) as touch_count,
        touch_at,
        channel,
        cast(credit as {{ type_double() }}) as credit
    from credits_computed
    where credit > 0

)

select * from final
