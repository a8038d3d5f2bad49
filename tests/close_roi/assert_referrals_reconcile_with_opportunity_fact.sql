-- Σ referral_opportunities = New Business opportunities of the fact whose lead source maps to
-- the referral channel, created in a month of the calendar.
with

referrals as (

    select sum(referral_opportunities) as referral_opportunities
    from {{ ref('kpi_referrals_advocacy') }}

),

fact as (

    select count(*) as referral_opportunities
    from {{ ref('fct_opportunities') }} as opportunities
    inner join {{ ref('lead_source_channels') }} as lead_source_channels
        on opportunities.lead_source = lead_source_channels.lead_source
    inner join {{ ref('int_calendar_months') }} as months
        on opportunities.created_month_start_date = months.month_start_date
    where lead_source_channels.channel = 'referral'
        and opportunities.opportunity_type = 'New Business'

)

select *
from referrals
cross join fact
where referrals.referral_opportunities <> fact.referral_opportunities
