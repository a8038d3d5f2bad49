{{ base_extract('linkedin_ads', 'member_company_stats') }}
