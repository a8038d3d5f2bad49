{{ base_extract('google_ads', 'account_history') }}
