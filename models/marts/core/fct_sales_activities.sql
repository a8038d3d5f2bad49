{#- The sales-activity fact: one row per CRM task or event (responses and meetings; not
    engagement), resolved to an account where possible (int_sales_activities_resolved), with
    the account's segment on the activity's date (tier of the target-list stay covering it, else
    non_target; null when the activity is not resolved to an account). -#}
with

sales_activities as (

    select * from {{ ref('int_sales_activities_resolved') }}

),

target_stays as (

    select * from {{ ref('dim_target_list_stays') }}

),

activity_segments as (

    {{ segment_on_date('sales_activities', ['activity_id'], 'account_id', 'activity_date') }}

),

activities_segmented as (

    select
        sales_activities.*,
        case when sales_activities.account_id is not null then activity_segments.segment end as segment
    from sales_activities
    inner join activity_segments
        on sales_activities.activity_id = activity_segments.activity_id

),

final as (

    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(activity_kind as {{ dbt.type_string() }}) as activity_kind,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(subject as {{ dbt.type_string() }}) as subject,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(who_id as {{ dbt.type_string() }}) as who_id,
        cast(what_id as {{ dbt.type_string() }}) as what_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_resolution as {{ dbt.type_string() }}) as account_resolution,
        cast(activity_at as {{ dbt.type_timestamp() }}) as activity_at,
        cast(activity_date as date) as activity_date,
        cast(segment as {{ dbt.type_string() }}) as segment
    from activities_segmented

)

select * from final
