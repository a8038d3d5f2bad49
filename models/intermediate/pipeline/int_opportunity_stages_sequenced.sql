{#- One row per opportunity and funnel stage it entered, from the stage history (changes after
    as_of_date ignored) and the stage-mapping seed.
    - A stay is a run of consecutive history rows in the same funnel stage; it ends when the
      next change moves the opportunity to another funnel stage.
    - An opportunity without any history row has one stay: its current stage from created_at.
    - entered_date = the first entry into the stage; exited_date = the end of the last stay in it
      (null while the opportunity is still in it).
    - days_in_stage = whole days summed over its stays in the stage, an unfinished stay counting
      up to as_of_date; null for closed stages (won / lost are where an opportunity ends).
    - has_reached_later_stage: after first entering this stage, the opportunity entered a stage
      with a higher stage_order that is not a lost stage (skipping a stage counts as advancing). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

opportunity_history as (

    select * from {{ ref('stg_crm__opportunity_history') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

history_as_of as (

    select
        opportunity_id,
        stage_name,
        changed_at,
        opportunity_history_id as change_id
    from opportunity_history
    where cast(changed_at as date) <= (select as_of_date from as_of)

),

opportunities_without_history as (

    select
        opportunities.opportunity_id,
        opportunities.stage_name,
        opportunities.created_at as changed_at,
        opportunities.opportunity_id as change_id
    from opportunities
    where not exists (
            select 1
            from history_as_of
            where history_as_of.opportunity_id = opportunities.opportunity_id
        )

),

stage_changes as (

    select
        changes.opportunity_id,
        changes.changed_at,
        changes.change_id,
        stage_mapping.funnel_stage,
        stage_mapping.stage_order,
        stage_mapping.is_closed,
        stage_mapping.is_won
    from (
        select * from history_as_of
        union all
        select * from opportunities_without_history
    ) as changes
    inner join stage_mapping
        on changes.stage_name = stage_mapping.stage_name
    inner join opportunities
        on changes.opportunity_id = opportunities.opportunity_id

),

stay_starts_flagged as (

    select
        *,
        lag(funnel_stage) over (
            partition by opportunity_id order by changed_at, change_id
        ) as previous_funnel_stage
    from stage_changes

),

stays as (

    select
        opportunity_id,
        funnel_stage,
        stage_order,
        is_closed,
        is_won,
        cast(changed_at as date) as entered_date,
        cast(
            lead(changed_at) over (partition by opportunity_id order by changed_at, change_id)
            as date
        ) as exited_date,
        changed_at,
        change_id
    from stay_starts_flagged
    where previous_funnel_stage is null
        or previous_funnel_stage <> funnel_stage

),

stays_measured as (

    select
        *,
        {{ dbt.datediff('entered_date', 'coalesce(exited_date, (select as_of_date from as_of))', 'day') }}
            as stay_days
    from stays

),

stages_aggregated as (

    select
        opportunity_id,
        funnel_stage,
        max(stage_order) as stage_order,
        max(case when is_closed then 1 else 0 end) = 1 as is_closed_stage,
        max(case when is_won then 1 else 0 end) = 1 as is_won_stage,
        min(entered_date) as entered_date,
        max(case when exited_date is null then 1 else 0 end) = 1 as is_current_stage,
        max(exited_date) as last_exited_date,
        count(*) as stays,
        sum(stay_days) as stay_days
    from stays_measured
    group by opportunity_id, funnel_stage

),

later_stages_reached as (

    select distinct
        stages_aggregated.opportunity_id,
        stages_aggregated.funnel_stage
    from stages_aggregated
    inner join stays_measured as later_stays
        on stages_aggregated.opportunity_id = later_stays.opportunity_id
            and stages_aggregated.stage_order < later_stays.stage_order
            and stages_aggregated.entered_date <= later_stays.entered_date
            and not (later_stays.is_closed and not later_stays.is_won)

),

final as (

    select
        stages_aggregated.opportunity_id,
        stages_aggregated.funnel_stage,
        cast(stages_aggregated.stage_order as integer) as stage_order,
        stages_aggregated.is_closed_stage,
        stages_aggregated.is_won_stage,
        stages_aggregated.entered_date,
        case
            when not stages_aggregated.is_current_stage then stages_aggregated.last_exited_date
        end as exited_date,
        stages_aggregated.is_current_stage,
        cast(stages_aggregated.stays as integer) as stays,
        cast(
            case when not stages_aggregated.is_closed_stage then stages_aggregated.stay_days end
            as integer
        ) as days_in_stage,
        later_stages_reached.opportunity_id is not null as has_reached_later_stage
    from stages_aggregated
    left join later_stages_reached
        on stages_aggregated.opportunity_id = later_stages_reached.opportunity_id
            and stages_aggregated.funnel_stage = later_stages_reached.funnel_stage

)

select * from final
