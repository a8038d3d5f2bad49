-- The icp_criteria seed can be evaluated by int_accounts_icp_scored: every operator and
-- attribute is one it knows, weights are positive, and a 'between' has at least one bound
-- while an 'in' / 'not_in' has values. Returns the criteria that cannot be evaluated.
select *
from {{ ref('icp_criteria') }}
where operator not in ('in', 'not_in', 'between')
    or attribute not in (
        'industry', 'billing_country', 'account_type', 'website_domain',
        'number_of_employees', 'annual_revenue'
    )
    or attribute is null
    or weight is null
    or weight <= 0
    or (operator = 'between' and min_value is null and max_value is null)
    or (operator in ('in', 'not_in') and {{ adapter.quote('values') }} is null)
    or (
        operator = 'between'
        and attribute not in ('number_of_employees', 'annual_revenue')
    )
    or (
        operator in ('in', 'not_in')
        and attribute in ('number_of_employees', 'annual_revenue')
    )
