{{ base_extract('crm', 'account') }}
