{#- The intent fact: one row per intent-provider row resolved to an account (source 'intent' of
    int_touch_records_classified), whether or not it also counts as an engagement touch: the
    intent score and topic of an account on a date. A surge is a row with intent_score >=
    var surge_threshold; whether a row counts towards engagement is fct_touches' business. -#}
with

touch_records as (

    select * from {{ ref('int_touch_records_classified') }}

),

intent_rows as (

    select
        touch_id as intent_signal_id,
        account_id,
        touch_date as signal_date,
        week_start_date,
        topic,
        intent_score
    from touch_records
    where source = 'intent'
        and account_id is not null

),

final as (

    select
        cast(intent_signal_id as {{ dbt.type_string() }}) as intent_signal_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(signal_date as date) as signal_date,
        cast(week_start_date as date) as week_start_date,
        cast(topic as {{ dbt.type_string() }}) as topic,
        cast(intent_score as integer) as intent_score
    from intent_rows

)

select * from final
