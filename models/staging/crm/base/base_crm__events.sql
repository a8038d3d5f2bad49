{{ base_extract('crm', 'event') }}
