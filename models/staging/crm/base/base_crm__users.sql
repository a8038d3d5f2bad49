{{ base_extract('crm', 'user') }}
