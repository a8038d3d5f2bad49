{#- The MQL and SQL dates of every person (int_people_resolved: contacts and leads, a converted
    lead counted once with its contact, its earliest MQL / SQL date kept), with the person's
    account and that account's segment on each date: the tier of the target-list stay covering
    the date, else non_target. People not resolved to an account are kept with a null account
    and segment (the KPI marts count resolved people only). Dates after as_of_date are ignored.
    The account is the person's account as resolved today (the CRM keeps no history of it). -#}
with

people as (

    select * from {{ ref('int_people_resolved') }}

),

target_stays as (

    select * from {{ ref('stg_crm__target_accounts') }}

),

funnel_people as (

    select
        person_id,
        person_type,
        account_id,
        case when mql_date <= {{ as_of_date() }} then mql_date end as mql_date,
        case when sql_date <= {{ as_of_date() }} then sql_date end as sql_date
    from people
    where (mql_date is not null and mql_date <= {{ as_of_date() }})
        or (sql_date is not null and sql_date <= {{ as_of_date() }})

),

mql_tiers as (

    select
        funnel_people.person_id,
        min(target_stays.segment) as target_segment
    from funnel_people
    inner join target_stays
        on funnel_people.account_id = target_stays.account_id
            and {{ is_on_target_list('target_stays', 'funnel_people.mql_date') }}
    group by funnel_people.person_id

),

sql_tiers as (

    select
        funnel_people.person_id,
        min(target_stays.segment) as target_segment
    from funnel_people
    inner join target_stays
        on funnel_people.account_id = target_stays.account_id
            and {{ is_on_target_list('target_stays', 'funnel_people.sql_date') }}
    group by funnel_people.person_id

),

final as (

    select
        funnel_people.person_id,
        funnel_people.person_type,
        funnel_people.account_id,
        funnel_people.mql_date,
        case
            when funnel_people.account_id is not null and funnel_people.mql_date is not null
                then coalesce(mql_tiers.target_segment, 'non_target')
        end as mql_segment,
        funnel_people.sql_date,
        case
            when funnel_people.account_id is not null and funnel_people.sql_date is not null
                then coalesce(sql_tiers.target_segment, 'non_target')
        end as sql_segment
    from funnel_people
    left join mql_tiers
        on funnel_people.person_id = mql_tiers.person_id
    left join sql_tiers
        on funnel_people.person_id = sql_tiers.person_id

)

select * from final
