{#- The account of a domain (docs/kpi_catalogue.md, shared definitions): the CRM account whose website
    normalizes to the domain; where several accounts share it, the one with the most contacts,
    then the oldest (earliest created_at), then the smallest account_id so the choice never
    depends on row order. Personal email domains (seed) never identify an account. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

personal_email_domains as (

    select * from {{ ref('personal_email_domains') }}

),

contacts_per_account as (

    select
        account_id,
        count(*) as contact_count
    from contacts
    where account_id is not null
    group by account_id

),

candidate_accounts as (

    select
        accounts.website_domain as domain,
        accounts.account_id,
        coalesce(contacts_per_account.contact_count, 0) as contact_count,
        accounts.created_at as account_created_at
    from accounts
    left join contacts_per_account
        on accounts.account_id = contacts_per_account.account_id
    left join personal_email_domains
        on accounts.website_domain = personal_email_domains.domain
    where accounts.website_domain is not null
        and personal_email_domains.domain is null

),

candidates_ranked as (

    select
        domain,
        account_id,
        contact_count,
        account_created_at,
        count(*) over (partition by domain) as candidate_account_count,
        row_number() over (
            partition by domain
            order by contact_count desc, account_created_at asc, account_id asc
        ) as candidate_rank
    from candidate_accounts

),

final as (

    select
        domain,
        account_id,
        candidate_account_count,
        contact_count,
        account_created_at,
        candidate_account_count > 1 as is_shared_domain
    from candidates_ranked
    where candidate_rank = 1

)

select * from final
