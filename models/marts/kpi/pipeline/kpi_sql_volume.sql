{#- MQL and SQL volume per month × segment. People resolved to an account only
    (fct_funnel_people; a converted lead and its contact are one person). mqls / sqls = distinct
    people whose MQL / SQL date falls in the month, segment from the target list on that date.
    mql_to_sql_rate is a cohort rate: of the people who became MQL in the month (segment on the
    MQL date), those with an SQL date on or before as_of_date. -#}
with

funnel_people as (

    select * from {{ ref('fct_funnel_people') }}
    where account_id is not null

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

segments as (

    {{ segment_rows() }}

),

mqls_counted as (

    select
        cast({{ dbt.date_trunc('month', 'mql_date') }} as date) as month_start_date,
        mql_segment as segment,
        count(distinct person_id) as mqls,
        count(distinct case when sql_date is not null then person_id end) as mqls_reached_sql
    from funnel_people
    where mql_date is not null
    group by 1, 2

),

sqls_counted as (

    select
        cast({{ dbt.date_trunc('month', 'sql_date') }} as date) as month_start_date,
        sql_segment as segment,
        count(distinct person_id) as sqls
    from funnel_people
    where sql_date is not null
    group by 1, 2

),

final as (

    select
        months.month_start_date,
        segments.segment,
        months.is_complete,
        cast(coalesce(mqls_counted.mqls, 0) as bigint) as mqls,
        cast(coalesce(sqls_counted.sqls, 0) as bigint) as sqls,
        cast(coalesce(mqls_counted.mqls_reached_sql, 0) as bigint) as mqls_reached_sql,
        cast(
            mqls_counted.mqls_reached_sql * 1.0 / nullif(mqls_counted.mqls, 0)
            as {{ type_double() }}
        ) as mql_to_sql_rate
    from months
    cross join segments
    left join mqls_counted
        on months.month_start_date = mqls_counted.month_start_date
            and segments.segment = mqls_counted.segment
    left join sqls_counted
        on months.month_start_date = sqls_counted.month_start_date
            and segments.segment = sqls_counted.segment

)

select * from final
