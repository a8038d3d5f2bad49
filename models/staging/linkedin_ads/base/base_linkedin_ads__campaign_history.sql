{{ base_extract('linkedin_ads', 'campaign_history') }}
