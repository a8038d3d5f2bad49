{#- ICP fit of every kept CRM account (docs/kpi_catalogue.md, shared definitions "ICP fit"), from the
    icp_criteria seed (one row per criterion: attribute, operator, values, min_value,
    max_value, weight):
      operator 'in'      met when the attribute equals one of the '|'-separated values
                         (case-insensitive);
      operator 'not_in'  met when the attribute is present and equals none of them;
      operator 'between' met when min_value <= attribute <= max_value (a blank bound is open);
    an absent attribute (null) never meets a criterion; an unknown operator meets nothing
    (test assert_icp_criteria_are_evaluable). Attributes: industry, billing_country,
    account_type, website_domain (text); number_of_employees, annual_revenue (numbers).
      icp_fit_score = Σ weights of the criteria met / Σ weights of all criteria, unrounded;
      is_icp_fit    = icp_fit_score >= var icp_fit_threshold (default 0.7), decided exactly on
                      the decimal weights (Σ met >= threshold × Σ all), so weights 0.3 + 0.2 + 0.2
                      reach a 0.7 threshold whatever float arithmetic would make of them. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

icp_criteria as (

    select * from {{ ref('icp_criteria') }}

),

criteria_totals as (

    select sum(cast(weight as {{ type_decimal(18, 6) }})) as total_weight
    from icp_criteria

),

account_criteria as (

    select
        accounts.account_id,
        icp_criteria.criterion_id,
        icp_criteria.operator,
        cast(icp_criteria.weight as {{ type_decimal(18, 6) }}) as weight,
        lower(icp_criteria.{{ adapter.quote('values') }}) as criterion_values,
        cast(icp_criteria.min_value as {{ type_double() }}) as min_value,
        cast(icp_criteria.max_value as {{ type_double() }}) as max_value,
        lower(
            case icp_criteria.attribute
                when 'industry' then accounts.industry
                when 'billing_country' then accounts.billing_country
                when 'account_type' then accounts.account_type
                when 'website_domain' then accounts.website_domain
            end
        ) as text_value,
        case icp_criteria.attribute
            when 'number_of_employees' then cast(accounts.number_of_employees as {{ type_double() }})
            when 'annual_revenue' then cast(accounts.annual_revenue as {{ type_double() }})
        end as number_value
    from accounts
    cross join icp_criteria

),

criteria_evaluated as (

    select
        account_id,
        criterion_id,
        weight,
        case
            when operator = 'in'
                then text_value is not null
                    and {{ dbt.concat(["'|'", 'criterion_values', "'|'"]) }}
                    like {{ dbt.concat(["'%|'", 'text_value', "'|%'"]) }}
            when operator = 'not_in'
                then text_value is not null
                    and not {{ dbt.concat(["'|'", 'criterion_values', "'|'"]) }}
                    like {{ dbt.concat(["'%|'", 'text_value', "'|%'"]) }}
            when operator = 'between'
                then number_value is not null
                    and (min_value is null or number_value >= min_value)
                    and (max_value is null or number_value <= max_value)
            else false
        end as is_met
    from account_criteria

),

accounts_scored as (

    select
        criteria_evaluated.account_id,
        sum(case when criteria_evaluated.is_met then 1 else 0 end) as criteria_met,
        count(*) as criteria_evaluated,
        sum(case when criteria_evaluated.is_met then criteria_evaluated.weight else 0 end) as weight_met
    from criteria_evaluated
    group by criteria_evaluated.account_id

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.website_domain,
        accounts.industry,
        accounts.number_of_employees,
        accounts.annual_revenue,
        accounts.billing_country,
        accounts.account_type,
        accounts.owner_id,
        accounts.created_date,
        cast(coalesce(accounts_scored.criteria_met, 0) as integer) as criteria_met,
        cast(coalesce(accounts_scored.criteria_evaluated, 0) as integer) as criteria_evaluated,
        cast(accounts_scored.weight_met as {{ type_double() }})
        / nullif(cast(criteria_totals.total_weight as {{ type_double() }}), 0) as icp_fit_score,
        coalesce(
            criteria_totals.total_weight > 0
            and accounts_scored.weight_met >= {{ var('icp_fit_threshold') }} * criteria_totals.total_weight,
            false
        ) as is_icp_fit
    {{ pass_through_selected('crm_account_pass_through_columns', 'accounts') }}
    from accounts
    cross join criteria_totals
    left join accounts_scored
        on accounts.account_id = accounts_scored.account_id

)

select * from final
