{{ base_extract('crm', 'opportunity_history') }}
