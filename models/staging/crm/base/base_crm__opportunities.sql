{{ base_extract('crm', 'opportunity') }}
