{#- The spine of the weekly segmented marts: one row per calendar week (int_calendar_weeks) and
    segment (segment_rows: tier_1, tier_2, tier_3, non_target), so that a segment without
    activity still gets its row. is_target_segment is true for the three tiers (a mart about
    target accounts alone keeps those rows). -#}
with

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

segments as (

    {{ segment_rows() }}

),

final as (

    select
        calendar_weeks.week_start_date,
        calendar_weeks.week_end_date,
        calendar_weeks.is_complete,
        segments.segment,
        segments.segment <> 'non_target' as is_target_segment
    from calendar_weeks
    cross join segments

)

select * from final
