{#- The MQL and SQL dates of every person (int_people_resolved: contacts and leads, a converted
    lead counted once with its contact, its earliest MQL / SQL date kept), with the person's
    account and that account's segment on each date: the tier of the target-list stay covering
    the date, else non_target. People not resolved to an account are kept with a null account
    and segment (the KPI marts count resolved people only). Dates after as_of_date are ignored.
    The account is the person's account as resolved today (the CRM keeps no history of it). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

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
        case when mql_date <= (select as_of_date from as_of) then mql_date end as mql_date,
        case when sql_date <= (select as_of_date from as_of) then sql_date end as sql_date
    from people
    where (mql_date is not null and mql_date <= (select as_of_date from as_of))
        or (sql_date is not null and sql_date <= (select as_of_date from as_of))

),

mql_segments as (

    {{ segment_on_date('funnel_people', ['person_id'], 'account_id', 'mql_date') }}

),

sql_segments as (

    {{ segment_on_date('funnel_people', ['person_id'], 'account_id', 'sql_date') }}

),

final as (

    select
        funnel_people.person_id,
        funnel_people.person_type,
        funnel_people.account_id,
        funnel_people.mql_date,
        case
            when funnel_people.account_id is not null and funnel_people.mql_date is not null
                then mql_segments.segment
        end as mql_segment,
        funnel_people.sql_date,
        case
            when funnel_people.account_id is not null and funnel_people.sql_date is not null
                then sql_segments.segment
        end as sql_segment
    from funnel_people
    inner join mql_segments
        on funnel_people.person_id = mql_segments.person_id
    inner join sql_segments
        on funnel_people.person_id = sql_segments.person_id

)

select * from final
