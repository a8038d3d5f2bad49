{{ base_extract('crm', 'contact') }}
