{#- Every stay of an account on the ABM target list (crm__target_account), flagged with whether
    it covers as_of_date (is_current_stay: added_date <= as_of_date and removed_date null or
    later, docs/kpi_catalogue.md "On the target list on day d"). The stays of the target-list
    dimension; segment on any other day is read with the segment_on_date macro. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

target_stays as (

    select * from {{ ref('stg_crm__target_accounts') }}

),

final as (

    select
        target_stays.*,
        {{ is_on_target_list('target_stays', 'as_of.as_of_date') }} as is_current_stay
    from target_stays
    cross join as_of

)

select * from final
