-- Σ mqls / sqls of kpi_sql_volume = resolved people with an MQL / SQL date in a calendar month;
-- the target-tier SQLs are the SQLs of kpi_cost_per_sql, month by month.
with

volume as (

    select * from {{ ref('kpi_sql_volume') }}

),

people as (

    select * from {{ ref('int_funnel_people_segmented') }}
    where account_id is not null

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

people_counted as (

    select
        sum(case when mql_months.month_start_date is not null then 1 else 0 end) as mqls,
        sum(case when sql_months.month_start_date is not null then 1 else 0 end) as sqls
    from people
    left join months as mql_months
        on cast({{ dbt.date_trunc('month', 'people.mql_date') }} as date) = mql_months.month_start_date
    left join months as sql_months
        on cast({{ dbt.date_trunc('month', 'people.sql_date') }} as date) = sql_months.month_start_date

),

volume_counted as (

    select
        sum(mqls) as mqls,
        sum(sqls) as sqls
    from volume

),

totals_failing as (

    select
        'totals' as check_name,
        cast(null as date) as month_start_date
    from volume_counted
    cross join people_counted
    where volume_counted.mqls <> people_counted.mqls
        or volume_counted.sqls <> people_counted.sqls

),

target_volume as (

    select
        month_start_date,
        sum(sqls) as sqls
    from volume
    where segment <> 'non_target'
    group by month_start_date

),

cost_per_sql_failing as (

    select
        'cost_per_sql_sqls' as check_name,
        cost_per_sql.month_start_date
    from {{ ref('kpi_cost_per_sql') }} as cost_per_sql
    inner join target_volume
        on cost_per_sql.month_start_date = target_volume.month_start_date
    where cost_per_sql.sqls <> target_volume.sqls

)

select * from totals_failing
union all
select * from cost_per_sql_failing
