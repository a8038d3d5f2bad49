{{ base_extract('google_ads', 'campaign_stats') }}
