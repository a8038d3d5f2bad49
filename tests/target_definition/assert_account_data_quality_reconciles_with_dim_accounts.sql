-- kpi_account_data_quality: per segment, accounts and the score total equal what the account
-- dimension says on as_of_date (tiers: accounts on the list; non_target: ICP-fit accounts not
-- on it). Target accounts missing from the CRM (no dimension row) would score 0 in the mart,
-- so the comparison uses the mart's own population for the count. Returns segments that disagree.
with

mart as (

    select * from {{ ref('kpi_account_data_quality') }}

),

dimension as (

    select * from {{ ref('dim_accounts') }}

),

expected as (

    select
        current_segment as segment,
        count(*) as accounts,
        sum(data_quality_score) as total_data_quality_score,
        sum(case when data_quality_score >= 80 then 1 else 0 end) as high_quality_accounts
    from dimension
    where is_target_account or is_icp_fit
    group by current_segment

)

select
    mart.segment,
    mart.accounts,
    expected.accounts as expected_accounts,
    mart.total_data_quality_score,
    expected.total_data_quality_score as expected_total_data_quality_score
from mart
left join expected
    on mart.segment = expected.segment
where mart.accounts <> coalesce(expected.accounts, 0)
    or abs(mart.total_data_quality_score - coalesce(expected.total_data_quality_score, 0)) > 0.001
    or mart.high_quality_accounts <> coalesce(expected.high_quality_accounts, 0)
