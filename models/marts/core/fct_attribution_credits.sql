{#- The attribution fact (docs/kpi_catalogue.md, "Marketing attribution"): one row per
    opportunity, touch in its attribution window and attribution model, with the touch's channel
    and its share of the opportunity's credit (the credits of an opportunity and model sum to
    1), from int_attribution_credited. -#}
with

credits as (

    select * from {{ ref('int_attribution_credited') }}

),

final as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(touch_id as {{ dbt.type_string() }}) as touch_id,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(touch_position as integer) as touch_position,
        cast(touch_count as integer) as touch_count,
        cast(touch_at as {{ dbt.type_timestamp() }}) as touch_at,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(credit as {{ type_double() }}) as credit
    from credits

)

select * from final
