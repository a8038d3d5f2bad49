{{ base_extract('crm', 'task') }}
