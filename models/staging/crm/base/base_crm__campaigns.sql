{{ base_extract('crm', 'campaign') }}
