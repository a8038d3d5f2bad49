{#- The latest plausible event date. Each event extract has a latest event date; the horizon
    is the MEDIAN of those (of 11 extracts, the 6th latest; of an even number, the lower middle
    one) plus var('future_event_tolerance_days', 31) days. An event dated after the horizon is
    quarantined by its base model (future_date:<column>) instead of moving the as-of date: a
    page view dated 2031, even future dates in up to half of the event extracts, cannot drag
    every KPI into empty months. The rule reads the data only, never the wall clock. -#}
{#- extract, source system, source table, event column, and whether it holds a date or a
    timestamp: every column the sources YAML marks `event_date: true`
    (macros/staging/latest_event_dates.sql reads each source that is switched on) -#}
{%- set event_columns = [] -%}
{%- for extract in abm_extract_contract() -%}
    {%- for column in extract.columns if column.meta.get('event_date') -%}
        {%- do event_columns.append((
            extract.source ~ '__' ~ extract.table, extract.source, extract.table, column.name,
            'timestamp' if column.meta.get('type') == 'timestamp' else 'date',
        )) -%}
    {%- endfor -%}
{%- endfor -%}

with

latest_event_dates as (

    {{ latest_event_dates(event_columns) }}

),

ranked as (

    select
        latest_event_date,
        row_number() over (order by latest_event_date desc) as date_rank,
        count(*) over () as extract_count
    from latest_event_dates
    where latest_event_date is not null

),

median_latest as (

    -- the middle rank: 6 of 11, 5 of 10 (2 * rank - 1 is the count, or the count - 1)
    select max(latest_event_date) as median_latest_event_date
    from ranked
    where 2 * date_rank - 1 in (extract_count, extract_count - 1)

),

final as (

    select
        median_latest_event_date,
        {{ add_days('median_latest_event_date', var('future_event_tolerance_days', 31)) }} as horizon_date
    from median_latest

)

select * from final
