{#- Per-account data-quality score as of as_of_date (docs/kpi_catalogue.md, phase 1 "account data quality"):
      score = 100 × (0.4 × completeness + 0.3 × validity + 0.3 × freshness), at full precision
    - completeness = fields present / 6, over website, industry, number_of_employees,
      annual_revenue, billing_country, owner_id (an empty or blank text counts as absent);
    - validity = checks passed / checks, one check for the website (it normalizes to a domain)
      plus one per contact of the account (its email is well-formed and its domain equals the
      account's website domain; a contact without an email fails its check);
    - freshness = 1 when last_modified_date (date of last_modified_at) is on or after
      as_of_date − 180 days, else 0 (no last_modified_date → 0).
    The score is computed as one division of two whole numbers,
      score = (40 × fields_present × validity_checks + 30 × checks_passed × fields_checked
               + 30 × freshness × fields_checked × validity_checks)
              / (fields_checked × validity_checks),
    and is_high_quality (score >= 80, docs/kpi_catalogue.md) compares those whole numbers, so a
    score of exactly 80 is high quality and 79.999… never is, whatever the float arithmetic. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

contact_email_checks as (

    select
        contacts.account_id,
        count(*) as contact_checks,
        sum(
            case
                when contacts.email is not null
                    and contacts.email_domain = accounts.website_domain
                    then 1
                else 0
            end
        ) as contact_checks_passed
    from contacts
    inner join accounts
        on contacts.account_id = accounts.account_id
    group by contacts.account_id

),

account_checks as (

    select
        accounts.account_id,
        (
            case when nullif(trim(accounts.website), '') is not null then 1 else 0 end
            + case when nullif(trim(accounts.industry), '') is not null then 1 else 0 end
            + case when accounts.number_of_employees is not null then 1 else 0 end
            + case when accounts.annual_revenue is not null then 1 else 0 end
            + case when nullif(trim(accounts.billing_country), '') is not null then 1 else 0 end
            + case when nullif(trim(accounts.owner_id), '') is not null then 1 else 0 end
        ) as fields_present,
        6 as fields_checked,
        case when accounts.website_domain is not null then 1 else 0 end
        + coalesce(contact_email_checks.contact_checks_passed, 0) as validity_checks_passed,
        1 + coalesce(contact_email_checks.contact_checks, 0) as validity_checks,
        cast(accounts.last_modified_at as date) as last_modified_date,
        case
            when cast(accounts.last_modified_at as date)
                >= {{ dbt.dateadd('day', -180, '(select as_of_date from as_of)') }} then 1
            else 0
        end as is_fresh
    from accounts
    left join contact_email_checks
        on accounts.account_id = contact_email_checks.account_id

),

account_parts as (

    select
        account_id,
        fields_present,
        fields_checked,
        validity_checks_passed,
        validity_checks,
        last_modified_date,
        is_fresh,
        cast(fields_present as {{ type_double() }}) / fields_checked as completeness_score,
        cast(validity_checks_passed as {{ type_double() }}) / validity_checks as validity_score,
        40 * fields_present * validity_checks
        + 30 * validity_checks_passed * fields_checked
        + 30 * is_fresh * fields_checked * validity_checks as score_numerator,
        fields_checked * validity_checks as score_denominator
    from account_checks

),

final as (

    select
        account_id,
        fields_present,
        fields_checked,
        validity_checks_passed,
        validity_checks,
        last_modified_date,
        completeness_score,
        validity_score,
        cast(is_fresh as {{ type_double() }}) as freshness_score,
        cast(score_numerator as {{ type_double() }}) / score_denominator as data_quality_score,
        score_numerator >= 80 * score_denominator as is_high_quality
    from account_parts

)

select * from final
