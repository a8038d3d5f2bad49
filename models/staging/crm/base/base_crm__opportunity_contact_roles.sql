{{ base_extract('crm', 'opportunity_contact_role') }}
